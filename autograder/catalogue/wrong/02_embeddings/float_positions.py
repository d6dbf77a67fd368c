# cell: make_position_ids
# why: positions made as floats (torch.arange with a float dtype), but nn.Embedding needs integer indices
def make_position_ids(input_ids):
    """[B, T] token ids -> [B, T] int64 positions, each row 0, 1, ..., T-1."""
    batch_size, seq_len = input_ids.shape
    return torch.arange(seq_len, dtype=torch.float32).unsqueeze(0).expand(batch_size, seq_len)
