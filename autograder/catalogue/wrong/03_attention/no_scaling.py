# cell: scaled_dot_product_attention
# why: scores not divided by sqrt(d): the softmax gets too peaked as d grows
def scaled_dot_product_attention(query, key, value, attention_mask=None, dropout=None):
    """softmax(Q K^T / sqrt(d)) V with padded keys masked out. Returns (context [B, h, T, d], probs [B, h, T, T])."""
    d = query.shape[-1]
    scores = query @ key.transpose(-2, -1)  # [B, h, T, T]
    if attention_mask is not None:
        keep = attention_mask[:, None, None, :].to(scores.dtype)  # [B, 1, 1, T]
        scores = scores + (1.0 - keep) * torch.finfo(scores.dtype).min
    probs = scores.softmax(dim=-1)
    weights = probs if dropout is None else dropout(probs)
    return weights @ value, probs
