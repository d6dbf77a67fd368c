# cell: truncate_pair
# why: cuts while the total is >= max_tokens, so one token too many goes
def truncate_pair(tokens_a, tokens_b, max_tokens):
    """Cut two segments to at most max_tokens together: drop the last token of the longer one (B on a tie)."""
    tokens_a, tokens_b = list(tokens_a), list(tokens_b)
    while tokens_a + tokens_b and len(tokens_a) + len(tokens_b) >= max_tokens:
        longer = tokens_a if len(tokens_a) > len(tokens_b) else tokens_b
        longer.pop()
    return tokens_a, tokens_b
