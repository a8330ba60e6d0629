"""Seconds per graded submission-notebook, one student at a time and several at once.

Grades copies of each assignment's solution in scratch courses (the real gradebook is never
touched) with ``make grade``'s autograde step: first one job, then one job per core, all into the
same SQLite gradebook. Prints a table; asserts nothing.

    python benchmarks/bench_grading.py [--students 4] [--assignments 00_foundations ...]
"""

import course_utils  # noqa: F401  (quietens TensorFlow before it loads)
from course_utils.grading import autograde_students, default_jobs
from course_utils.release import ROOT, release

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat


def scratch_course(parent, assignment, students):
    course = Path(tempfile.mkdtemp(dir=parent))
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / assignment, course / "solutions" / assignment)
    release(assignment, root=course)
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    for student in students:
        path = course / "submitted" / student / assignment / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    return course


def autograde(course, assignment, students, jobs):
    start = time.perf_counter()
    failures = autograde_students(course, assignment, students, jobs)
    if failures:
        raise RuntimeError(f"{assignment}: the solution could not be graded: {failures}")
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--assignments", nargs="*", default=None)
    args = parser.parse_args(argv)
    names = args.assignments or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    students = [f"student{i:02d}" for i in range(args.students)]
    jobs = default_jobs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for a in names:
            t_one = autograde(scratch_course(tmp, a, students), a, students, 1)
            t_many = autograde(scratch_course(tmp, a, students), a, students, jobs)
            rows.append((a, t_one / len(students), t_many / len(students)))
    print(
        f"\nAutograding {args.students} copies of each solution into one gradebook, {os.cpu_count()} CPU cores\n"
    )
    print(f"| assignment | s / notebook, 1 job | s / notebook, {jobs} jobs (make grade) | speed-up |")
    print("|---|---|---|---|")
    for a, one, two in rows:
        print(f"| {a} | {one:.1f} | {two:.1f} | {one / two:.2f}x |")
    mean_one = sum(r[1] for r in rows) / len(rows)
    mean_two = sum(r[2] for r in rows) / len(rows)
    print(f"| **mean** | **{mean_one:.1f}** | **{mean_two:.1f}** | **{mean_one / mean_two:.2f}x** |")


if __name__ == "__main__":
    main()
