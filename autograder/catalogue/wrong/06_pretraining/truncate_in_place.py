# cell: truncate_pair
# why: the caller's lists are cut in place (pop on the inputs) instead of on copies
def truncate_pair(tokens_a, tokens_b, max_tokens):
    """Cut two segments to at most max_tokens together: drop the last token of the longer one (B on a tie)."""
    while len(tokens_a) + len(tokens_b) > max_tokens:
        longer = tokens_a if len(tokens_a) > len(tokens_b) else tokens_b
        longer.pop()
    return tokens_a, tokens_b
