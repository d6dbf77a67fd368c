# cell: scaled_dot_product_attention
# why: multiplies the scores by the mask: a padded key gets score 0, not probability 0
def scaled_dot_product_attention(query, key, value, attention_mask=None, dropout=None):
    """softmax(Q K^T / sqrt(d)) V with padded keys masked out. Returns (context [B, h, T, d], probs [B, h, T, T])."""
    d = query.shape[-1]
    scores = query @ key.transpose(-2, -1) / math.sqrt(d)  # [B, h, T, T]
    if attention_mask is not None:
        keep = attention_mask[:, None, None, :].to(scores.dtype)  # [B, 1, 1, T]
        scores = scores * keep
    probs = scores.softmax(dim=-1)
    weights = probs if dropout is None else dropout(probs)
    return weights @ value, probs
