"""exercises/ is the nbgrader release of solutions/: in sync, with no solution and no hidden test left."""
import json

import nbformat
import pytest

from bertcourse import ROOT
from bertcourse.notebooks import assignments, out_of_sync


def test_exercises_are_in_sync_with_solutions():
    problems = out_of_sync()
    assert not problems, "exercises/ is out of sync (run `bertcourse release`):\n" + "\n".join(problems)


@pytest.mark.parametrize("assignment", assignments())
def test_release_hides_solutions_and_hidden_tests(assignment):
    text = (ROOT / "exercises" / assignment / f"{assignment}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, f"exercises/{assignment} still contains '### {marker}'"
    nb = nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    stubs = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    assert stubs and all("raise NotImplementedError()" in c.source for c in stubs)


@pytest.mark.parametrize("folder", ["course", "solutions", "exercises"])
def test_notebooks_are_committed_without_outputs(folder):
    dirty = []
    for path in sorted((ROOT / folder).rglob("*.ipynb")):
        nb = json.loads(path.read_text())
        if any(c.get("outputs") or c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"):
            dirty.append(str(path.relative_to(ROOT)))
    assert not dirty, f"notebooks with outputs (clear them): {dirty}"
