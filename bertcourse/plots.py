"""Pictures for the lectures: heat maps of attention and of embedding tables, and the attention viewer.

    from bertcourse import plots
    plots.heatmap(matrix, row_labels, col_labels, title="...")
    plots.attention_heatmap(probs, tokens)                  # probs [T, T]: queries down, keys across
    plots.position_embeddings(weight)                       # the learned position table as a picture
    plots.position_similarity(weight)                       # cosine similarity between positions
    plots.attention_viewer(model, tokenizer)                # pick a layer and a head, type a sentence

Every function draws with matplotlib and returns the axes (or figure) it drew on; widgets also show a static
picture, so a notebook run without a browser (nbconvert, grading, CI) still has a figure to look at.
"""
import matplotlib.pyplot as plt
import numpy as np
import torch


def _numpy(x) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().float().cpu().numpy()
    return np.asarray(x, dtype=float)


def heatmap(matrix, row_labels=None, col_labels=None, title=None, ax=None, cmap="viridis", vmin=None, vmax=None,
            colorbar=True, xlabel=None, ylabel=None):
    """Draw a 2-D array as coloured cells, with optional labels for its rows and columns. Returns the axes."""
    matrix = _numpy(matrix)
    if matrix.ndim != 2:
        raise ValueError(f"heatmap draws a 2-D matrix, got shape {matrix.shape}")
    if ax is None:
        rows, cols = matrix.shape
        size = (min(12, 2 + 0.45 * cols), min(10, 1.5 + 0.4 * rows)) if row_labels is not None else (7, 5)
        _, ax = plt.subplots(figsize=size)
    image = ax.imshow(matrix, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    if col_labels is not None:
        ax.set_xticks(range(len(col_labels)), labels=list(col_labels), rotation=90)
    if row_labels is not None:
        ax.set_yticks(range(len(row_labels)), labels=list(row_labels))
    if title:
        ax.set_title(title)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def attention_heatmap(probs, tokens, title=None, ax=None, colorbar=True):
    """Attention probabilities [T, T] (row = the query token, column = the key token it looks at)."""
    probs = _numpy(probs)
    if probs.shape != (len(tokens), len(tokens)):
        raise ValueError(f"attention_heatmap needs a [T, T] matrix for {len(tokens)} tokens, got shape {probs.shape}")
    return heatmap(probs, tokens, tokens, title=title, ax=ax, cmap="Blues", vmin=0.0, vmax=1.0, colorbar=colorbar,
                   xlabel="key (attended to)", ylabel="query (attending)")


def position_embeddings(weight, positions=None, ax=None, title="Learned position embeddings"):
    """The position table [P, H] as a picture: one row per position, one column per feature.

    The colour scale stops at the 99th percentile of |value|, so that a few very large entries (position 0
    of many checkpoints has some) do not wash out the rest of the picture."""
    weight = _numpy(weight)
    positions = positions or weight.shape[0]
    limit = float(np.percentile(np.abs(weight[:positions]), 99))
    return heatmap(weight[:positions], title=title, ax=ax, cmap="RdBu_r", vmin=-limit, vmax=limit,
                   xlabel="feature", ylabel="position")


def cosine_similarity_matrix(vectors) -> np.ndarray:
    """Cosine similarity between every pair of rows of a [N, H] array: a [N, N] array with ones on the diagonal."""
    vectors = _numpy(vectors)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    return unit @ unit.T


def position_similarity(weight, positions=None, ax=None, title="Cosine similarity between positions"):
    """How alike the position vectors are: entry (i, j) is the cosine similarity of positions i and j."""
    weight = _numpy(weight)
    positions = positions or weight.shape[0]
    return heatmap(cosine_similarity_matrix(weight[:positions]), title=title, ax=ax, cmap="RdBu_r", vmin=-1, vmax=1,
                   xlabel="position j", ylabel="position i")


# ---------------------------------------------------------------------------------------------------------
# The attention viewer

def _takes(model, argument: str) -> bool:
    """Whether calling `model` accepts the keyword `argument`."""
    import inspect

    try:
        return argument in inspect.signature(getattr(model, "forward", model)).parameters
    except (TypeError, ValueError):
        return False


def attention_maps(model, tokenizer, text, pair=None):
    """Run `model` on one sentence (or a sentence pair) and return (tokens, maps).

    `model` is either a `transformers` model (called with `output_attentions=True`; load it with
    `attn_implementation="eager"`, the default "sdpa" attention returns no maps) or any callable taking the
    keyword arguments `input_ids`, `token_type_ids`, `attention_mask` (each [1, T]), and `output_attentions`
    if its signature has it (the course's `BertModel` does), and returning the
    attention probabilities: an object with an `.attentions` attribute, a sequence with one tensor
    [1, heads, T, T] (or [heads, T, T]) per layer, or one tensor [layers, 1, heads, T, T].
    `maps` is a float array [layers, heads, T, T].
    """
    batch = tokenizer(text, pair, return_tensors="pt")
    batch = {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask") if key in batch}
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0].tolist())
    with torch.no_grad():
        if _is_transformers_model(model) or _takes(model, "output_attentions"):  # the course's BertModel too
            result = model(**batch, output_attentions=True)
        else:
            result = model(**batch)
    attentions = getattr(result, "attentions", result)
    if attentions is None or (isinstance(attentions, (tuple, list)) and len(attentions) == 0):
        raise ValueError("The model returned no attention maps. A transformers model must be loaded with "
                         "attn_implementation=\"eager\" (the default sdpa attention does not return them).")
    if isinstance(attentions, torch.Tensor):
        attentions = list(attentions)
    maps = []
    for layer in attentions:
        layer = _numpy(layer)
        if layer.ndim == 4:  # [1, heads, T, T]
            layer = layer[0]
        if layer.ndim != 3 or layer.shape[1:] != (len(tokens), len(tokens)):
            raise ValueError(f"Each layer's attention should be [1, heads, T, T] or [heads, T, T] with T = "
                             f"{len(tokens)}; got shape {layer.shape}.")
        maps.append(layer)
    return tokens, np.stack(maps)


