# cell: make_optimizer
# why: weight decay on every parameter, biases and LayerNorm included
def make_optimizer(model, lr, weight_decay=0.01):
    """AdamW over the trainable parameters: weight decay on matrices (dim >= 2), none on biases and LayerNorm."""
    trainable = [p for p in model.parameters() if p.requires_grad]
    if not trainable:
        raise ValueError("the model has no trainable parameter: nothing for the optimizer to change.")
    matrices = [p for p in trainable if p.dim() >= 2]
    others = [p for p in trainable if p.dim() < 2]
    return torch.optim.AdamW([{"params": matrices, "weight_decay": weight_decay},
                              {"params": others, "weight_decay": weight_decay}], lr=lr)
