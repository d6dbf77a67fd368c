"""Run the pretraining lecture top to bottom with another profile, as a learner does after editing its
settings cell, and keep the executed notebook.

    python benchmarks/run_pretraining_profile.py --profile full --out runs/06_full.ipynb
    python benchmarks/run_pretraining_profile.py --profile full --set max_seconds=200
    python benchmarks/run_pretraining_profile.py --profile quick --set device='"cpu"' --set max_seconds=30

`--profile` replaces `PROFILE = "quick"` in course/06_pretraining.ipynb; each `--set KEY=VALUE` (a Python
literal) changes one entry of the chosen profile's settings, right after the notebook picks them, so the
notebook's own checks (a GPU for "full") see the change. The notebook runs in a fresh kernel from the
`course/` folder; the figures it prints (steps, accuracies, notebook time) are printed again at the end.
"""
import argparse
import ast
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from bertcourse import ROOT

LECTURE = ROOT / "course" / "06_pretraining.ipynb"
SETTINGS_LINE = "settings = PROFILES[PROFILE]"
KEY_LINES = ("steps in", "held-out text:", "unseen articles:", "parameters", "notebook time", "training pairs")


def with_profile(nb, profile, overrides):
    """The notebook with PROFILE and the settings changed in its settings cell (which must exist)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and SETTINGS_LINE in cell.source:
            lines = [f"PROFILE = {profile!r}" if line.startswith("PROFILE = ") else line
                     for line in cell.source.splitlines()]
            at = lines.index(SETTINGS_LINE) + 1
            lines[at:at] = [f"settings[{key!r}] = {value!r}" for key, value in overrides.items()]
            cell.source = "\n".join(lines)
            return nb
    sys.exit(f"{LECTURE.name} has no cell with {SETTINGS_LINE!r}: the lecture changed, update this script.")


def parse_set(text):
    key, _, value = text.partition("=")
    try:
        return key.strip(), ast.literal_eval(value)
    except (ValueError, SyntaxError):
        raise argparse.ArgumentTypeError(f"--set {text!r}: the value must be a Python literal, e.g. 200 or '\"cpu\"'")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full", help='"quick" (CPU) or "full" (GPU)')
    parser.add_argument("--set", type=parse_set, action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--out", type=Path, help="where to write the executed notebook")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed to any one cell")
    args = parser.parse_args()

    overrides = dict(args.set)
    nb = with_profile(nbformat.read(LECTURE, as_version=4), args.profile, overrides)
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(LECTURE.parent)}})
    start = time.time()
    try:
        client.execute()
    finally:
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, args.out)
            print(f"executed notebook: {args.out}")
    print(f"profile {args.profile!r}, overrides {overrides}: the notebook ran in {time.time() - start:.0f} s")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if any(key in line for key in KEY_LINES):
                    print(" ", line)


if __name__ == "__main__":
    main()
