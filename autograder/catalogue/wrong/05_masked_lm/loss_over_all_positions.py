# cell: mlm_loss
# why: the loss is summed over the labelled positions but divided by all B*T positions
def mlm_loss(logits, labels):
    """Mean cross-entropy of logits [B, T, V] against labels [B, T] over the positions whose label is not -100."""
    labelled = labels != -100
    per_token = F.cross_entropy(logits.flatten(0, 1), labels.flatten(), reduction="none")
    return per_token.sum() / labels.numel()
