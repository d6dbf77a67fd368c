# cell: make_position_ids
# why: positions counted from 1 instead of 0 (the first token would use the second row of the table)
def make_position_ids(input_ids):
    """[B, T] token ids -> [B, T] int64 positions, each row 0, 1, ..., T-1."""
    batch_size, seq_len = input_ids.shape
    return torch.arange(1, seq_len + 1).unsqueeze(0).expand(batch_size, seq_len)
