"""Cheating submissions score 0 and are flagged; the sandbox stops break-ins; honest work keeps its marks."""
import importlib.util
import os
import re
from pathlib import Path

import nbformat
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
    for name, nb in cheats.build_all(root=os.getuid() == 0).items():
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


@pytest.mark.parametrize("name", [m.name for m in cheats.MISHAPS])
def test_mishap_is_graded_reported_and_fair(graded, name):
    mishap = next(m for m in cheats.MISHAPS if m.name == name)
    if mishap.needs_root and os.getuid() != 0:
        pytest.skip("the process limit is the root sandbox's")
    outcome = graded[0][name]
    assert outcome["status"] == "graded", f"{name} ({mishap.why}) was not graded: {outcome}"
    assert any(mishap.problem in p for p in outcome["problems"]), \
        f"{name} ({mishap.why}): the report should say it {mishap.problem!r}, it says {outcome['problems']}"
    expected = outcome["max_score"] if mishap.keeps_marks else 0
    assert outcome["score"] == expected, f"{name} ({mishap.why}) scored {outcome['score']}, expected {expected}"


@needs_root
def test_no_kernel_process_outlives_the_grading(graded):
    """Each kernel runs in a PID namespace of its own: what it started (the fork bomb's sleepers) dies with it."""
    from bertcourse.sandbox import WORKER_UID_BASE
    left = [p for p in Path("/proc").iterdir() if p.name.isdigit() and WORKER_UID_BASE <= owner(p) < WORKER_UID_BASE + 100]
    assert not left, f"{len(left)} processes of the grading kernels' users are still running"


def owner(process):
    try:
        return process.stat().st_uid
    except OSError:  # it ended while we looked
        return -1


@needs_root
@pytest.mark.parametrize("factory", ["zygote", "off"])
def test_kernels_come_from_the_zygote_or_start_anew(tmp_path, monkeypatch, factory):
    """Grading as root forks each kernel from a worker's zygote, which has imported torch already; with
    BERTCOURSE_ZYGOTE=off each kernel starts from scratch. Either way the reference keeps full marks, and
    two kernels draw different unseeded random numbers."""
    if factory == "off":
        monkeypatch.setenv("BERTCOURSE_ZYGOTE", "off")
    else:
        monkeypatch.delenv("BERTCOURSE_ZYGOTE", raising=False)
    nb = submissions.reference_submission("00_setup")
    probe = 'print("torch already imported:", "libtorch_cpu" in open("/proc/self/maps").read())'  # loaded in memory
    nb.cells.insert(0, nbformat.v4.new_code_cell(probe))  # before the notebook imports anything
    nb.cells.append(nbformat.v4.new_code_cell('import torch\nprint("random draw:", torch.rand(1).item())'))
    for student in ("student", "classmate"):
        submissions.write(nb, tmp_path / "subs" / student, "00_setup")
    report = grading.grade(tmp_path / "subs", tmp_path / "out", workers=1)
    for outcome in report["outcomes"]:
        assert outcome["score"] == outcome["max_score"] > 0 and not outcome["problems"], outcome
    feedback = [(tmp_path / "out" / "feedback" / student / "00_setup" / "00_setup.html").read_text()
                for student in ("student", "classmate")]
    assert all(f"torch already imported: {factory == 'zygote'}" in f for f in feedback)
    draws = [re.search(r"random draw: ([0-9.]+)", f).group(1) for f in feedback]
    assert draws[0] != draws[1], "two kernels drew the same unseeded random number: fresh kernels never do"
