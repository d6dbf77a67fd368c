# cell: make_optimizer
# why: frozen parameters are given to the optimizer too
def make_optimizer(model, lr, weight_decay=0.01):
    """AdamW over the trainable parameters: weight decay on matrices (dim >= 2), none on biases and LayerNorm."""
    trainable = list(model.parameters())
    if not trainable:
        raise ValueError("the model has no trainable parameter: nothing for the optimizer to change.")
    matrices = [p for p in trainable if p.dim() >= 2]
    others = [p for p in trainable if p.dim() < 2]
    return torch.optim.AdamW([{"params": matrices, "weight_decay": weight_decay},
                              {"params": others, "weight_decay": 0.0}], lr=lr)
