"""Cheating submissions score 0 and are flagged; the sandbox stops break-ins; honest work keeps its marks."""
import importlib.util
import os

import pytest

from bertcourse import ROOT, grading, submissions

pytestmark = pytest.mark.slow

spec = importlib.util.spec_from_file_location("cheats", ROOT / "autograder" / "catalogue" / "cheats.py")
cheats = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cheats)
NAMES = [c.name for c in cheats.CHEATS]
needs_root = pytest.mark.skipif(os.getuid() != 0, reason="the sandbox isolates kernels only when grading as root")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cheats")
    for name, nb in cheats.build_all().items():
        submissions.write(nb, root / "subs" / name, cheats.ASSIGNMENT)
    report = grading.grade(root / "subs", root / "out", workers=2, cell_timeout=30)
    return {o["student"]: o for o in report["outcomes"]}, root


def test_honest_reference_keeps_full_marks(graded):
    honest = graded[0]["honest"]
    assert honest["status"] == "graded" and honest["score"] == honest["max_score"] > 0, honest
    assert not honest["problems"], honest["problems"]


@pytest.mark.parametrize("name", NAMES)
def test_cheat_scores_zero_and_is_flagged(graded, name):
    outcome = graded[0][name]
    why = next(c.why for c in cheats.CHEATS if c.name == name)
    assert outcome["score"] == 0, f"cheat {name!r} ({why}) scored {outcome['score']}: {outcome}"
    assert outcome["problems"] or outcome["status"] != "graded", f"cheat {name!r} ({why}) was not flagged"


@needs_root
def test_break_ins_leave_no_trace(graded):
    outcomes, root = graded
    for cheat in cheats.BREAK_INS:
        assert outcomes[cheat.name]["score"] == 0
    traces = [p for trace in cheats.TRACES for folder in (ROOT, root) for p in folder.rglob(trace)]
    assert not traces, f"a submission wrote outside its sandbox: {traces}"
