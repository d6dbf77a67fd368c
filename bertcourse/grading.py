"""Autograde a folder of submissions with nbgrader: grades.csv, feedback HTML and a JSON report.

    bertcourse grade SUBMISSIONS --out OUT [--workers N] [--timeout S]

SUBMISSIONS is laid out as `<student>/<assignment>/<notebook>.ipynb` (as `nbgrader zip_collect` or an LMS
export leaves it). Each worker grades its share of the students in a workspace of its own (a copy of the
sources, its own gradebook), so workers never write to one database at once; their exports are merged.
The submitted files are only ever read: grading works on copies.
"""
import csv
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from bertcourse import ROOT
from bertcourse import sandbox
from bertcourse.notebooks import tool_env

SOLUTIONS = ROOT / "solutions"
CONFIG = ROOT / "autograder" / "nbgrader_config.py"
EXPORT_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                  "raw_score", "late_submission_penalty", "score", "max_score"]


@dataclass
class Outcome:
    """What happened to one submitted notebook."""
    student: str
    assignment: str
    notebook: str
    status: str = "pending"          # graded | rejected | failed
    score: float = 0.0
    max_score: float = 0.0
    tests: dict = field(default_factory=dict)   # grade_id -> {"score", "max_score"}
    problems: list = field(default_factory=list)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # seconds per grading step: checks, autograde, feedback


def expected_notebooks(assignment: str) -> list:
    return sorted(p.name for p in (SOLUTIONS / assignment).glob("*.ipynb"))


def graded_cell_ids(nb) -> set:
    """The grade_ids of a notebook's solution and test cells."""
    ids = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") or meta.get("grade"):
            ids.add(meta.get("grade_id"))
    return ids - {None}


@functools.lru_cache(maxsize=None)
def source_cell_ids(assignment: str, name: str) -> frozenset:
    """The graded cells of a source notebook, read once per grading process."""
    return frozenset(graded_cell_ids(nbformat.read(SOLUTIONS / assignment / name, as_version=4)))


def whose_cells(ids: set, known: set) -> str | None:
    """The assignment whose notebooks share the most graded cells with `ids`, if any does."""
    shared = {a: len(ids & set().union(*(source_cell_ids(a, n) for n in expected_notebooks(a)))) for a in sorted(known)}
    best = max(shared, key=shared.get, default=None)
    return best if best and shared[best] else None


def collect(submissions: Path) -> tuple:
    """Find the submitted notebooks; what cannot be graded gets an Outcome saying why."""
    accepted, rejected = [], []
    known = {p.name for p in SOLUTIONS.iterdir() if p.is_dir()}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            student, assignment = student_dir.name, assignment_dir.name
            if assignment not in known:
                rejected.append(Outcome(student, assignment, "", "rejected", problems=[
                    f"unknown assignment folder {assignment!r}; expected one of {', '.join(sorted(known))}"]))
                continue
            expected = expected_notebooks(assignment)
            for name in expected:
                path = assignment_dir / name
                outcome = Outcome(student, assignment, name)
                if not path.exists():
                    outcome.status, outcome.problems = "rejected", [f"missing notebook {name}"]
                    rejected.append(outcome)
                    continue
                try:
                    nb = nbformat.read(path, as_version=4)  # an older nbformat is upgraded in memory
                    nbformat.validate(nb)
                except Exception as exc:  # unreadable JSON, not a notebook, an unsupported format…
                    outcome.status = "rejected"
                    outcome.problems = [f"cannot read {name}: {type(exc).__name__}: {str(exc)[:300]}"]
                    rejected.append(outcome)
                    continue
                if not graded_cell_ids(nb) & source_cell_ids(assignment, name):
                    other = whose_cells(graded_cell_ids(nb), known - {assignment})
                    outcome.status = "rejected"
                    outcome.problems = [f"{name} has none of the graded cells of {assignment}" + (
                        f": it is the notebook of {other}" if other else " (were its cells' grading metadata removed?)")]
                    rejected.append(outcome)
                    continue
                accepted.append((outcome, path))
            for extra in sorted(set(p.name for p in assignment_dir.glob("*.ipynb")) - set(expected)):
                rejected.append(Outcome(student, assignment, extra, "rejected",
                                        problems=[f"unexpected notebook {extra} (ignored)"]))
    return accepted, rejected


