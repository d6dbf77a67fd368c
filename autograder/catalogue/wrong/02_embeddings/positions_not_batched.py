# cell: make_position_ids
# why: returns one row of positions of shape [T] instead of [B, T]
def make_position_ids(input_ids):
    """[B, T] token ids -> [B, T] int64 positions, each row 0, 1, ..., T-1."""
    return torch.arange(input_ids.shape[1])
