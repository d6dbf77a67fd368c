# cell: make_position_ids
# why: numbers the sequences of the batch (dimension 0) instead of the tokens (dimension 1)
def make_position_ids(input_ids):
    """[B, T] token ids -> [B, T] int64 positions, each row 0, 1, ..., T-1."""
    batch_size, seq_len = input_ids.shape
    return torch.arange(batch_size).unsqueeze(1).expand(batch_size, seq_len)
