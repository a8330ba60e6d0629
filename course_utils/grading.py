"""Autograding support: what ``make grade`` runs, and the feedback filter nbgrader loads.

    python -m course_utils.grading NN_topic

autogrades every submission under ``submitted/`` for one assignment, writes each student's
HTML feedback under ``feedback/`` and exports ``grades.csv``.
"""

from course_utils.release import ROOT, nbgrader_env

import re
import subprocess
import sys
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
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


class HideHiddenTests(Preprocessor):
    """Feedback filter: students see their score and each failure's message, never hidden test code.

    Removes the hidden-test regions from every test cell's source and cuts error tracebacks
    (which quote the failing line, hidden or not) down to ``ExceptionName: message``.
    """

    enabled = Bool(True, help="nbconvert runs a preprocessor only when it is enabled").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade") or BEGIN_HIDDEN in cell.source:
            cell.source = strip_hidden_tests(cell.source)
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    message = _ANSI.sub("", f"{output.ename}: {output.evalue}")
                    output.traceback = [message]
        return cell, resources


def grade(assignment, root=ROOT):
    """Autograde ``submitted/*/<assignment>``, generate feedback and export grades.csv; returns the exit status."""
    root = Path(root)
    env = nbgrader_env()
    nbgrader = [sys.executable, "-m", "nbgrader"]
    status = subprocess.run([*nbgrader, "autograde", assignment, "--force"], cwd=root, env=env).returncode
    subprocess.run([*nbgrader, "generate_feedback", assignment, "--force"], cwd=root, env=env, check=False)
    subprocess.run([*nbgrader, "export", "--to", "grades.csv"], cwd=root, env=env, check=True)
    return status


def main(argv=None):
    names = sys.argv[1:] if argv is None else argv
    if len(names) != 1:
        print(__doc__.strip())
        return 2
    return grade(names[0])


if __name__ == "__main__":
    sys.exit(main())
