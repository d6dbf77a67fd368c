"""Cheating submissions the grader must score 0 and flag, while the honest reference keeps full marks.

Each cheat starts from the honest reference submission of an assignment and changes it the way a student
trying to game the grader would. `tests/test_cheats.py` grades them all in one batch.
"""
from dataclasses import dataclass
from typing import Callable

import nbformat

from bertcourse.submissions import grade_id, reference_submission

ASSIGNMENT = "00_setup"
WRONG = 'def add_special_tokens(tokens):\n    return tokens\n'  # an answer that earns nothing honestly


@dataclass
class Cheat:
    name: str
    why: str
    build: Callable  # notebook -> notebook


def solution_cell(nb):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))


def test_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]


def answer(code):
    """Replace the answer with `code` (after the wrong answer)."""
    def build(nb):
        solution_cell(nb).source = WRONG + code
        return nb
    return build


def honest_then(code):
    """The honest answer, then a cell with `code` before the tests."""
    def build(nb):
        first_test = nb.cells.index(test_cells(nb)[0])
        nb.cells.insert(first_test, nbformat.v4.new_code_cell(code))
        return nb
    return build


def add_cell_before_tests(code):
    """The wrong answer, then a cell with `code` before the tests."""
    def build(nb):
        solution_cell(nb).source = WRONG
        return honest_then(code)(nb)
    return build


def delete_tests(nb):
    solution_cell(nb).source = WRONG
    nb.cells = [c for c in nb.cells if c not in test_cells(nb)]
    return nb


def strip_metadata(nb):
    solution_cell(nb).source = WRONG
    for cell in nb.cells:
        cell.metadata = {}
    return nb


def edit_tests(nb):
    solution_cell(nb).source = WRONG
    for cell in test_cells(nb):
        cell.source = "pass"
        cell.metadata["nbgrader"]["points"] = 100
    return nb


CHEATS = [
    Cheat("input_transformer", "rewrites every later cell (the tests) into nothing",
          answer("get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n")),
    Cheat("ast_transformer", "rewrites the tests' syntax tree",
          answer("import ast\nclass Nothing(ast.NodeTransformer):\n    def visit_Module(self, node):\n"
                 "        return ast.Module(body=[], type_ignores=[])\nget_ipython().ast_transformers.append(Nothing())\n")),
    Cheat("patch_checks", "replaces the course's check functions by ones that accept anything",
          answer("import bertcourse.testing\nbertcourse.testing.check_equal = lambda *args, **kwargs: None\n")),
    Cheat("patch_torch_testing", "replaces torch.testing.assert_close",
          answer("import torch\ntorch.testing.assert_close = lambda *args, **kwargs: None\n")),
    Cheat("always_equal", "returns an object that claims to equal everything",
          lambda nb: (setattr(solution_cell(nb), "source",
                              "class Anything(list):\n    def __eq__(self, other):\n        return True\n"
                              "    def __ne__(self, other):\n        return False\n"
                              "def add_special_tokens(tokens):\n    return Anything()\n"), nb)[1]),
    Cheat("sys_exit", "stops the kernel before the tests run", add_cell_before_tests("import sys\nsys.exit(0)\n")),
    Cheat("os_exit", "kills the kernel so that the notebook needs manual grading",
          add_cell_before_tests("import os\nos._exit(0)\n")),
    Cheat("deleted_tests", "deletes the test cells", delete_tests),
    Cheat("stripped_metadata", "strips the nbgrader metadata from every cell", strip_metadata),
    Cheat("edited_tests", "edits the test cells into `pass` and raises their points", edit_tests),
    Cheat("gradebook_write", "looks for the gradebook and writes itself extra credit",
          add_cell_before_tests(
              "import sqlite3, pathlib\nfor folder in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]:\n"
              "    for db in folder.glob('*.db'):\n"
              "        sqlite3.connect(db).execute('update submitted_notebook set extra_credit = 100')\n")),
    Cheat("read_reference", "reads the reference solution from disk and imports it as its answer",
          answer("import json, pathlib, bertcourse\n"
                 "for path in sorted(pathlib.Path(bertcourse.ROOT).glob('*/00_setup/00_setup.ipynb')):\n"
                 "    for cell in json.load(open(path))['cells']:\n"
                 "        text = ''.join(cell['source'])\n"
                 "        if 'def add_special_tokens' in text and 'NotImplementedError' not in text:\n"
                 "            pathlib.Path('stolen.py').write_text(text)\n"
                 "import sys\nsys.path.insert(0, '.')\n"
                 "try:\n    from stolen import add_special_tokens\nexcept ImportError:\n    pass\n")),
]

