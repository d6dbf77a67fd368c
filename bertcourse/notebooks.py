"""Notebook housekeeping: clean notebooks for committing, release the exercises, check they are in sync."""
import subprocess
import sys
from pathlib import Path

import nbformat

from bertcourse import ROOT

AUTOGRADER = ROOT / "autograder"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def normalize(nb):
    """Outputs and execution counts cleared, editor metadata dropped, the standard kernel named."""
    nb.metadata = nbformat.from_dict({
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
    })
    for cell in nb.cells:
        for key in ("lines_to_next_cell", "execution", "collapsed", "scrolled", "jupyter", "ExecuteTime"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        # stable ids keep diffs small
        cell["id"] = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell-{nb.cells.index(cell)}"
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def tool_env(**extra) -> dict:
    """The environment for nbgrader and Jupyter subprocesses: this venv's programs first on PATH
    (nbgrader calls `alembic` and `jupyter` by name)."""
    import os

    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return dict(os.environ, PATH=path, **extra)


def assignments() -> list:
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def release(target: Path = ROOT / "exercises", names=None) -> list:
    """Generate the student version of assignments (solutions and hidden tests removed) into `target`.

    nbgrader runs in one child process for all assignments (it reads its configuration from autograder/),
    with a throw-away gradebook: releasing records nothing."""
    import tempfile

    names = list(names or assignments())
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run([sys.executable, "-m", "bertcourse.notebooks", str(target), f"{tmp}/gradebook.db", *names],
                                cwd=AUTOGRADER, capture_output=True, text=True, env=tool_env())
    if result.returncode != 0:
        raise RuntimeError(f"releasing {', '.join(names)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    written = []
    for name in names:
        for path in sorted((target / name).glob("*.ipynb")):
            nbformat.write(normalize(nbformat.read(path, as_version=4)), path)
            written.append(path)
    return written


def _generate(target: str, db: str, names: list):
    """In the child process: nbgrader's generate_assignment for each assignment."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADER)).load_config()
    config.CourseDirectory.release_directory = target
    config.CourseDirectory.db_url = f"sqlite:///{db}"
    api = NbGraderAPI(config=config)
    for name in names:
        result = api.generate_assignment(name, force=True, create=True)
        if not result["success"]:
            sys.exit(f"generate_assignment {name} failed:\n{result.get('error')}\n{result.get('log')}")


def out_of_sync() -> list:
    """What differs between exercises/ and a fresh release of solutions/ (empty when in sync)."""
    import json
    import tempfile

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.relative_to(tmp): p for p in release(Path(tmp))}
        committed = {p.relative_to(ROOT / "exercises"): p for p in (ROOT / "exercises").glob("*/*.ipynb")}
        for name in sorted(set(fresh) | set(committed), key=str):
            if name not in committed:
                problems.append(f"exercises/{name} is missing")
            elif name not in fresh:
                problems.append(f"exercises/{name} has no source in solutions/")
            elif json.loads(fresh[name].read_text()) != json.loads(committed[name].read_text()):
                problems.append(f"exercises/{name} differs from its release")
    return problems


if __name__ == "__main__":
    _generate(sys.argv[1], sys.argv[2], sys.argv[3:])
