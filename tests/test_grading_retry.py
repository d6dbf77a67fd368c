"""A whole-notebook autograding failure (not a student's error) is retried once and explained."""
from bertcourse import grading

NBGRADER_LOG = """[AutogradeApp | INFO] Autograding /w/submitted/zoe/05_masked_lm/05_masked_lm.ipynb
[AutogradeApp | ERROR] There was an error processing assignment: /w/submitted/zoe/05_masked_lm
[AutogradeApp | ERROR] Traceback (most recent call last):
  File "nbgrader/converters/base.py", line 390, in convert_notebooks
    self.convert_single_notebook(notebook_filename)
  File "jupyter_client/manager.py", line 620, in _async_wait_for_ready
    raise RuntimeError("Kernel didn't respond in %d seconds" % timeout)
RuntimeError: Kernel didn't respond in 60 seconds
[AutogradeApp | ERROR] There was an error processing assignment '05_masked_lm' for student 'zoe'
[AutogradeApp | ERROR] Please see the the above traceback for details on the specific errors on the above failures.
"""


class FlakyAPI:
    """Stands in for nbgrader's API: fails the first `failures` calls, then succeeds."""
    def __init__(self, failures):
        self.failures, self.calls = failures, 0

    def autograde(self, assignment, student, force, create):
        self.calls += 1
        if self.calls <= self.failures:
            return {"success": False, "error": "", "log": NBGRADER_LOG}
        return {"success": True, "log": ""}


def test_last_error_names_the_exception_not_the_generic_line():
    assert grading.last_error(NBGRADER_LOG) == "RuntimeError: Kernel didn't respond in 60 seconds"
    assert grading.last_error("[AutogradeApp | ERROR] the kernel became unresponsive\n"
                              "[AutogradeApp | ERROR] Please see the error log") == \
        "[AutogradeApp | ERROR] the kernel became unresponsive"


def test_a_failed_autograde_is_run_once_more():
    api = FlakyAPI(failures=1)
    result, errors = grading.autograde(api, grading.Outcome("zoe", "05_masked_lm", "05_masked_lm.ipynb"))
    assert result["success"] and api.calls == 2
    assert errors == ["RuntimeError: Kernel didn't respond in 60 seconds"]


def test_autograde_gives_up_after_two_tries():
    api = FlakyAPI(failures=5)
    result, errors = grading.autograde(api, grading.Outcome("zoe", "05_masked_lm", "05_masked_lm.ipynb"))
    assert not result["success"] and api.calls == 2 and len(errors) == 2


def test_a_success_is_not_repeated():
    api = FlakyAPI(failures=0)
    result, errors = grading.autograde(api, grading.Outcome("zoe", "05_masked_lm", "05_masked_lm.ipynb"))
    assert result["success"] and api.calls == 1 and errors == []
