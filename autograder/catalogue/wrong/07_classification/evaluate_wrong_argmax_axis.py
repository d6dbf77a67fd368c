# cell: evaluate
# why: the predictions are taken over the batch axis instead of the classes
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
            correct += (out.logits.argmax(dim=0) == batch["labels"]).sum().item()
            count += size
    model.train(was_training)
    if count == 0:
        raise ValueError("evaluate got no examples.")
    return {"accuracy": correct / count, "loss": loss_sum / count}
