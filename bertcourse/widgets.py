"""The tokenizer explorer: type a text (and a second one for a pair) and see what BERT receives.

    from bertcourse.widgets import encode_for_display, plot_encoding, tokenizer_explorer
    tokenizer_explorer(tokenizer)                          # text boxes -> pieces, ids, segments, attention mask
    plot_encoding(encode_for_display(tokenizer, "a", "b"))  # the same table as a matplotlib picture

`tokenizer` is a `transformers` BERT tokenizer (anything that is called as `tokenizer(text, text_pair)` and has
`convert_ids_to_tokens`). The explorer shows a live table in JupyterLab and, below it, a static picture of
the first text, so a notebook run without a browser (nbconvert, grading, CI) still shows something.
"""
import functools
import html

import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle

ROWS = ("token", "input_ids", "token_type_ids", "attention_mask")
SEGMENT_COLOURS = {0: "#cfe2f3", 1: "#fce5cd"}  # segment A blue, segment B orange
SPECIAL_COLOUR = "#d9d9d9"                     # [CLS] [SEP] [MASK]
UNKNOWN_COLOUR = "#f4a6a6"                     # [UNK]: the vocabulary had no piece for a word
PADDING_COLOUR = "#ffffff"                     # [PAD]
MASK_COLOURS = {1: "#b6d7a8", 0: "#eeeeee"}   # attended / ignored


def encode_for_display(tokenizer, text, text_pair=None, max_length=None) -> dict:
    """The tokenizer's output for one text or pair as plain lists, with the pieces under 'token'."""
    kwargs = dict(truncation=True, max_length=max_length) if max_length else {}
    encoding = tokenizer(text, text_pair or None, **kwargs)
    rows = {key: list(encoding[key]) for key in ROWS[1:]}
    rows["token"] = tokenizer.convert_ids_to_tokens(rows["input_ids"])
    return rows


def cell_colour(row: str, token: str, value) -> str:
    """The background of one cell: the attention mask green (1) or grey (0); padding white; the segment row
    by segment (blue 0, orange 1); pieces and ids of special tokens grey, of [UNK] red, else by segment."""
    if row == "attention_mask":
        return MASK_COLOURS.get(value, "#ffffff")
    if token == "[PAD]":
        return PADDING_COLOUR
    if row != "token_type_ids":
        if token == "[UNK]":
            return UNKNOWN_COLOUR
        if token.startswith("[") and token.endswith("]"):
            return SPECIAL_COLOUR
    return None  # the caller colours it by segment


def colour_of(rows: dict, row: str, position: int) -> str:
    colour = cell_colour(row, rows["token"][position], rows[row][position])
    return colour or SEGMENT_COLOURS.get(rows["token_type_ids"][position], SEGMENT_COLOURS[0])


def encoding_html(rows: dict) -> str:
    """An HTML table: one column per token, one row each for the piece, id, segment and attention mask."""
    style = "border:1px solid #999;padding:2px 6px;text-align:center;font-family:monospace"
    lines = ["<table style='border-collapse:collapse'>"]
    for name in ROWS:
        cells = [f"<th style='{style};text-align:right'>{name}</th>"]
        for position, value in enumerate(rows[name]):
            colour = colour_of(rows, name, position)
            cells.append(f"<td style='{style};background:{colour}'>{html.escape(str(value))}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    unknown = rows["token"].count("[UNK]")
    lines.append(f"<p>{len(rows['token'])} tokens, {unknown} unknown ([UNK])</p>")
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def _monospace_font():
    return FT2Font(findfont(FontProperties(family="monospace")))


def drawable(label: str) -> str:
    """`label` with each character that matplotlib's monospace font cannot draw written as its code point
    (U+6771 for 東), so the picture shows something readable instead of empty boxes and font warnings."""
    font = _monospace_font()
    return "".join(ch if font.get_char_index(ord(ch)) else f"U+{ord(ch):04X}" for ch in label)


def plot_encoding(rows: dict, ax=None, title=None, max_tokens=40):
    """Draw an encoding (a dict with 'token', 'input_ids', 'token_type_ids', 'attention_mask' lists, such as
    `encode_for_display` returns) as a coloured table. Returns the axes."""
    count = min(len(rows["token"]), max_tokens)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.5 + 0.75 * count, 1.9))
    for column in range(count):
        for line, name in enumerate(ROWS):
            colour = colour_of(rows, name, column)
            ax.add_patch(Rectangle((column, -line - 1), 1, 1, facecolor=colour, edgecolor="#888888"))
            label = drawable(str(rows[name][column]))
            if name == "token" and len(label) > 9:
                label = label[:8] + "…"
            ax.text(column + 0.5, -line - 0.5, label, ha="center", va="center", fontsize=8, family="monospace")
    ax.set_xlim(0, max(count, 1))
    ax.set_ylim(-len(ROWS), 0)
    ax.set_yticks([-line - 0.5 for line in range(len(ROWS))], labels=list(ROWS))
    ax.set_xticks([])
    ax.tick_params(left=False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if len(rows["token"]) > max_tokens:
        title = (title + " " if title else "") + f"(first {max_tokens} of {len(rows['token'])} tokens)"
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return ax


def tokenizer_explorer(tokenizer, text="The cat sat on the mat.", text_pair="It was a lazy afternoon.",
                       static=True):
    """Show two text boxes (the second one optional: leave it empty for a single text) and a live table of
    the pieces, ids, segment ids and attention mask; below it a static picture of the starting text.

    Displays everything itself and returns None (so the widget is not shown twice)."""
    import ipywidgets as widgets
    from IPython.display import display

    first = widgets.Textarea(value=text, description="text", layout=widgets.Layout(width="90%", height="3em"))
    second = widgets.Textarea(value=text_pair or "", description="text_pair", placeholder="(optional) a second text",
                              layout=widgets.Layout(width="90%", height="3em"))
    max_length = widgets.BoundedIntText(value=0, min=0, max=512, description="max_length",
                                        tooltip="0: no truncation; else truncation=True, max_length=this value")
    table = widgets.HTML()

    def update(_=None):
        try:
            rows = encode_for_display(tokenizer, first.value, second.value, max_length.value or None)
            table.value = encoding_html(rows)
        except Exception as error:  # show what went wrong (a too small max_length…) instead of failing silently
            table.value = f"<pre>{html.escape(type(error).__name__ + ': ' + str(error))}</pre>"

    for box in (first, second, max_length):
        box.observe(update, names="value")
    update()
    display(widgets.VBox([first, second, max_length, table]))
    if static:
        rows = encode_for_display(tokenizer, text, text_pair or None)
        plot_encoding(rows, title="static picture of the starting text")
        plt.show()
