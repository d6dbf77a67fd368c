"""Every typical wrong implementation in autograder/catalogue/wrong/ must lose points."""
import json
from pathlib import Path

import pytest

from bertcourse import grading, submissions

pytestmark = pytest.mark.slow

ENTRIES = sorted((submissions.CATALOGUE / "wrong").glob("*/*.py"))


def entry_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One batch: each catalogue entry is a 'student' who made exactly that one mistake."""
    root = tmp_path_factory.mktemp("catalogue")
    for path in ENTRIES:
        student = entry_id(path).replace("/", "__")
        submissions.write(submissions.wrong_submission(path.parent.name, path), root / "subs" / student, path.parent.name)
    report = grading.grade(root / "subs", root / "out", workers=2)
    by_student = {o["student"]: o for o in report["outcomes"]}
    caught = sum(1 for o in by_student.values() if o["status"] == "graded" and o["score"] < o["max_score"])
    print(f"\nwrong-implementation catalogue: {caught} of {len(ENTRIES)} entries lose points "
          f"({report['seconds']} s with 2 workers)")
    print("grading time per step, summed over the notebooks:", grading.seconds_per_step(report))
    return by_student


def test_catalogue_is_not_empty():
    assert len(ENTRIES) > 0


@pytest.mark.parametrize("path", ENTRIES, ids=entry_id)
def test_wrong_implementation_loses_points(graded, path):
    cell, why, _ = submissions.catalogue_entry(path)
    outcome = graded[entry_id(path).replace("/", "__")]
    assert outcome["status"] == "graded", outcome["problems"]
    assert outcome["score"] < outcome["max_score"], (
        f"{entry_id(path)} ({why}) kept full marks: the hidden tests do not catch this mistake")
