# cell: freeze_encoder
# why: count_parameters sums over the state_dict, so a tied weight counts twice
def count_parameters(model, trainable_only=False):
    """The number of values in the model's parameters (only those with requires_grad, if trainable_only)."""
    return sum(p.numel() for name, p in model.state_dict(keep_vars=True).items() if p.requires_grad or not trainable_only)


def freeze_encoder(model):
    """Freeze model.bert (embeddings, layers, pooler); return the number of trainable parameters left."""
    for p in model.bert.parameters():
        p.requires_grad_(False)
    return count_parameters(model, trainable_only=True)
