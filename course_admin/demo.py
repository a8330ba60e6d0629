"""A demo class for instructors: simulated submissions, graded end to end.

    python -m course_admin.demo [--root COURSE] [--dir demo-class] [NN_topic]

Builds a scratch course in ``demo-class/`` (never the real gradebook) with one assignment and
five students: a complete solution, two with classic mistakes (from ``solutions/NN_topic/mistakes.py``),
an untouched release, and a broken notebook (not valid JSON). Then runs the same grading as
``make grade`` and prints the class report.
"""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

from course_admin.grading import grade
from course_admin.notebooks import (
    load_mistakes,
    read_solution,
    scratch_course,
    submit,
    with_mistake,
    without_outputs,
)


def build_demo(assignment, directory, root="."):
    """Lay out the scratch course with five simulated submissions; returns its path."""
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    scratch_course(root, directory, assignment)
    solution = read_solution(root, assignment)
    students = {"ada-complete": without_outputs(solution)}
    for student, mistake in zip(("ben-mistake", "cy-mistake"), load_mistakes(root, assignment)):
        students[student] = with_mistake(solution, mistake)
    name = f"{assignment}.ipynb"
    students["dee-untouched"] = nbformat.read(directory / "exercises" / assignment / name, as_version=4)
    for student, nb in students.items():
        submit(directory, assignment, student, nb)
    submit(directory, assignment, "eli-broken", '{"cells": [ this is not a notebook')
    return directory


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade a simulated class end to end.")
    parser.add_argument("assignment", nargs="?", default="00_foundations")
    parser.add_argument("--root", default=".", help="the course's root folder (default: the current folder)")
    parser.add_argument("--dir", default=None, help="where to build the class (default: ROOT/demo-class)")
    args = parser.parse_args(argv)
    directory = build_demo(args.assignment, args.dir or Path(args.root) / "demo-class", root=args.root)
    print(f"demo class in {directory}: 5 simulated submissions of {args.assignment}")
    grade(args.assignment, root=directory)
    print("\n(eli-broken is expected to fail: the batch goes on and the report says why.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
