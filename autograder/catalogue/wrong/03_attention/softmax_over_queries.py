# cell: scaled_dot_product_attention
# why: softmax over the query axis (dim=-2) instead of the key axis (dim=-1)
def scaled_dot_product_attention(query, key, value, attention_mask=None, dropout=None):
    """softmax(Q K^T / sqrt(d)) V with padded keys masked out. Returns (context [B, h, T, d], probs [B, h, T, T])."""
    d = query.shape[-1]
    scores = query @ key.transpose(-2, -1) / math.sqrt(d)  # [B, h, T, T]
    if attention_mask is not None:
        keep = attention_mask[:, None, None, :].to(scores.dtype)  # [B, 1, 1, T]
        scores = scores + (1.0 - keep) * torch.finfo(scores.dtype).min
    probs = scores.softmax(dim=-2)
    weights = probs if dropout is None else dropout(probs)
    return weights @ value, probs
