# cell: scaled_dot_product_attention
# why: the padding mask is applied along the query axis (rows) instead of the key axis (columns)
def scaled_dot_product_attention(query, key, value, attention_mask=None, dropout=None):
    """softmax(Q K^T / sqrt(d)) V with padded keys masked out. Returns (context [B, h, T, d], probs [B, h, T, T])."""
    d = query.shape[-1]
    scores = query @ key.transpose(-2, -1) / math.sqrt(d)  # [B, h, T, T]
    if attention_mask is not None:
        keep = attention_mask[:, None, :, None].to(scores.dtype)  # [B, 1, T, 1]: wrong axis
        scores = scores + (1.0 - keep) * torch.finfo(scores.dtype).min
    probs = scores.softmax(dim=-1)
    weights = probs if dropout is None else dropout(probs)
    return weights @ value, probs
