# cell: truncate_pair
# why: tokens are removed from the front of the longer segment instead of its end
def truncate_pair(tokens_a, tokens_b, max_tokens):
    """Cut two segments to at most max_tokens together: drop the last token of the longer one (B on a tie)."""
    tokens_a, tokens_b = list(tokens_a), list(tokens_b)
    while len(tokens_a) + len(tokens_b) > max_tokens:
        longer = tokens_a if len(tokens_a) > len(tokens_b) else tokens_b
        longer.pop(0)
    return tokens_a, tokens_b
