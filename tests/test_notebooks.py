"""Every lecture and every solutions notebook runs top to bottom offline, each within 3 minutes."""
import time

import nbformat
import pytest
from nbclient import NotebookClient

from bertcourse import ROOT

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((ROOT / "course").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb"))
LIMIT_S = 180


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_offline_in_time(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=LIMIT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.time()
    client.execute()
    seconds = time.time() - start
    print(f"\n{path.relative_to(ROOT)}: {seconds:.1f} s")
    assert seconds <= LIMIT_S, f"{path.name} took {seconds:.0f} s (limit {LIMIT_S} s)"
