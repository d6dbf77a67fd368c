# cell: make_nsp_pairs
# why: the draws use the global random module, so the seed does not make the pairs reproducible
def make_nsp_pairs(documents, num_pairs, seed=0):
    """Documents (lists of sentences) -> num_pairs tuples (sentence_a, sentence_b, is_next), half of them IsNext."""
    with_next = [d for d, doc in enumerate(documents) if len(doc) >= 2]
    nonempty = [d for d, doc in enumerate(documents) if len(doc) >= 1]
    if not with_next or len(nonempty) < 2:
        raise ValueError("no pair of both kinds possible")
    pairs = []
    for _ in range(num_pairs):
        d = random.choice(with_next)
        i = random.randrange(len(documents[d]) - 1)
        if random.random() < 0.5:
            pairs.append((documents[d][i], documents[d][i + 1], True))
        else:
            other = random.choice([e for e in nonempty if e != d])
            pairs.append((documents[d][i], random.choice(documents[other]), False))
    return pairs
