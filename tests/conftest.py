import shutil
from pathlib import Path

import pytest

from bertcourse import ROOT
from bertcourse.notebooks import assignments as all_assignments


@pytest.fixture(scope="session")
def assignments():
    """The assignments that exist in solutions/ (each chapter adds one)."""
    return all_assignments()