def _is_transformers_model(model) -> bool:
    try:
        from transformers import PreTrainedModel
    except ImportError:  # pragma: no cover - transformers is a course requirement
        return False
    return isinstance(model, PreTrainedModel)


def attention_heads_grid(maps, tokens, layer, columns=4, title=None):
    """All heads of one layer, side by side: maps [layers, heads, T, T]. Returns the figure."""
    heads = maps.shape[1]
    rows = -(-heads // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 3.0 * rows), squeeze=False)
    for head, ax in enumerate(axes.flat):
        if head >= heads:
            ax.axis("off")
            continue
        ax.imshow(maps[layer, head], cmap="Blues", vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_title(f"head {head}", fontsize=9)
        ax.set_xticks(range(len(tokens)), labels=tokens if head // columns == rows - 1 else [""] * len(tokens),
                      rotation=90, fontsize=7)
        ax.set_yticks(range(len(tokens)), labels=tokens if head % columns == 0 else [""] * len(tokens), fontsize=7)
    fig.suptitle(title or f"Layer {layer}: every head (rows attend to columns)")
    fig.tight_layout()
    return fig


def attention_viewer(model, tokenizer, text="The cat sat on the mat because it was warm.", layer=0, head=0,
                     static=True):
    """An interactive attention viewer: type a sentence, pick a layer and a head, see who attends to whom.

    `model`: see `attention_maps` (a transformers model loaded with attn_implementation="eager", or any
    callable returning attention maps, such as your own BertModel wrapped in a small function).
    Returns the widget: put the call last in a cell and JupyterLab shows it; it redraws on every change.
    With `static=True` it first draws, as an ordinary figure, every head of the chosen layer for the first
    sentence, so that a run without a browser (nbconvert, exported HTML, grading) still shows the attention.
    """
    state = {}

    def compute(sentence):
        state["tokens"], state["maps"] = attention_maps(model, tokenizer, sentence)

    compute(text)
    layers, heads = state["maps"].shape[:2]
    if not (0 <= layer < layers and 0 <= head < heads):
        raise ValueError(f"layer must be in 0..{layers - 1} and head in 0..{heads - 1}, got layer={layer}, head={head}")

    if static:
        attention_heads_grid(state["maps"], state["tokens"], layer,
                             title=f"Layer {layer}, every head, for {text!r} (rows attend to columns)")
        plt.show()

    import ipywidgets as widgets

    sentence = widgets.Text(value=text, description="sentence", continuous_update=False,
                            layout=widgets.Layout(width="70%"))
    layer_slider = widgets.IntSlider(value=layer, min=0, max=layers - 1, description="layer")
    head_choice = widgets.Dropdown(options=[("mean of all heads", -1)] + [(f"head {h}", h) for h in range(heads)],
                                   value=head, description="head")
    out = widgets.Output()

    def draw(*_):
        tokens, maps = state["tokens"], state["maps"]
        chosen = maps[layer_slider.value]  # [heads, T, T]
        probs = chosen.mean(0) if head_choice.value < 0 else chosen[head_choice.value]
        name = "mean of all heads" if head_choice.value < 0 else f"head {head_choice.value}"
        with out:
            out.clear_output(wait=True)
            attention_heatmap(probs, tokens, title=f"layer {layer_slider.value}, {name}")
            plt.show()

    def new_sentence(change):
        try:
            compute(change["new"])
        except Exception as error:  # noqa: BLE001 - show the problem in the widget and keep it alive
            with out:
                out.clear_output()
                print(f"could not run the model on this sentence: {error}")
            return
        draw()

    sentence.observe(new_sentence, names="value")
    layer_slider.observe(draw, names="value")
    head_choice.observe(draw, names="value")
    draw()
    return widgets.VBox([sentence, widgets.HBox([layer_slider, head_choice]), out])
