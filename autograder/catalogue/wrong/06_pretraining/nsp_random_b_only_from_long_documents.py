# cell: make_nsp_pairs
# why: NotNext sentences come only from documents with two or more sentences; one-sentence documents never give B
def make_nsp_pairs(documents, num_pairs, seed=0):
    """Documents (lists of sentences) -> num_pairs tuples (sentence_a, sentence_b, is_next), half of them IsNext."""
    rng = random.Random(seed)
    with_next = [d for d, doc in enumerate(documents) if len(doc) >= 2]
    if len(with_next) < 2:
        raise ValueError("no pair of both kinds possible")
    pairs = []
    for _ in range(num_pairs):
        d = rng.choice(with_next)
        i = rng.randrange(len(documents[d]) - 1)
        if rng.random() < 0.5:
            pairs.append((documents[d][i], documents[d][i + 1], True))
        else:
            other = rng.choice([e for e in with_next if e != d])
            pairs.append((documents[d][i], rng.choice(documents[other]), False))
    return pairs
