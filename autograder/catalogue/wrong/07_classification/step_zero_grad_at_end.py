# cell: train_step
# why: the gradients are cleared after the step instead of before: left-over gradients leak into the first step
def train_step(model, batch, optimizer, scheduler=None, max_grad_norm=1.0):
    """One training step on one batch (with gradient clipping); returns the batch's loss as a float."""
    model.train()
    device = next(model.parameters()).device
    batch = {key: value.to(device) for key, value in batch.items()}
    loss = model(**batch).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
    optimizer.step()
    if scheduler is not None:
        scheduler.step()
    optimizer.zero_grad()
    return loss.item()
