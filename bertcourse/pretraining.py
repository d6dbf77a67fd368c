"""The plumbing of pretraining a tiny BERT (chapter 06): what the learner is not meant to write.

The parts of BERT and the pretraining data come from the reference solutions (`bertcourse.reference`:
`make_nsp_pairs`, `build_pretraining_example`, `mask_tokens`, `BertForPreTraining`, …). This module only
holds what goes around them:

* `train_wordpiece`: a WordPiece vocabulary trained on the corpus with `tokenizers`;
* `encode_pairs`, `collate`, `add_mlm_labels`, `Batches`: sentence pairs -> padded, masked batches;
* `init_weights`: BERT's initialisation; `fastest_num_threads`: one or two CPU threads, measured;
* `pretraining_losses`: the two losses, scoring the vocabulary at the masked positions only;
* `LiveCurves`, `train`: the loop with a tqdm progress bar and live loss curves;
* `evaluate`: MLM accuracy against the unigram baseline, NSP accuracy against chance, on held-out text;
* `fill_mask`, `plot_fill_mask`, `fill_mask_widget`: the top guesses of the model for each [MASK];
* `save_pretrained`: the model in the Hugging Face format (config.json + model.safetensors).
"""
import copy
import math
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


# --- saving in the Hugging Face format ------------------------------------------------------------------

def save_pretrained(model, directory, tokenizer=None):
    """Write `model` (a BertForPreTraining with a `config`) as config.json + model.safetensors.

    `transformers.BertForPreTraining.from_pretrained(directory)` loads the folder. Tied parameters are
    stored once (the decoder weight is the word embedding matrix; the decoder bias is `cls.predictions.bias`),
    as `save_pretrained` of `transformers` does; loading ties them again. `tokenizer`, when given (a
    `transformers` tokenizer), is saved next to the model so the folder is complete.
    """
    from safetensors.torch import save_file

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config = copy.deepcopy(model.config)
    config.architectures = ["BertForPreTraining"]
    config.save_pretrained(directory)
    tensors, seen = {}, set()
    for name, tensor in model.state_dict().items():  # the embeddings come before the decoder
        if tensor.data_ptr() in seen:
            continue  # a tied copy
        seen.add(tensor.data_ptr())
        tensors[name] = tensor.detach().to("cpu", torch.float32).contiguous()
    save_file(tensors, directory / "model.safetensors", metadata={"format": "pt"})
    if tokenizer is not None:
        tokenizer.save_pretrained(directory)
    return directory


# --- a WordPiece vocabulary for the corpus --------------------------------------------------------------

