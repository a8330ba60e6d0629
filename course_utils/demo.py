"""A demo class for instructors: simulated submissions, graded end to end.

    python -m course_utils.demo [NN_topic] [--dir demo-class]

Builds a scratch course in ``demo-class/`` (never the real gradebook) with one assignment and
five students: a complete solution, two with classic mistakes (from ``tests/mistakes/``), an
untouched release, and a broken notebook (not valid JSON). Then runs the same grading as
``make grade`` and prints the class report.
"""

from course_utils.grading import grade
from course_utils.release import ROOT, release

import argparse
import copy
import runpy
import shutil
import sys
from pathlib import Path

import nbformat


def without_outputs(nb):
    """A copy of ``nb`` with every code cell's outputs and execution count cleared."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def with_mistake(nb, mistake):
    """A copy of solution notebook ``nb`` with one classic mistake (a ``tests/mistakes`` entry) written in."""
    nb = without_outputs(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == mistake["cell"]:
            if mistake["find"] not in cell.source:
                raise ValueError(
                    f"mistake {mistake['name']}: {mistake['find']!r} is not in cell {mistake['cell']}"
                )
            cell.source = cell.source.replace(mistake["find"], mistake["replace"])
            return nb
    raise ValueError(f"mistake {mistake['name']}: no cell with grade_id {mistake['cell']!r}")


def build_demo(assignment, directory):
    """Lay out the scratch course with five simulated submissions; returns its path."""
    directory = Path(directory)
    if not (ROOT / "solutions" / assignment).is_dir():
        raise ValueError(f"assignment {assignment!r} has no source in solutions/")
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", directory)
    shutil.copytree(ROOT / "solutions" / assignment, directory / "solutions" / assignment)
    release(assignment, root=directory)
    name = f"{assignment}.ipynb"
    solution = nbformat.read(ROOT / "solutions" / assignment / name, as_version=4)
    mistakes_file = ROOT / "tests" / "mistakes" / f"{assignment}.py"
    mistakes = runpy.run_path(str(mistakes_file))["MISTAKES"] if mistakes_file.exists() else []
    students = {"ada-complete": without_outputs(solution)}
    for student, mistake in zip(("ben-mistake", "cy-mistake"), mistakes):
        students[student] = with_mistake(solution, mistake)
    students["dee-untouched"] = nbformat.read(directory / "exercises" / assignment / name, as_version=4)
    for student, nb in students.items():
        path = directory / "submitted" / student / assignment / name
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    broken = directory / "submitted" / "eli-broken" / assignment / name
    broken.parent.mkdir(parents=True)
    broken.write_text('{"cells": [ this is not a notebook')
    return directory


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade a simulated class end to end.")
    parser.add_argument("assignment", nargs="?", default="00_foundations")
    parser.add_argument("--dir", default=str(ROOT / "demo-class"))
    args = parser.parse_args(argv)
    directory = build_demo(args.assignment, args.dir)
    print(f"demo class in {directory}: 5 simulated submissions of {args.assignment}")
    grade(args.assignment, root=directory)
    print("\n(eli-broken is expected to fail: the batch goes on and the report says why.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
