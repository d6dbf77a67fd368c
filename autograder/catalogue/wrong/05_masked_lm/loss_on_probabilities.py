# cell: mlm_loss
# why: softmax applied before cross_entropy (which applies log-softmax itself)
def mlm_loss(logits, labels):
    """Mean cross-entropy of logits [B, T, V] against labels [B, T] over the positions whose label is not -100."""
    labelled = labels != -100
    if not labelled.any():
        return logits.sum() * 0.0
    return F.cross_entropy(logits[labelled].softmax(-1), labels[labelled])
