"""Build a course notebook from a jupytext "percent" script, clean and ready to commit.

    .venv/bin/python tools/py2nb.py build/src/01_tokenization.py solutions/01_tokenization/01_tokenization.ipynb

Cell headers carry nbgrader metadata as JSON, for example
    # %% nbgrader={"grade": false, "grade_id": "wordpiece", "locked": false, "schema_version": 3, "solution": true, "task": false}
To edit a committed notebook as a script:  .venv/bin/jupytext --to py:percent NOTEBOOK -o SCRIPT
"""
import sys

import jupytext
import nbformat

from bertcourse.notebooks import normalize

if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    nb = normalize(jupytext.read(source, fmt="py:percent"))
    nbformat.write(nb, target)
    print(f"wrote {target} ({len(nb.cells)} cells)")
