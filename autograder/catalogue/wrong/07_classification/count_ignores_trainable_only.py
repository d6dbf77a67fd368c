# cell: freeze_encoder
# why: count_parameters counts every parameter even with trainable_only=True
def count_parameters(model, trainable_only=False):
    """The number of values in the model's parameters (only those with requires_grad, if trainable_only)."""
    return sum(p.numel() for p in model.parameters() )


def freeze_encoder(model):
    """Freeze model.bert (embeddings, layers, pooler); return the number of trainable parameters left."""
    for p in model.bert.parameters():
        p.requires_grad_(False)
    return count_parameters(model, trainable_only=True)
