# cell: evaluate
# why: no examples give accuracy 0 (a division guarded) instead of a ValueError
def evaluate(model, batches):
    """Accuracy and mean loss per example over batches, in eval mode without gradients; the model's mode restored."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    correct, loss_sum, count = 0, 0.0, 0
    with torch.no_grad():
        for batch in batches:
            batch = {key: value.to(device) for key, value in batch.items()}
            out = model(**batch)
            size = len(batch["labels"])
            loss_sum += out.loss.item() * size  # the batch's mean loss, weighted by its size
            correct += (out.logits.argmax(dim=-1) == batch["labels"]).sum().item()
            count += size
    model.train(was_training)
    count = max(count, 1)
    return {"accuracy": correct / count, "loss": loss_sum / count}
