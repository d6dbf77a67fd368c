# cell: make_position_ids
# why: counts only non-padding tokens (id 0 gets position 0), but BERT gives every token, padding included, its index
def make_position_ids(input_ids):
    """[B, T] token ids -> [B, T] int64 positions, each row 0, 1, ..., T-1."""
    real = (input_ids != 0).long()
    return (real.cumsum(dim=1) - 1).clamp(min=0) * real