# Break-ins that the sandbox must stop even when no rule of the tamper scan fires: they must fail and
# leave no trace; the test checks the files they would have written.
TRACES = ["HACKED_BY_A_STUDENT"]
BREAK_INS = [
    Cheat("write_to_course", "writes a file into the course folder and into the grading workspace",
          add_cell_before_tests(
              "import pathlib, bertcourse\n"
              "for folder in [pathlib.Path(bertcourse.ROOT), pathlib.Path.cwd(), *pathlib.Path.cwd().parents]:\n"
              "    try:\n        (folder / 'HACKED_BY_A_STUDENT').write_text('x')\n    except OSError:\n        pass\n")),
    # answers right only if it can see the processes outside its kernel (the grader, other students'
    # kernels, whose working folders and memory /proc would open to it)
    Cheat("spy_on_processes", "looks through /proc for the grader's processes",
          lambda nb: (setattr(solution_cell(nb), "source",
                              "import pathlib\n\n\ndef grader_is_visible():\n"
                              "    for process in pathlib.Path('/proc').iterdir():\n"
                              "        try:\n"
                              "            if process.name.isdigit() and b'bertcourse.grading' in (process / 'cmdline').read_bytes():\n"
                              "                return True\n"
                              "        except OSError:\n            pass\n    return False\n\n\n"
                              "SEEN = grader_is_visible()\n\n\n"
                              "def add_special_tokens(tokens):\n"
                              "    return ['[CLS]', *tokens, '[SEP]'] if SEEN else list(tokens)\n"), nb)[1]),
]


@dataclass
class Mishap:
    """Not a cheat: a submission that hangs, hogs or crashes. It must be graded (never take the batch
    down), be reported with `problem`, and keep the marks its honest answer earns (`keeps_marks`) unless
    what it did is itself forbidden."""
    name: str
    why: str
    build: Callable
    problem: str
    keeps_marks: bool
    needs_root: bool = False  # only the root sandbox limits processes; without it the cell would be a real fork bomb


MISHAPS = [
    Mishap("infinite_loop", "a cell that never ends", honest_then("while True:\n    pass\n"),
           "ran past the time limit", keeps_marks=True),
    Mishap("memory_hog", "a cell that asks for 64 GiB", honest_then("hog = bytearray(64 << 30)\n"),
           "ran out of memory", keeps_marks=True),
    Mishap("fork_bomb", "a cell that starts sleeping processes, each in a session of its own, until refused",
           honest_then("import os\nimport time\n\nstarted = 0\ntry:\n    while started < 5000:\n"
                       "        if os.fork() == 0:\n            try:\n                os.setsid()  # out of the kernel's process group\n                time.sleep(3600)\n"
                       "            finally:\n                os._exit(0)\n        started += 1\n"
                       "except OSError as error:\n    print(f'process {started + 1} was refused: {error}')\n"),
           "starts processes", keeps_marks=False, needs_root=True),
]


def build_all(root: bool = True) -> dict:
    """name -> notebook, for every cheat, break-in and mishap (those that need the root sandbox only when
    `root`), plus the honest reference as 'honest'."""
    built = {"honest": reference_submission(ASSIGNMENT)}
    for cheat in CHEATS + BREAK_INS + [m for m in MISHAPS if root or not m.needs_root]:
        built[cheat.name] = cheat.build(reference_submission(ASSIGNMENT))
    return built

CHEATS.append(Cheat(
    "borrowed_implementation", "imports a finished implementation instead of writing one",
    answer("from bertcourse.reference import add_special_tokens\n")))
