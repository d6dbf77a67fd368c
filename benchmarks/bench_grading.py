"""How long grading a class takes: a synthetic class graded with 1 and then 2 workers.

    .venv/bin/python benchmarks/bench_grading.py --students 30

Each student submits every assignment; students rotate through three kinds: the reference solution, the
untouched release, and a submission with one entry of the wrong-implementation catalogue. Prints seconds per
student for the whole course with each worker count, where the time goes (per assignment), and what a
300-student class would take.
"""
import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bertcourse import grading, submissions
from bertcourse.notebooks import assignments


def make_class(folder: Path, students: int):
    wrong = {a: sorted((submissions.CATALOGUE / "wrong" / a).glob("*.py")) for a in assignments()}
    for s in range(students):
        student = f"student{s:03d}"
        for assignment in assignments():
            kind = s % 3
            if kind == 0 or (kind == 2 and not wrong[assignment]):
                nb = submissions.reference_submission(assignment)
            elif kind == 1:
                nb = submissions.blank_submission(assignment)
            else:
                nb = submissions.wrong_submission(assignment, wrong[assignment][s % len(wrong[assignment])])
            submissions.write(nb, folder / student, assignment)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        make_class(Path(tmp) / "subs", args.students)
        print(f"{args.students} students x {len(assignments())} assignments ({', '.join(assignments())})")
        for workers in args.workers:
            start = time.time()
            report = grading.grade(Path(tmp) / "subs", Path(tmp) / f"out{workers}", workers=workers)
            seconds = time.time() - start
            per_assignment = defaultdict(list)
            for o in report["outcomes"]:
                per_assignment[o["assignment"]].append(o["seconds"])
            print(json.dumps({
                "workers": workers, "seconds": round(seconds, 1),
                "seconds_per_student": round(seconds / args.students, 1),
                "class_of_300_hours": round(seconds / args.students * 300 / 3600, 2),
                "counts": report["counts"],
                "median_seconds_per_notebook": {a: round(statistics.median(v), 1) for a, v in sorted(per_assignment.items())},
                "seconds_per_step_all_notebooks": grading.seconds_per_step(report),
            }))


if __name__ == "__main__":
    main()
