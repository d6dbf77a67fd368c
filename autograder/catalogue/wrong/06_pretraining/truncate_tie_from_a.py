# cell: truncate_pair
# why: on a tie the last token of A is removed instead of B's (>= instead of >)
def truncate_pair(tokens_a, tokens_b, max_tokens):
    """Cut two segments to at most max_tokens together: drop the last token of the longer one (B on a tie)."""
    tokens_a, tokens_b = list(tokens_a), list(tokens_b)
    while len(tokens_a) + len(tokens_b) > max_tokens:
        longer = tokens_a if len(tokens_a) >= len(tokens_b) else tokens_b
        longer.pop()
    return tokens_a, tokens_b
