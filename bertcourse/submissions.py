"""Make submissions the way learners would, for tests, the wrong-implementation catalogue and benchmarks.

A learner starts from the released notebook in exercises/ and replaces the `raise NotImplementedError()`
of each solution cell with code. `reference_submission` does that with the reference code;
`with_cells` puts other code (a catalogue entry, a cheat) into chosen cells.
"""
import re
from pathlib import Path

import nbformat

from bertcourse import ROOT

CATALOGUE = ROOT / "autograder" / "catalogue"


def solution_code(source: str) -> str:
    """A solution cell's source as a learner would write it: the BEGIN/END SOLUTION marker lines dropped."""
    return "\n".join(line for line in source.splitlines()
                     if not re.match(r"\s*### (BEGIN|END) SOLUTION", line))


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def released(assignment: str):
    return nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)


def reference_code(assignment: str) -> dict:
    """grade_id -> the reference code of each solution cell."""
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    return {grade_id(c): solution_code(c.source) for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def with_cells(assignment: str, replacements: dict, base=None):
    """The released notebook with the solution cells named in `replacements` (grade_id -> source) replaced."""
    nb = base or released(assignment)
    unknown = set(replacements) - {grade_id(c) for c in nb.cells}
    if unknown:
        raise KeyError(f"{assignment} has no cell {', '.join(sorted(unknown))}")
    for cell in nb.cells:
        if grade_id(cell) in replacements:
            cell.source = replacements[grade_id(cell)]
    return nb


def reference_submission(assignment: str):
    """The released notebook completed with the reference code: it must earn full marks."""
    return with_cells(assignment, reference_code(assignment))


def blank_submission(assignment: str):
    """The released notebook untouched: it must earn nothing."""
    return released(assignment)


def catalogue_entry(path: Path) -> tuple:
    """Read a catalogue file: `# cell: <grade_id>` and `# why: <mistake>` header lines, then the cell's code."""
    text = Path(path).read_text()
    header = dict(re.findall(r"^# (cell|why): (.+)$", text, flags=re.M))
    if "cell" not in header:
        raise ValueError(f"{path}: no '# cell: <grade_id>' header line")
    return header["cell"].strip(), header.get("why", "").strip(), text


def wrong_submission(assignment: str, path: Path):
    """The reference submission with one solution cell replaced by a catalogue entry."""
    cell, _, code = catalogue_entry(path)
    return with_cells(assignment, {cell: code}, base=reference_submission(assignment))


def write(nb, folder: Path, assignment: str) -> Path:
    target = Path(folder) / assignment / f"{assignment}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target
