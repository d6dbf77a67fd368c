"""Pictures and a widget for masked language modeling (chapter 05): what masking does to a sentence.

    from bertcourse import widgets_mlm
    masker = widgets_mlm.library_masker(tokenizer, seed=0)         # transformers' masking, seeded
    widgets_mlm.masking_viewer("The cat sat on the mat.", tokenizer, masker)   # button "draw again"
    widgets_mlm.draws_figure("The cat sat on the mat.", tokenizer, masker, draws=6)
    widgets_mlm.outcome_counts(input_ids, special_tokens_mask, masker, mask_token_id=103)

A *masker* is any function `masker(input_ids [B, T], special_tokens_mask [B, T]) -> (masked_ids, labels)`
that draws a fresh masking each time it is called: the library's (`library_masker`) or the learner's own
`mask_tokens` with a generator bound to it. Every outcome of a position is one of `OUTCOMES`.
"""
import html

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Patch, Rectangle

OUTCOMES = ("not chosen", "[MASK]", "random", "unchanged")
COLOURS = {"not chosen": "#eeeeee", "[MASK]": "#e4572e", "random": "#f3a712", "unchanged": "#4daa57"}


def library_masker(tokenizer, mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1, seed=0):
    """transformers' `DataCollatorForLanguageModeling` as a masker, with its own seeded generator."""
    from transformers import DataCollatorForLanguageModeling

    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=mlm_probability,
                                               mask_replace_prob=mask_replace_prob,
                                               random_replace_prob=random_replace_prob, seed=seed,
                                               return_tensors="pt")

    def masker(input_ids, special_tokens_mask):
        rows = [{"input_ids": ids, "special_tokens_mask": special}
                for ids, special in zip(input_ids.tolist(), special_tokens_mask.tolist())]
        batch = collator(rows)
        return batch["input_ids"], batch["labels"]

    return masker


def outcomes(input_ids, masked_ids, labels, mask_token_id):
    """[B, T] tensor of indices into OUTCOMES: what happened to each position."""
    chosen = labels != -100
    result = torch.zeros_like(input_ids)  # 0: not chosen
    result[chosen & (masked_ids == mask_token_id)] = 1
    result[chosen & (masked_ids != mask_token_id) & (masked_ids != input_ids)] = 2
    result[chosen & (masked_ids == input_ids)] = 3
    return result


def _encode(text, tokenizer):
    encoding = tokenizer(text, return_special_tokens_mask=True, return_tensors="pt")
    return encoding["input_ids"], encoding["special_tokens_mask"]


def _draw(text, tokenizer, masker):
    """One masking of `text`: (tokens before, tokens after, outcome names)."""
    input_ids, special = _encode(text, tokenizer)
    masked, labels = masker(input_ids, special)
    kinds = outcomes(input_ids, masked, labels, tokenizer.mask_token_id)[0].tolist()
    before = tokenizer.convert_ids_to_tokens(input_ids[0].tolist())
    after = tokenizer.convert_ids_to_tokens(masked[0].tolist())
    return before, after, [OUTCOMES[k] for k in kinds]


def _html(before, after, kinds, draw_number):
    """A two-row table: the sentence before and after masking, each position coloured by its outcome."""
    cell = "padding:3px 6px;border:1px solid #ccc;font-family:monospace;text-align:center"
    top = "".join(f"<td style='{cell}'>{html.escape(token)}</td>" for token in before)
    bottom = "".join(f"<td style='{cell};background:{COLOURS[kind]}' title='{kind}'>{html.escape(token)}</td>"
                     for token, kind in zip(after, kinds))
    legend = " ".join(f"<span style='background:{COLOURS[k]};padding:1px 6px'>{k}</span>" for k in OUTCOMES)
    chosen = sum(kind != "not chosen" for kind in kinds)
    return (f"<div><b>draw {draw_number}</b>: {chosen} of {len(kinds)} positions chosen &nbsp; {legend}</div>"
            f"<table style='border-collapse:collapse;margin-top:4px'>"
            f"<tr><th style='{cell}'>before</th>{top}</tr><tr><th style='{cell}'>after</th>{bottom}</tr></table>")


