# cell: make_optimizer
# why: only parameters named *bias are spared: LayerNorm weights are decayed
def make_optimizer(model, lr, weight_decay=0.01):
    """AdamW over the trainable parameters: weight decay on matrices (dim >= 2), none on biases and LayerNorm."""
    trainable = [p for p in model.parameters() if p.requires_grad]
    if not trainable:
        raise ValueError("the model has no trainable parameter: nothing for the optimizer to change.")
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    matrices = [p for n, p in named if not n.endswith("bias")]
    others = [p for n, p in named if n.endswith("bias")]
    return torch.optim.AdamW([{"params": matrices, "weight_decay": weight_decay},
                              {"params": others, "weight_decay": 0.0}], lr=lr)
