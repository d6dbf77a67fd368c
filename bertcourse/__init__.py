"""Helpers for the course "BERT, built by hand".

The learner writes BERT in the notebooks; this package holds only what the learner is not meant to
write: where the checkpoint and data live, plots and widgets, grading, and the `bertcourse` command.
"""
import os
from pathlib import Path

__version__ = "0.1.0"

ROOT = Path(__file__).resolve().parent.parent  # the course checkout
DATA_DIR = ROOT / "data"

# Offline by default: nothing is fetched from a model or data set hub unless the learner opts in.
ONLINE = os.environ.get("BERTCOURSE_ONLINE", "0") == "1"
if not ONLINE:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
