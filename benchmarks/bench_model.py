"""Forward-pass speed: the course's reference BertModel against transformers.BertModel, same weights.

    .venv/bin/python benchmarks/bench_model.py [--batch 32] [--length 128] [--repeats 30] [--threads N]

The reference runs as `BertModel` does by default: without attention maps, through PyTorch's fused
attention (chapter 03, `output_attentions=False`); it is also timed building the maps. All models get the
packaged checkpoint's weights and the same batch (random token ids, two segments, no padding), run under
torch.inference_mode with the same thread count. After a warm-up the models take turns, one forward pass
each per round, in an order shuffled every round: what runs just before a model (the attention maps'
run frees a few hundred MB, say) then hits every model alike, as does load from other processes.
Prints the median and the spread of each, and the ratio of the reference's time to the library's (below
1: faster): one ratio per round, their median and a 95 % bootstrap interval for that median.
"""
import argparse
import random
import statistics
import time

import torch

from bertcourse.checkpoint import load_hf_model


def make_batch(batch_size, length, vocab_size, seed=0):
    generator = torch.Generator().manual_seed(seed)
    input_ids = torch.randint(1000, vocab_size, (batch_size, length), generator=generator)
    input_ids[:, 0] = 101  # [CLS]
    token_type_ids = (torch.arange(length) >= length // 2).long().expand(batch_size, length)  # two segments
    attention_mask = torch.ones(batch_size, length, dtype=torch.long)
    return input_ids, attention_mask, token_type_ids


def bootstrap_interval(values, level=0.95, resamples=10_000, seed=0):
    """A percentile bootstrap interval for the median of `values`: where the median of a same-sized sample
    drawn (with replacement) from them falls, `level` of the time."""
    draw = random.Random(seed)
    medians = sorted(statistics.median(draw.choices(values, k=len(values))) for _ in range(resamples))
    tail = (1 - level) / 2
    return medians[int(tail * resamples)], medians[int((1 - tail) * resamples) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    from bertcourse.reference import BertModel

    library = load_hf_model().eval()  # transformers' default attention ("sdpa")
    eager = load_hf_model(attn_implementation="eager").eval()
    reference = BertModel(library.config).eval()
    reference.load_state_dict(library.state_dict(), strict=True)
    input_ids, attention_mask, token_type_ids = make_batch(args.batch, args.length, library.config.vocab_size)

    contenders = {
        "reference BertModel": lambda: reference(input_ids, attention_mask, token_type_ids).last_hidden_state,  # fused attention (no maps)
        f"transformers ({library.config._attn_implementation})":
            lambda: library(input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state,
        "transformers (eager)":
            lambda: eager(input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state,
        "reference, attention maps":  # chapter 03's explicit attention, as when the maps are plotted
            lambda: reference(input_ids, attention_mask, token_type_ids, output_attentions=True).last_hidden_state,
    }
    times = {name: [] for name in contenders}
    with torch.inference_mode():
        outputs = {name: run() for name, run in contenders.items()}
        first = next(iter(outputs.values()))
        worst = max((out - first).abs().max().item() for out in outputs.values())
        for _ in range(args.warmup):
            for run in contenders.values():
                run()
        order = list(contenders)
        shuffle = random.Random(0)
        for _ in range(args.repeats):
            shuffle.shuffle(order)
            for name in order:
                start = time.perf_counter()
                contenders[name]()
                times[name].append(time.perf_counter() - start)

    print(f"BertModel forward, packaged checkpoint ({library.config.num_hidden_layers} layers, hidden "
          f"{library.config.hidden_size}), batch {args.batch} x {args.length} tokens, {args.threads} threads, "
          f"torch {torch.__version__}, {args.repeats} timed rounds after {args.warmup} warm-up")
    print(f"largest difference between the outputs: {worst:.2g}")
    print(f"{'':28s} {'median':>9s} {'min':>9s} {'max':>9s}")
    for name, values in times.items():
        print(f"{name:28s} {statistics.median(values):8.3f}s {min(values):8.3f}s {max(values):8.3f}s")
    ours = times["reference BertModel"]
    for name, values in times.items():
        if not name.startswith("transformers"):
            continue
        paired = [a / b for a, b in zip(ours, values)]  # one ratio per round: both ran back to back
        low, high = bootstrap_interval(paired)
        faster = sum(r < 1 for r in paired)
        print(f"reference / {name}: per round: median {statistics.median(paired):.3f} (95 % interval "
              f"{low:.3f}-{high:.3f}), reference faster in {faster} of {len(paired)} rounds; "
              f"ratio of the medians {statistics.median(ours) / statistics.median(values):.3f}, "
              f"of the fastest runs {min(ours) / min(values):.3f}")


if __name__ == "__main__":
    main()
