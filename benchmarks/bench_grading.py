"""Seconds per graded submission-notebook, one student at a time and several at once.

Grades copies of each assignment's solution in scratch courses (the real gradebook is never
touched) with ``make grade``'s autograde step: first one job, then one job per core, all into the
same SQLite gradebook. Prints a table; asserts nothing.

    python benchmarks/bench_grading.py [--students 4] [--assignments 00_foundations ...]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from course_admin.grading import autograde_students, default_jobs
from course_admin.notebooks import read_solution, scratch_course, submit, without_outputs
from course_admin.release import assignments

ROOT = Path(__file__).resolve().parents[1]


def class_of(parent, assignment, students):
    course = scratch_course(ROOT, tempfile.mkdtemp(dir=parent), assignment)
    nb = without_outputs(read_solution(ROOT, assignment))
    for student in students:
        submit(course, assignment, student, nb)
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
    names = args.assignments or assignments(ROOT)
    students = [f"student{i:02d}" for i in range(args.students)]
    jobs = default_jobs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for a in names:
            t_one = autograde(class_of(tmp, a, students), a, students, 1)
            t_many = autograde(class_of(tmp, a, students), a, students, jobs)
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
