# cell: mlm_loss
# why: no special case for a batch without labelled positions: the mean over nothing is NaN
def mlm_loss(logits, labels):
    """Mean cross-entropy of logits [B, T, V] against labels [B, T] over the positions whose label is not -100."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
