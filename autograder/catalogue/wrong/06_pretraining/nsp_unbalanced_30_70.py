# cell: make_nsp_pairs
# why: only 30 % of the pairs are IsNext (the coin compares with 0.3 instead of 0.5)
def make_nsp_pairs(documents, num_pairs, seed=0):
    """Documents (lists of sentences) -> num_pairs tuples (sentence_a, sentence_b, is_next), half of them IsNext."""
    rng = random.Random(seed)
    with_next = [d for d, doc in enumerate(documents) if len(doc) >= 2]
    nonempty = [d for d, doc in enumerate(documents) if len(doc) >= 1]
    if not with_next or len(nonempty) < 2:
        raise ValueError("no pair of both kinds possible")
    pairs = []
    for _ in range(num_pairs):
        d = rng.choice(with_next)
        i = rng.randrange(len(documents[d]) - 1)
        if rng.random() < 0.3:
            pairs.append((documents[d][i], documents[d][i + 1], True))
        else:
            other = rng.choice([e for e in nonempty if e != d])
            pairs.append((documents[d][i], rng.choice(documents[other]), False))
    return pairs
