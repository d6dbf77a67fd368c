# cell: mlm_loss
# why: the loss is the sum over the labelled positions instead of their mean
def mlm_loss(logits, labels):
    """Mean cross-entropy of logits [B, T, V] against labels [B, T] over the positions whose label is not -100."""
    labelled = labels != -100
    if not labelled.any():
        return logits.sum() * 0.0
    return F.cross_entropy(logits[labelled], labels[labelled], reduction="sum")