def prepare_workspace(workspace: Path, assignments: set, cell_timeout: int, hide: list, uid: int = sandbox.NOBODY):
    """A private nbgrader course: the course's config, a copy of the sources of these assignments, and the
    sandboxed kernel (which cannot see the folders in `hide`, and runs as user `uid`)."""
    if workspace.exists():
        shutil.rmtree(workspace)
    (workspace / "solutions").mkdir(parents=True)
    workspace.chmod(0o700)
    sandbox.kernel_spec(workspace / "jupyter", hide, uid)
    shutil.copy(CONFIG, workspace / "nbgrader_config.py")
    with open(workspace / "nbgrader_config.py", "a") as f:
        f.write(f"\nc.CourseDirectory.root = {str(workspace)!r}\nc.Execute.timeout = {int(cell_timeout)}\n"
                f"c.Execute.kernel_name = 'bertcourse-sandbox'\n")
    for assignment in sorted(assignments):
        shutil.copytree(SOLUTIONS / assignment, workspace / "solutions" / assignment)


def kernel_threads(workers: int) -> dict:
    """The CPU threads each kernel may use: the cores shared out among the workers. Two kernels that each
    run torch on every core slow each other down: on 2 cores with 2 workers, one thread each graded the whole
    course in 40 s per student where two threads each took 56 s. A value set by the instructor is kept."""
    threads = str(max(1, (os.cpu_count() or 1) // workers))
    return {name: os.environ.get(name, threads) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def grade_share(workspace: Path, share: list, cell_timeout: int, notebook_timeout: int, hide: list,
                threads: dict, uid: int) -> list:
    """Grade some students' submissions in one workspace, in a worker process of its own whose kernels
    run as user `uid`."""
    prepare_workspace(workspace, {o.assignment for o, _ in share}, cell_timeout, hide, uid)
    for outcome, path in share:  # the grader's copy: current nbformat, outputs dropped (grading reruns it all)
        target = workspace / "submitted" / outcome.student / outcome.assignment
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(without_outputs(nbformat.read(path, as_version=4)), target / outcome.notebook)
    jobs = workspace / "jobs.json"
    jobs.write_text(json.dumps([asdict(o) for o, _ in share]))
    budget = notebook_timeout * len(share) + 120
    try:
        worker = subprocess.run([sys.executable, "-m", "bertcourse.grading", str(workspace)], cwd=workspace,
                                env=tool_env(JUPYTER_PATH=str(workspace / "jupyter"), **threads), capture_output=True,
                                text=True, timeout=budget)
        if worker.returncode != 0:
            raise RuntimeError(f"grading worker failed: {worker.stderr[-3000:]}")
    except subprocess.TimeoutExpired:
        pass  # whatever was graded before the limit is in results.json; the rest is reported below
    results = json.loads((workspace / "results.json").read_text()) if (workspace / "results.json").exists() else []
    done = {(r["student"], r["assignment"], r["notebook"]): r for r in results}
    outcomes = []
    for outcome, _ in share:
        result = done.get((outcome.student, outcome.assignment, outcome.notebook))
        if result is None:
            outcome.status = "failed"
            outcome.problems.append(f"not graded: the worker ran out of time ({budget} s)")
            outcomes.append(outcome)
        else:
            outcomes.append(Outcome(**result))
    return outcomes


def without_outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def work(workspace: Path):
    """The worker: grade every job of `workspace/jobs.json` with nbgrader's API in this one process,
    writing results.json after each submission, then export this workspace's grades.csv."""
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from nbgrader.plugins.export import CsvExportPlugin
    from traitlets.config.loader import PyFileConfigLoader

    # the kernel factory imports while the assignments are made; BERTCOURSE_ZYGOTE=off starts every kernel anew
    zygote = start_zygote(workspace) if os.getuid() == 0 and os.environ.get("BERTCOURSE_ZYGOTE") != "off" else None
    config = PyFileConfigLoader("nbgrader_config.py", path=str(workspace)).load_config()
    api = NbGraderAPI(config=config)
    jobs = [Outcome(**job) for job in json.loads((workspace / "jobs.json").read_text())]
    for assignment in sorted({job.assignment for job in jobs}):
        result = api.generate_assignment(assignment, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"cannot prepare {assignment}: {result.get('error')}")
    if zygote:
        wait_for_zygote(*zygote)
    try:
        grade_jobs(workspace, api, jobs)
    finally:
        if zygote:
            zygote[0].kill()
            zygote[0].wait()
    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gb:
        plugin = CsvExportPlugin(to=str(workspace / "grades.csv"))
        plugin.export(gb)


def start_zygote(workspace: Path) -> tuple:
    """Start this worker's kernel factory (`bertcourse.zygote`); kernels are forked from it once it is ready."""
    path = workspace / "zygote.sock"
    with open(workspace / "zygote.log", "wb") as log:  # not the worker's pipes, which kernels' supervisors would hold
        process = subprocess.Popen([sys.executable, "-m", "bertcourse.zygote", str(path), str(os.getpid())],
                                   cwd=workspace, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    return process, path


def wait_for_zygote(process: subprocess.Popen, path: Path, seconds: float = 120):
    """Send kernels to the zygote once its socket exists; without it (it failed, or is too slow), each kernel
    starts from scratch, as it would without a zygote."""
    deadline = time.time() + seconds
    while not path.exists() and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    if path.exists():
        os.environ["BERTCOURSE_ZYGOTE"] = str(path)  # the kernels' launcher inherits it
    else:
        log = (path.parent / "zygote.log").read_text(errors="replace")[-2000:]
        print(f"grading worker: no kernel factory (exit status {process.poll()}); kernels start from scratch\n{log}",
              file=sys.stderr)


def grade_jobs(workspace: Path, api, jobs: list):
    """Check, autograde and give feedback on each job in turn; results.json is rewritten after each."""
    results = []
    for outcome in jobs:
        start = time.time()
        tampering = find_tampering(workspace, outcome)
        checked = time.time()
        result, errors = autograde(api, outcome)
        outcome.timings.update(checks=round(checked - start, 2), autograde=round(time.time() - checked, 2))
        if not result["success"]:
            outcome.status = "failed"
            outcome.max_score = source_points(workspace, outcome)
            outcome.problems += [f"tampering in cell {name}: " + "; ".join(p) for _, name, p in tampering]
            outcome.problems.append(f"autograding failed {len(errors)} times, scored 0: " + " | ".join(errors))
        else:
            if errors:
                outcome.problems.append(f"autograding failed once ({errors[0]}) and succeeded when run again")
            if tampering:
                zero_tests(workspace, outcome, tampering)
            outcome.problems += kernel_problems(workspace, outcome)
            read_scores(workspace, outcome)
            outcome.status = "graded"
            before_feedback = time.time()
            feedback = api.generate_feedback(outcome.assignment, outcome.student, force=True)
            outcome.timings["feedback"] = round(time.time() - before_feedback, 2)
            if not feedback["success"]:
                outcome.problems.append("no feedback: " + what_failed(feedback))
        outcome.seconds = round(time.time() - start, 2)
        results.append(asdict(outcome))
        (workspace / "results.json").write_text(json.dumps(results))


def autograde(api, outcome: Outcome, tries: int = 2) -> tuple:
    """nbgrader's autograde of one submission, run once more when it fails as a whole (a kernel that did
    not start in time on a loaded machine, a port another worker's kernel took): a grade must not hang on
    the machine's luck. Returns the last result and what each failed try said."""
    errors = []
    for _ in range(tries):
        result = api.autograde(outcome.assignment, outcome.student, force=True, create=True)
        if result["success"]:
            break
        errors.append(what_failed(result))
    return result, errors


def student_cells(workspace: Path, outcome: Outcome) -> list:
    """(position, cell) for every code cell the student wrote or could have changed: the cells that the
    release does not lock and whose source differs from the release."""
    submitted = nbformat.read(workspace / "submitted" / outcome.student / outcome.assignment / outcome.notebook, 4)
    release = nbformat.read(workspace / "exercises" / outcome.assignment / outcome.notebook, 4)
    released_sources = {cell.source for cell in release.cells}
    cells = []
    for position, cell in enumerate(submitted.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("locked") or meta.get("grade") and not meta.get("solution"):
            continue  # nbgrader puts locked and test cells back as released
        if cell.source not in released_sources:
            cells.append((position, cell))
    return cells


def find_tampering(workspace: Path, outcome: Outcome) -> list:
    """[(position, grade_id or cell id, problems)] for the student's cells that reach for the grading."""
    from bertcourse.tamper import borrowed, imported_names, scan

    submitted = nbformat.read(workspace / "submitted" / outcome.student / outcome.assignment / outcome.notebook, 4)
    modules = imported_names(c.source for c in submitted.cells if c.cell_type == "code")
    found = []
    build_it_yourself = outcome.assignment[:2].isdigit() and int(outcome.assignment[:2]) <= 6
    for position, cell in student_cells(workspace, outcome):
        problems = scan(cell.source, modules) + (borrowed(cell.source) if build_it_yourself else [])
        if problems:
            name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or cell.get("id", f"cell {position}")
            found.append((position, name, problems))
    outcome.problems += changed_locked_cells(workspace, outcome, submitted)
    return found


def changed_locked_cells(workspace: Path, outcome: Outcome, submitted) -> list:
    """Locked and test cells that were deleted, stripped of their metadata or edited. nbgrader runs the
    released version of each anyway, so this only needs reporting."""
    release = nbformat.read(workspace / "exercises" / outcome.assignment / outcome.notebook, 4)
    kept = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in submitted.cells}
    problems = []
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("locked") or meta.get("grade")) or meta.get("solution"):
            continue
        mine = kept.get(meta["grade_id"])
        if mine is None:
            problems.append(f"cell {meta['grade_id']} was deleted or lost its grading metadata; the original was graded")
        elif mine.source != cell.source or mine.metadata.get("nbgrader", {}).get("points") != meta.get("points"):
            problems.append(f"cell {meta['grade_id']} was edited; the original was graded")
    return problems


def zero_tests(workspace: Path, outcome: Outcome, tampering: list):
    """The tests that ran after a tampering cell score 0 (recorded as the grader's manual score)."""
    from nbgrader.api import Gradebook

    submitted = nbformat.read(workspace / "submitted" / outcome.student / outcome.assignment / outcome.notebook, 4)
    order = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(submitted.cells)}
    first = min(position for position, _, _ in tampering)
    for position, name, problems in tampering:
        outcome.problems.append(f"tampering in cell {name}: " + "; ".join(problems))
    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(Path(outcome.notebook).stem, outcome.assignment, outcome.student)
        for grade in nb.grades:
            if order.get(grade.name, len(submitted.cells)) > first and grade.max_score > 0:
                grade.manual_score = 0.0
        gb.db.commit()
    outcome.problems.append("the tests after that cell score 0")


def source_points(workspace: Path, outcome: Outcome) -> float:
    """The points the notebook is worth, from its source."""
    nb = nbformat.read(workspace / "solutions" / outcome.assignment / outcome.notebook, 4)
    return float(sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("grade")))


def kernel_problems(workspace: Path, outcome: Outcome) -> list:
    """What the executed notebook says about the kernel: died, timed out."""
    path = workspace / "autograded" / outcome.student / outcome.assignment / outcome.notebook
    if not path.exists():
        return ["the autograded notebook is missing"]
    text = path.read_text()
    problems = []
    if "DeadKernelError" in text or "Kernel died" in text:
        problems.append("the kernel died while running the notebook (the tests after that point score 0)")
    if "CellTimeoutError" in text or "Cell execution timed out" in text:
        problems.append("a cell ran past the time limit and was stopped")
    if "MemoryError" in text:
        problems.append("a cell ran out of memory")
    return problems


def read_scores(workspace: Path, outcome: Outcome):
    """Copy the notebook's score and each test cell's score from the workspace's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(Path(outcome.notebook).stem, outcome.assignment, outcome.student)
        for grade in nb.grades:
            outcome.tests[grade.name] = {"score": grade.score, "max_score": grade.max_score}
        outcome.score, outcome.max_score = nb.score, nb.max_score
        if nb.needs_manual_grade:
            outcome.problems.append("some cells need manual grading (a kernel crash or an edited test cell?)")


EXCEPTION_LINE = re.compile(r"^\s*[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Timeout)\b:?.*$")
GENERIC = ("Please see the", "There was an error processing")


def last_error(log: str) -> str:
    """What went wrong, in a line: the exception that ended the last traceback, else the last error
    line that is not one of nbgrader's generic "see the log" lines, else the log's end."""
    lines = [line.strip() for line in log.splitlines()]
    lines = [line for line in lines if line and not any(g in line for g in GENERIC)]
    exceptions = [line for line in lines if EXCEPTION_LINE.match(line)]
    errors = [line for line in lines if "ERROR" in line]
    chosen = exceptions[-1] if exceptions else errors[-1] if errors else log.strip()[-300:]
    return chosen[:500]


def what_failed(result: dict) -> str:
    """last_error of a failed nbgrader API call's error and log."""
    return last_error(result.get("error", "") + "\n" + result.get("log", ""))


def grade(submissions, out, workers: int = 1, cell_timeout: int = 120, notebook_timeout: int = 900) -> dict:
    """Grade every submission under `submissions`; write grades.csv, feedback/ and report.json to `out`."""
    submissions, out = Path(submissions).resolve(), Path(out).resolve()
    if not submissions.is_dir():
        raise FileNotFoundError(f"no submissions folder at {submissions}")
    out.mkdir(parents=True, exist_ok=True)
    accepted, rejected = collect(submissions)
    students = sorted({o.student for o, _ in accepted})
    shares = [[(o, p) for o, p in accepted if students.index(o.student) % workers == k] for k in range(workers)]
    shares = [s for s in shares if s]
    threads = kernel_threads(len(shares))
    start = time.time()
    with ThreadPoolExecutor(max_workers=max(1, len(shares))) as pool:
        futures = [pool.submit(grade_share, out / ".work" / f"worker-{k}", share, cell_timeout, notebook_timeout,
                               [out, submissions], threads, sandbox.WORKER_UID_BASE + k)
                   for k, share in enumerate(shares)]
        graded = [o for f in futures for o in f.result()]
    write_grades(out, shares)
    collect_feedback(out, shares)
    outcomes = sorted(graded + rejected, key=lambda o: (o.student, o.assignment, o.notebook))
    report = {
        "submissions": str(submissions),
        "workers": workers,
        "seconds": round(time.time() - start, 1),
        "counts": {s: sum(o.status == s for o in outcomes) for s in ("graded", "rejected", "failed")},
        "outcomes": [asdict(o) for o in outcomes],
    }
    (out / "report.json").write_text(json.dumps(report, indent=2))
    shutil.rmtree(out / ".work", ignore_errors=True)
    return report


def seconds_per_step(report: dict) -> dict:
    """Grading time per step (checks, autograde, feedback), summed over the report's notebooks."""
    steps = {}
    for o in report["outcomes"]:
        for step, seconds in o.get("timings", {}).items():
            steps[step] = round(steps.get(step, 0.0) + seconds, 2)
    return steps


def write_grades(out: Path, shares: list):
    """OUT/grades.csv: this run's grades, and those of an earlier run into the same OUT for every
    (student, assignment) that this run did not grade again (a re-run replaces a student's grade)."""
    rows = []
    for k in range(len(shares)):
        export = out / ".work" / f"worker-{k}" / "grades.csv"
        if export.exists():
            with open(export, newline="") as f:
                rows += list(csv.DictReader(f))
    regraded = {(r["student_id"], r["assignment"]) for r in rows}
    if (out / "grades.csv").exists():
        with open(out / "grades.csv", newline="") as f:
            rows += [r for r in csv.DictReader(f) if (r["student_id"], r["assignment"]) not in regraded]
    rows.sort(key=lambda r: (r["student_id"], r["assignment"]))
    with open(out / "grades.csv.new", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    (out / "grades.csv.new").replace(out / "grades.csv")  # never a half-written grades.csv


def collect_feedback(out: Path, shares: list):
    for k in range(len(shares)):
        feedback = out / ".work" / f"worker-{k}" / "feedback"
        if feedback.exists():
            shutil.copytree(feedback, out / "feedback", dirs_exist_ok=True)


if __name__ == "__main__":
    work(Path(sys.argv[1]))
