"""Seconds per graded submission-notebook, one student at a time and several at once.

Grades copies of each assignment's solution in scratch courses (the real gradebook is never
touched) with ``make grade``'s autograde step: one job without the sandbox, one job with it, then one
job per core with it, all into the same SQLite gradebook. Prints a table; asserts nothing.

    python benchmarks/bench_grading.py [--students 4] [--assignments 00_foundations ...]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from course_admin import sandbox
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


def autograde(course, assignment, students, jobs, sandboxed=True):
    os.environ["COURSE_SANDBOX"] = "1" if sandboxed else "0"
    start = time.perf_counter()
    failures = autograde_students(course, assignment, students, jobs)
    if failures:
        raise RuntimeError(f"{assignment}: the solution could not be graded: {failures}")
    return (time.perf_counter() - start) / len(students)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--assignments", nargs="*", default=None)
    args = parser.parse_args(argv)
    names = args.assignments or assignments(ROOT)
    students = [f"student{i:02d}" for i in range(args.students)]
    jobs = default_jobs()
    ok, why = sandbox.available()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for a in names:
            bare = autograde(class_of(tmp, a, students), a, students, 1, sandboxed=False)
            one = autograde(class_of(tmp, a, students), a, students, 1)
            many = autograde(class_of(tmp, a, students), a, students, jobs)
            rows.append((a, bare, one, many))
    print(
        f"\nAutograding {args.students} copies of each solution into one gradebook, {os.cpu_count()} CPU cores; "
        f"sandbox: {'bubblewrap' if ok else 'unavailable (' + why + ')'}\n"
    )
    print(
        f"| assignment | s / notebook, 1 job, no sandbox | 1 job, sandbox | {jobs} jobs, sandbox (make grade) |"
    )
    print("|---|---|---|---|")
    for a, bare, one, many in rows:
        print(f"| {a} | {bare:.1f} | {one:.1f} | {many:.1f} |")
    means = [sum(r[i] for r in rows) / len(rows) for i in (1, 2, 3)]
    print("| **mean** | " + " | ".join(f"**{m:.1f}**" for m in means) + " |")


if __name__ == "__main__":
    main()
