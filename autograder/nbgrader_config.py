# nbgrader configuration for the course. nbgrader reads it from the working directory only, so the
# `bertcourse` commands run nbgrader from this folder (or write a copy next to a grading workspace).
import os

c = get_config()  # noqa: F821  (nbgrader provides get_config)

here = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()
c.CourseDirectory.root = os.environ.get("BERTCOURSE_COURSE_ROOT", os.path.dirname(here))
c.CourseDirectory.course_id = "bert-by-hand"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# What the learner sees where a solution was.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Grading: a cell may run at most this long; library noise on stderr costs no points.
c.Execute.timeout = int(os.environ.get("BERTCOURSE_CELL_TIMEOUT", "120"))
c.Execute.allow_errors = True
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(?s).*"  # every stderr stream is informational; a failing test raises instead

# Feedback shows the visible tests, never the hidden ones, and no traceback that could quote them.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "bertcourse.feedback.ShortTestErrors",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
