# cell: linear_warmup_decay
# why: cosine decay after the warm-up instead of linear
def linear_warmup_decay(step, warmup_steps, total_steps):
    """The learning-rate factor at `step`: linear from 0 to 1 over the warm-up, then linear down to 0 at total_steps."""
    if total_steps < 1 or not 0 <= warmup_steps <= total_steps:
        raise ValueError(f"need total_steps >= 1 and 0 <= warmup_steps <= total_steps, got warmup_steps="
                         f"{warmup_steps}, total_steps={total_steps}.")
    if step < warmup_steps:
        return step / warmup_steps
    import math
    progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return 0.5 * (1 + math.cos(math.pi * progress))
