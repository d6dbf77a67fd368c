"""The grading pipeline end to end: a small class with reference, blank and bad submissions."""
import csv
import re
from html import unescape
import hashlib
import json
import os
import shutil

import nbformat
import pytest

from bertcourse import grading, submissions
from bertcourse.notebooks import assignments

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade once for every test below: two workers, every assignment, good and bad input."""
    root = tmp_path_factory.mktemp("class")
    subs = root / "submissions"
    for assignment in assignments():
        submissions.write(submissions.reference_submission(assignment), subs / "ada", assignment)
        submissions.write(submissions.blank_submission(assignment), subs / "bob", assignment)
    first = assignments()[0]
    (subs / "cat" / first).mkdir(parents=True)
    (subs / "cat" / first / f"{first}.ipynb").write_text('{"cells": [')           # unreadable JSON
    (subs / "dan" / "99_no_such_assignment").mkdir(parents=True)                    # unknown folder
    extra = submissions.write(submissions.reference_submission(first), subs / "eve", first)
    (extra.parent / "notes.ipynb").write_text(extra.read_text())                    # an extra notebook
    old = nbformat.convert(submissions.reference_submission(first), 3)               # nbformat 3 (2014)
    (subs / "fay" / first).mkdir(parents=True)
    nbformat.write(old, subs / "fay" / first / f"{first}.ipynb", version=nbformat.NO_CONVERT)
    heavy = submissions.reference_submission(first)                                  # 50 MB of outputs
    code = next(c for c in heavy.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 99_999 + "\n") for _ in range(500)]
    submissions.write(heavy, subs / "gus", first)
    second = assignments()[1]                                                         # another assignment's notebook
    submissions.write(submissions.reference_submission(second), subs / "hal", first)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.rglob("*") if p.is_file()}
    # torch leaves TORCHINDUCTOR_CACHE_DIR in the environment of a process that has used its compiler (as
    # an earlier test may have, in this process); a kernel that inherited a cache it cannot write failed
    # every test that imports transformers' models
    before_env = os.environ.get("TORCHINDUCTOR_CACHE_DIR")
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = "/proc/torchinductor_grader"
    try:
        report = grading.grade(subs, root / "out", workers=2)
    finally:
        os.environ.pop("TORCHINDUCTOR_CACHE_DIR")
        if before_env is not None:
            os.environ["TORCHINDUCTOR_CACHE_DIR"] = before_env
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.rglob("*") if p.is_file()}
    return report, root / "out", before, after


def outcome(report, student, assignment):
    return next(o for o in report["outcomes"] if o["student"] == student and o["assignment"] == assignment
                and o["notebook"] == f"{assignment}.ipynb")


@pytest.mark.parametrize("assignment", assignments())
def test_reference_gets_full_marks(graded, assignment):
    o = outcome(graded[0], "ada", assignment)
    assert o["status"] == "graded" and o["max_score"] > 0, o
    lost = {k: v for k, v in o["tests"].items() if v["score"] != v["max_score"]}
    assert o["score"] == o["max_score"], f"the reference solution lost points in {assignment}: {lost} {o['problems']}"


@pytest.mark.parametrize("assignment", assignments())
def test_blank_release_gets_nothing(graded, assignment):
    o = outcome(graded[0], "bob", assignment)
    assert o["status"] == "graded", o
    scored = {k: v for k, v in o["tests"].items() if v["score"]}
    assert not scored, f"the untouched release earned points in {assignment}: {scored}"


def test_bad_input_is_reported_and_the_batch_goes_on(graded):
    report = graded[0]
    first = assignments()[0]
    broken = outcome(report, "cat", first)
    assert broken["status"] == "rejected" and "cannot read" in broken["problems"][0]
    unknown = [o for o in report["outcomes"] if o["student"] == "dan"]
    assert unknown and "unknown assignment folder" in unknown[0]["problems"][0]
    extra = [o for o in report["outcomes"] if o["student"] == "eve" and o["notebook"] == "notes.ipynb"]
    assert extra and "unexpected notebook" in extra[0]["problems"][0]
    assert outcome(report, "eve", first)["score"] == outcome(report, "eve", first)["max_score"]
    for student in ("fay", "gus"):  # an old nbformat, 50 MB of outputs: graded as usual
        o = outcome(report, student, first)
        assert o["status"] == "graded" and o["score"] == o["max_score"] > 0, o
    foreign = outcome(report, "hal", first)
    assert foreign["status"] == "rejected" and assignments()[1] in foreign["problems"][0], foreign


def test_submissions_are_never_modified(graded):
    _, _, before, after = graded
    assert before == after


def test_grades_csv_has_nbgrader_export_columns_and_one_row_per_student_assignment(graded):
    report, out, _, _ = graded
    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == grading.EXPORT_COLUMNS
    keys = [(r["student_id"], r["assignment"]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicated rows in grades.csv"
    ada = {r["assignment"]: float(r["score"]) for r in rows if r["student_id"] == "ada"}
    assert set(ada) == set(assignments())
    assert json.loads((out / "report.json").read_text())["counts"]["graded"] >= 2 * len(assignments())


def test_feedback_shows_no_hidden_tests(graded):
    _, out, _, _ = graded
    for assignment in assignments():
        html = (out / "feedback" / "ada" / assignment / f"{assignment}.html").read_text()
        text = unescape(re.sub(r"<[^>]+>", "", html))  # the page as a reader sees it
        assert "HIDDEN TESTS" not in text
        source = nbformat.read(submissions.ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
        for cell in source.cells:
            if "### BEGIN HIDDEN TESTS" in cell.source:
                hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
                visible = submissions.released(assignment)
                shown = {l.strip() for c in visible.cells for l in c.source.splitlines()}
                lines = [l.strip() for l in hidden.splitlines() if len(l.strip()) > 25 and l.strip() not in shown]
                leaked = [l for l in lines if l in text]
                assert not leaked, f"feedback for {assignment} shows hidden test lines: {leaked[:3]}"


def test_a_rerun_replaces_the_students_grade_and_keeps_the_others(graded, tmp_path):
    report, out, _, _ = graded
    again = tmp_path / "out"
    shutil.copytree(out, again)
    first = assignments()[0]
    subs = tmp_path / "resubmitted"
    submissions.write(submissions.blank_submission(first), subs / "ada", first)      # ada re-submits, blank
    grading.grade(subs, again, workers=1)
    with open(out / "grades.csv", newline="") as f:
        before = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(f)}
    with open(again / "grades.csv", newline="") as f:
        after = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(f)}
    assert set(after) == set(before), "a re-run lost or added rows of grades.csv"
    assert float(before[("ada", first)]["score"]) > 0 and float(after[("ada", first)]["score"]) == 0
    assert all(after[k] == before[k] for k in before if k != ("ada", first))
