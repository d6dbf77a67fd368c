# cell: linear_warmup_decay
# why: impossible settings (warm-up longer than training) are not refused
def linear_warmup_decay(step, warmup_steps, total_steps):
    """The learning-rate factor at `step`: linear from 0 to 1 over the warm-up, then linear down to 0 at total_steps."""
    if step < warmup_steps:
        return step / warmup_steps
    return max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))
