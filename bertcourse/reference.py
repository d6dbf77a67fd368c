"""The reference solutions, read from the `solutions/` notebooks: the one source of truth.

Each assignment's reference code is written once, in its solutions notebook. This module executes that
notebook's *exported* code cells (nbgrader solution cells, and cells tagged `export` such as the imports)
into a module, so hidden tests, later chapters, the `train`/`evaluate` commands and the benchmarks all
reuse the very same code:

    from bertcourse.reference import BertModel            # found in whichever chapter defines it
    tok = bertcourse.reference.load("01_tokenization")    # one chapter as a module
"""
import json
import os
import sys
import types
from pathlib import Path
from functools import lru_cache

from bertcourse import ROOT

# The grading sandbox points this at the reference notebooks of earlier chapters only.
SOLUTIONS = Path(os.environ.get("BERTCOURSE_SOLUTIONS", ROOT / "solutions"))
ASSIGNMENTS = [
    "01_tokenization", "02_embeddings", "03_attention", "04_encoder", "05_masked_lm", "06_pretraining",
    "07_classification", "08_ner", "09_qa",
]


def exported_cells(nb) -> list:
    """The code cells that make up an assignment's reference module, in notebook order."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {})
        if meta.get("nbgrader", {}).get("solution") or "export" in meta.get("tags", []):
            cells.append(cell)
    return cells


def read_notebook(path) -> dict:
    """A course notebook as plain JSON, each cell's source one string. (Not nbformat: through jsonschema
    it takes over a second to import, which every grading kernel would pay.)"""
    nb = json.loads(Path(path).read_text())
    for cell in nb["cells"]:
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def notebook_path(assignment: str):
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


@lru_cache(maxsize=None)
def load(assignment: str) -> types.ModuleType:
    """Execute the exported cells of `solutions/<assignment>/<assignment>.ipynb` into a module."""
    path = notebook_path(assignment)
    if not path.exists():
        raise FileNotFoundError(
            f"No reference for {assignment!r}: {path} is missing. The reference solutions live in solutions/ "
            "of the course repository (instructors' copy)."
        )
    nb = read_notebook(path)
    module = types.ModuleType(f"bertcourse.reference.{assignment}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module  # lets dataclasses and pickling find the module
    for index, cell in enumerate(exported_cells(nb)):
        code = compile(cell["source"], f"{path.name}[exported cell {index}]", "exec")
        exec(code, module.__dict__)
    return module


def available() -> list:
    """The assignments whose solutions notebook exists, in course order."""
    return [a for a in ASSIGNMENTS if notebook_path(a).exists()]


def __getattr__(name: str):
    """`from bertcourse.reference import X` finds X in the first chapter that defines it."""
    if name.startswith("__"):
        raise AttributeError(name)
    for assignment in available():
        module = load(assignment)
        if name in module.__dict__:
            return module.__dict__[name]
    raise AttributeError(f"No reference solution defines {name!r} (looked in {', '.join(available())}).")