def train_wordpiece(sentences, vocab_size=8000, min_frequency=2):
    """A lower-casing BERT WordPiece tokenizer trained on `sentences`, as a `transformers.BertTokenizerFast`.

    The same normalisation and pre-tokenisation as bert-base-uncased (clean text, lower case, strip accents,
    split on white space and punctuation); ids 0-4 are [PAD] [UNK] [CLS] [SEP] [MASK]."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertTokenizerFast

    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True, clean_text=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece(prefix="##")
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=min_frequency,
                                        special_tokens=SPECIAL_TOKENS, continuing_subword_prefix="##")
    tokenizer.train_from_iterator(sentences, trainer=trainer)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    return BertTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
                             cls_token="[CLS]", mask_token="[MASK]", do_lower_case=True)


# --- from sentence pairs to batches ---------------------------------------------------------------------

def encode_pairs(pairs, tokenizer, max_length, build_example):
    """(sentence_a, sentence_b, is_next) pairs -> examples {"input_ids", "token_type_ids", "next_sentence_label"}.

    `build_example` is `build_pretraining_example` (chapter 06). Each distinct sentence is tokenised once."""
    sentences = sorted({s for a, b, _ in pairs for s in (a, b)})
    ids = dict(zip(sentences, tokenizer(sentences, add_special_tokens=False)["input_ids"]))
    return [build_example(ids[a], ids[b], is_next, max_length, tokenizer.cls_token_id, tokenizer.sep_token_id)
            for a, b, is_next in pairs]


def collate(examples, pad_token_id=0):
    """A list of examples -> padded LongTensors input_ids, token_type_ids, attention_mask [B, T] and
    next_sentence_label [B]; T is the longest example of the batch."""
    length = max(len(e["input_ids"]) for e in examples)
    # filled as numpy arrays: copying a Python list into a row costs a fraction of torch.tensor(list)
    input_ids = np.full((len(examples), length), pad_token_id, dtype=np.int64)
    token_type_ids = np.zeros((len(examples), length), dtype=np.int64)
    attention_mask = np.zeros((len(examples), length), dtype=np.int64)
    for row, e in enumerate(examples):
        n = len(e["input_ids"])
        input_ids[row, :n] = e["input_ids"]
        token_type_ids[row, :n] = e["token_type_ids"]
        attention_mask[row, :n] = 1
    next_sentence_label = torch.tensor([e["next_sentence_label"] for e in examples], dtype=torch.long)
    return {"input_ids": torch.from_numpy(input_ids), "token_type_ids": torch.from_numpy(token_type_ids),
            "attention_mask": torch.from_numpy(attention_mask), "next_sentence_label": next_sentence_label}


def add_mlm_labels(batch, tokenizer, mask_tokens, generator=None, mlm_probability=0.15):
    """Mask a collated batch with `mask_tokens` (chapter 05): input_ids masked, "labels" added."""
    special = torch.isin(batch["input_ids"], torch.tensor(tokenizer.all_special_ids))
    masked, labels = mask_tokens(batch["input_ids"], special, len(tokenizer), tokenizer.mask_token_id,
                                 pad_token_id=tokenizer.pad_token_id, mlm_probability=mlm_probability,
                                 generator=generator)
    return {**batch, "input_ids": masked, "labels": labels}


class Batches:
    """Endless shuffled batches of masked examples: a new shuffle and new masks in every epoch."""

    def __init__(self, examples, batch_size, tokenizer, mask_tokens, seed=0):
        self.examples, self.batch_size = examples, batch_size
        self.tokenizer, self.mask_tokens = tokenizer, mask_tokens
        self.generator = torch.Generator().manual_seed(seed)

    def __iter__(self):
        while True:
            order = torch.randperm(len(self.examples), generator=self.generator).tolist()
            for start in range(0, len(order) - self.batch_size + 1, self.batch_size):
                chosen = [self.examples[i] for i in order[start:start + self.batch_size]]
                batch = collate(chosen, self.tokenizer.pad_token_id)
                yield add_mlm_labels(batch, self.tokenizer, self.mask_tokens, self.generator)


# --- initialisation and speed ----------------------------------------------------------------------------

@torch.no_grad()
def init_weights(model, std=0.02):
    """BERT's initialisation (as in transformers): linear and embedding weights N(0, std), biases 0,
    LayerNorm weight 1 and bias 0. PyTorch's defaults (N(0, 1) embeddings) make a tied MLM head start with
    huge scores. Returns the model."""
    for module in model.modules():
        if isinstance(module, (torch.nn.Linear, torch.nn.Embedding)):
            module.weight.normal_(0.0, std)
        if isinstance(module, torch.nn.Linear) and module.bias is not None:
            module.bias.zero_()
        if isinstance(module, torch.nn.LayerNorm):
            module.weight.fill_(1.0)
            module.bias.zero_()
    for name, parameter in model.named_parameters():
        if name.endswith("predictions.bias"):
            parameter.zero_()
    return model


def fastest_num_threads(candidates=(1, 2), repeats=5):
    """Time a small transformer-sized workload with each number of threads and keep the fastest: on a CPU
    shared with other programs, one thread is often much faster than two. Returns {threads: seconds}."""
    layer = torch.nn.TransformerEncoderLayer(128, 2, 256, dropout=0.0, batch_first=True)
    x = torch.randn(32, 40, 128)
    timings = {}
    for threads in candidates:
        torch.set_num_threads(threads)
        layer(x).sum().backward()  # warm-up
        start = time.time()
        for _ in range(repeats):
            layer(x).sum().backward()
        timings[threads] = (time.time() - start) / repeats
    torch.set_num_threads(min(timings, key=timings.get))
    return timings


# --- one step, the loop, the curves --------------------------------------------------------------------

def pretraining_losses(model, batch):
    """(mlm_loss, nsp_loss) of a BertForPreTraining on a batch, scoring the vocabulary at the masked
    positions only: the same numbers as model(...).loss's two terms, several times faster when V is large."""
    outputs = model.bert(batch["input_ids"], attention_mask=batch["attention_mask"],
                         token_type_ids=batch["token_type_ids"])
    labels = batch["labels"]
    chosen = labels != -100  # [B, T]
    scores = model.cls.predictions(outputs.last_hidden_state[chosen])  # [N, V] instead of [B, T, V]
    mlm = F.cross_entropy(scores.float(), labels[chosen])
    nsp_scores = model.cls.seq_relationship(outputs.pooler_output)  # [B, 2]
    nsp = F.cross_entropy(nsp_scores.float(), batch["next_sentence_label"])
    return mlm, nsp


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def moving_average(values, window):
    """The mean of the last `window` values at each step (of fewer at the start): a loss curve without the noise."""
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        out.append(total / min(i + 1, window))
    return out


