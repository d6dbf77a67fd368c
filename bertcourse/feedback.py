"""nbgrader preprocessors for the feedback the learner gets back."""
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool


class ShortTestErrors(Preprocessor):
    """In test cells, keep only the error's last line (`CheckFailed: expected …, got …`).

    A full traceback quotes the lines of the test that failed, hidden tests included; the message of a
    `bertcourse.testing` check already says what was expected and what came back."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
