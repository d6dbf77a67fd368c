# cell: truncate_pair
# why: the whole excess is cut from the segment that is longer at the start, not one token at a time
def truncate_pair(tokens_a, tokens_b, max_tokens):
    """Cut two segments to at most max_tokens together: drop the last token of the longer one (B on a tie)."""
    excess = len(tokens_a) + len(tokens_b) - max_tokens
    if excess <= 0:
        return list(tokens_a), list(tokens_b)
    if len(tokens_a) > len(tokens_b):
        return list(tokens_a[:max(0, len(tokens_a) - excess)]), list(tokens_b)
    return list(tokens_a), list(tokens_b[:max(0, len(tokens_b) - excess)])
