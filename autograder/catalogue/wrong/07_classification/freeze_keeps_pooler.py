# cell: freeze_encoder
# why: freeze_encoder leaves the pooler trainable
def count_parameters(model, trainable_only=False):
    """The number of values in the model's parameters (only those with requires_grad, if trainable_only)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def freeze_encoder(model):
    """Freeze model.bert (embeddings, layers, pooler); return the number of trainable parameters left."""
    for p in model.bert.parameters():
        p.requires_grad_(False)
    for p in model.bert.pooler.parameters():
        p.requires_grad_(True)
    return count_parameters(model, trainable_only=True)
