# cell: mlm_loss
# why: -100 labels replaced by token 0 and counted, instead of ignored
def mlm_loss(logits, labels):
    """Mean cross-entropy of logits [B, T, V] against labels [B, T] over the positions whose label is not -100."""
    targets = labels.clamp(min=0)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