def masking_viewer(text, tokenizer, masker):
    """Display a widget: the sentence before and after masking, and a button "draw again" for a new draw.

    Returns the widget (an ipywidgets VBox). Headless runs display its first draw as HTML too; use
    `draws_figure` for a picture of several draws.
    """
    import ipywidgets as widgets
    from IPython.display import display

    view = widgets.HTML()
    button = widgets.Button(description="draw again", icon="refresh")
    count = {"draws": 0}

    def draw(_=None):
        count["draws"] += 1
        view.value = _html(*_draw(text, tokenizer, masker), count["draws"])

    button.on_click(draw)
    draw()
    box = widgets.VBox([button, view])
    display(box)
    return box


def draws_figure(text, tokenizer, masker, draws=6, ax=None):
    """A static picture of several draws: one row per draw, one column per token, coloured by outcome."""
    rows = [_draw(text, tokenizer, masker) for _ in range(draws)]
    before = rows[0][0]
    width = len(before)
    if ax is None:
        _, ax = plt.subplots(figsize=(min(16, 1.2 + 0.95 * width), 0.9 + 0.42 * (draws + 1)))
    lines = [(before, ["not chosen"] * width, "sentence")] + [(after, kinds, f"draw {i + 1}")
                                                             for i, (_, after, kinds) in enumerate(rows)]
    for r, (tokens, kinds, _) in enumerate(lines):
        for c, (token, kind) in enumerate(zip(tokens, kinds)):
            face = "white" if r == 0 else COLOURS[kind]
            ax.add_patch(Rectangle((c, -r - 1), 1, 1, facecolor=face, edgecolor="#999999"))
            shown = token if len(token) <= 9 else token[:8] + "…"
            ax.text(c + 0.5, -r - 0.5, shown, ha="center", va="center", fontsize=9, family="monospace",
                    fontweight="bold" if r == 0 else "normal")
    ax.set_xlim(0, width)
    ax.set_ylim(-len(lines), 0)
    ax.set_yticks([-r - 0.5 for r in range(len(lines))], labels=[name for _, _, name in lines])
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(facecolor=COLOURS[k], edgecolor="#999999", label=k) for k in OUTCOMES],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False)
    ax.set_title(f"{draws} draws of the masking of one sentence")
    return ax


def outcome_counts(input_ids, special_tokens_mask, masker, mask_token_id, pad_token_id=0):
    """Mask a batch once; return {outcome: fraction of the candidate tokens} (candidates: not special, not padding)."""
    masked, labels = masker(input_ids, special_tokens_mask)
    kinds = outcomes(input_ids, masked, labels, mask_token_id)
    candidates = ~special_tokens_mask.bool() & (input_ids != pad_token_id)
    total = int(candidates.sum())
    return {name: int(((kinds == k) & candidates).sum()) / total for k, name in enumerate(OUTCOMES)}


def outcome_bars(measured, expected, ax=None, title="What the masking did to the tokens"):
    """Bars of measured against expected fractions per outcome (chosen outcomes only, in % of the tokens)."""
    names = OUTCOMES[1:]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.6))
    x = np.arange(len(names))
    ax.bar(x - 0.2, [100 * expected[n] for n in names], 0.4, label="expected", color="#bbbbbb")
    ax.bar(x + 0.2, [100 * measured[n] for n in names], 0.4, label="measured", color=[COLOURS[n] for n in names])
    for i, n in enumerate(names):
        ax.text(i + 0.2, 100 * measured[n], f"{100 * measured[n]:.2f} %", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, labels=[f"chosen → {n}" for n in names])
    ax.set_ylabel("% of the candidate tokens")
    ax.set_title(title)
    ax.legend()
    return ax
