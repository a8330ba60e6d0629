"""nbgrader preprocessors the course configures in ``nbgrader_config.py``."""

import re

from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Bool

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_hidden_tests(source):
    """``source`` without the lines between the hidden-test markers (markers included)."""
    kept, hidden = [], False
    for line in source.splitlines():
        if BEGIN_HIDDEN in line:
            hidden = True
        elif END_HIDDEN in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


class HideHiddenTests(ClearHiddenTests):
    """Feedback filter: students see their score and each failure's message, never hidden test code.

    nbgrader's ``ClearHiddenTests`` removes the hidden-test regions (as it does for the release);
    this also cuts error tracebacks, which quote the failing line, hidden or not, down to
    ``ExceptionName: message``.
    """

    # A submission's metadata is the student's, not the instructor's: never stop on it.
    enforce_metadata = Bool(False).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.metadata.get("nbgrader", {}).get("grade"):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [_ANSI.sub("", f"{output.ename}: {output.evalue}")]
        return cell, resources
