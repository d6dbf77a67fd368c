# cell: truncate_pair
# why: only segment B is cut (A only once B is empty), whichever segment is longer
def truncate_pair(tokens_a, tokens_b, max_tokens):
    """Cut two segments to at most max_tokens together: drop the last token of the longer one (B on a tie)."""
    tokens_a, tokens_b = list(tokens_a), list(tokens_b)
    while len(tokens_a) + len(tokens_b) > max_tokens:
        (tokens_b if tokens_b else tokens_a).pop()
    return tokens_a, tokens_b