class LiveCurves:
    """A figure of the MLM and NSP training losses that redraws in place every `every` steps in a notebook.

    In a notebook run without a browser the last redraw is what the saved notebook shows; outside a
    notebook `show()` draws it once."""

    def __init__(self, every=50, nsp_chance=math.log(2)):
        import matplotlib.pyplot as plt

        self.every, self.steps, self.mlm, self.nsp = every, [], [], []
        self.fig, (self.ax_mlm, self.ax_nsp) = plt.subplots(1, 2, figsize=(10, 3.4))
        plt.close(self.fig)  # drawn through the display handle only
        self.nsp_chance, self.handle = nsp_chance, None

    def update(self, step, mlm, nsp):
        self.steps.append(step)
        self.mlm.append(mlm)
        self.nsp.append(nsp)
        if step % self.every == 0:
            self.redraw()

    def draw(self):
        window = max(1, len(self.steps) // 30)
        for ax, values, title in ((self.ax_mlm, self.mlm, "MLM loss (masked positions)"),
                                  (self.ax_nsp, self.nsp, "NSP loss")):
            ax.clear()
            ax.plot(self.steps, values, color="0.8", lw=0.8, label="per step")
            ax.plot(self.steps, moving_average(values, window), color="C0" if ax is self.ax_mlm else "C1",
                    label=f"mean of {window} steps")
            ax.set_title(title)
            ax.set_xlabel("step")
        self.ax_nsp.axhline(self.nsp_chance, color="k", ls="--", lw=0.8, label="chance (ln 2)")
        self.ax_mlm.legend(loc="upper right")
        self.ax_nsp.legend(loc="upper right")
        self.fig.tight_layout()

    def redraw(self):
        self.draw()
        if _in_notebook():
            from IPython.display import display

            if self.handle is None:
                self.handle = display(self.fig, display_id=True)
            else:
                self.handle.update(self.fig)

    def show(self):
        """Draw the curves now; returns the figure (outside a notebook, save it with fig.savefig)."""
        self.redraw()
        return self.fig


def train(model, batches, steps, lr=1e-3, warmup=0.05, weight_decay=0.01, max_seconds=None, curves=None,
          device="cpu", autocast_dtype=None, clip=1.0):
    """Pretrain `model` on `batches` for `steps` steps (or until `max_seconds` have passed): AdamW, linear
    warm-up then linear decay, gradient clipping. Returns a dict of the losses per step and the time taken.

    `autocast_dtype` (torch.bfloat16 or torch.float16) turns on mixed precision on a GPU."""
    from tqdm.auto import tqdm

    model.to(device).train()
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=lr,
                                  fused=True)  # one kernel for all parameters: ~5 % of a CPU step saved
    def learning_rate(step, elapsed):
        """Linear warm-up, then linear decay to 0 at the end: the end is `steps`, or `max_seconds` if sooner."""
        progress = step / steps
        if max_seconds is not None:
            progress = max(progress, elapsed / max_seconds)
        return lr * min(progress / warmup, max(0.0, (1 - progress) / (1 - warmup)))

    scaler = torch.amp.GradScaler(device, enabled=autocast_dtype == torch.float16)
    history = {"mlm": [], "nsp": []}
    start = time.time()
    progress = tqdm(total=steps, desc="pretraining", unit="step")
    for step, batch in zip(range(1, steps + 1), batches):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, time.time() - start)
        batch = {k: v.to(device) for k, v in batch.items()}
        with torch.autocast(device_type=torch.device(device).type, dtype=autocast_dtype or torch.bfloat16,
                            enabled=autocast_dtype is not None):
            mlm, nsp = pretraining_losses(model, batch)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(mlm + nsp).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        scaler.step(optimizer)
        scaler.update()
        history["mlm"].append(mlm.item())
        history["nsp"].append(nsp.item())
        if curves is not None:
            curves.update(step, history["mlm"][-1], history["nsp"][-1])
        # shown at the bar's next refresh (at most 10 a second), not redrawn at every step
        progress.set_postfix(mlm=f"{history['mlm'][-1]:.2f}", nsp=f"{history['nsp'][-1]:.3f}", refresh=False)
        progress.update(1)
        if max_seconds is not None and time.time() - start > max_seconds:
            break
    progress.close()
    if curves is not None:
        curves.redraw()
    history["steps"] = len(history["mlm"])
    history["seconds"] = time.time() - start
    model.eval()
    return history


# --- evaluation ----------------------------------------------------------------------------------------

@torch.no_grad()
def evaluate(model, examples, tokenizer, mask_tokens, train_examples, batch_size=128, seed=1234, device="cpu"):
    """Held-out accuracy of a BertForPreTraining against the simplest baselines.

    * MLM: the share of masked positions (15 %, chosen by `mask_tokens` with a fixed seed) whose original
      token is the model's top guess; baseline: always guess the token that is most frequent in the
      *training* examples (the unigram baseline).
    * NSP: the share of pairs classified right; baseline: chance (the larger class of the held-out pairs).
    """
    model.to(device).eval()
    generator = torch.Generator().manual_seed(seed)
    special = set(tokenizer.all_special_ids)
    counts = Counter(t for e in train_examples for t in e["input_ids"] if t not in special)
    top_token, _ = counts.most_common(1)[0]
    mlm_right = unigram_right = masked = nsp_right = 0
    for start in range(0, len(examples), batch_size):
        batch = add_mlm_labels(collate(examples[start:start + batch_size], tokenizer.pad_token_id), tokenizer,
                               mask_tokens, generator)
        batch = {k: v.to(device) for k, v in batch.items()}
        outputs = model.bert(batch["input_ids"], attention_mask=batch["attention_mask"],
                             token_type_ids=batch["token_type_ids"])
        chosen = batch["labels"] != -100
        guesses = model.cls.predictions(outputs.last_hidden_state[chosen]).argmax(-1)
        mlm_right += int((guesses == batch["labels"][chosen]).sum())
        unigram_right += int((batch["labels"][chosen] == top_token).sum())
        masked += int(chosen.sum())
        nsp_guess = model.cls.seq_relationship(outputs.pooler_output).argmax(-1)
        nsp_right += int((nsp_guess == batch["next_sentence_label"]).sum())
    share_next = sum(e["next_sentence_label"] == 0 for e in examples) / len(examples)
    return {"mlm_accuracy": mlm_right / masked, "unigram_accuracy": unigram_right / masked,
            "unigram_token": tokenizer.convert_ids_to_tokens(top_token), "masked_positions": masked,
            "nsp_accuracy": nsp_right / len(examples), "nsp_chance": max(share_next, 1 - share_next),
            "pairs": len(examples)}


# --- fill-mask ------------------------------------------------------------------------------------------

@torch.no_grad()
def fill_mask(model, tokenizer, text, top_k=5):
    """For each [MASK] in `text`: the model's top_k (token, probability) guesses, as a list of lists."""
    encoded = tokenizer(text, return_tensors="pt")
    device = next(model.parameters()).device
    model.eval()
    outputs = model.bert(encoded["input_ids"].to(device), attention_mask=encoded["attention_mask"].to(device),
                         token_type_ids=encoded["token_type_ids"].to(device))
    positions = (encoded["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten().tolist()
    guesses = []
    for p in positions:
        probs = model.cls.predictions(outputs.last_hidden_state[0, p]).float().softmax(-1)
        top = probs.topk(top_k)
        guesses.append([(tokenizer.convert_ids_to_tokens(int(i)), float(v)) for v, i in zip(top.values, top.indices)])
    return guesses


def plot_fill_mask(model, tokenizer, texts, top_k=5):
    """A static picture: for the first [MASK] of each text, the top_k guesses as horizontal bars."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(texts), figsize=(4.2 * len(texts), 2.6), squeeze=False)
    for ax, text in zip(axes[0], texts):
        guesses = fill_mask(model, tokenizer, text, top_k)
        if not guesses:
            ax.set_title("no [MASK] in the text")
            continue
        tokens, probs = zip(*guesses[0][::-1])
        ax.barh(tokens, probs, color="C2")
        ax.set_xlabel("probability")
        wrapped = text if len(text) < 45 else text[:42] + "…"
        ax.set_title(wrapped, fontsize=9)
    fig.tight_layout()
    return fig


def fill_mask_widget(model, tokenizer, text="The capital of France is [MASK].", top_k=5):
    """Type a sentence with [MASK] (one or more) and see the model's top guesses for each.

    Returns the ipywidgets box; put the call last in a cell. A run without a browser shows the widget's
    initial text output; use `plot_fill_mask` for a picture."""
    import ipywidgets as widgets

    box = widgets.Text(value=text, description="sentence", continuous_update=False,
                       layout=widgets.Layout(width="80%"))
    out = widgets.Output()

    def show(*_):
        with out:
            out.clear_output(wait=True)
            guesses = fill_mask(model, tokenizer, box.value, top_k)
            if not guesses:
                print("Put [MASK] somewhere in the sentence.")
            for n, options in enumerate(guesses, 1):
                print(f"[MASK] {n}: " + "   ".join(f"{token} {p:.1%}" for token, p in options))

    box.observe(show, names="value")
    show()
    return widgets.VBox([box, out])
