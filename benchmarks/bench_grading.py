"""Seconds per graded submission-notebook, and what grading in parallel would buy.

Grades copies of each assignment's solution in scratch courses (the real gradebook is never
touched): one nbgrader process with one SQLite gradebook (what ``make grade`` does), then the
same submissions split across two processes with a gradebook each, running at once. Prints a
table; asserts nothing.

    python benchmarks/bench_grading.py [--students 4] [--assignments 00_foundations ...]
"""

import course_utils  # noqa: F401  (quietens TensorFlow before it loads)
from course_utils.release import ROOT, nbgrader_env, release

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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


def autograde(course, assignment):
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--assignments", nargs="*", default=None)
    args = parser.parse_args(argv)
    names = args.assignments or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    students = [f"student{i:02d}" for i in range(args.students)]
    half = len(students) // 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for a in names:
            one = scratch_course(tmp, a, students)
            t_one = autograde(one, a)
            shards = [scratch_course(tmp, a, students[:half]), scratch_course(tmp, a, students[half:])]
            start = time.perf_counter()
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(autograde, shards, [a, a]))
            t_two = time.perf_counter() - start
            rows.append((a, t_one / len(students), t_two / len(students)))
    print(f"\nAutograding {args.students} copies of each solution, {os.cpu_count()} CPU cores\n")
    print("| assignment | s / notebook, 1 gradebook | s / notebook, 2 shards at once | speed-up |")
    print("|---|---|---|---|")
    for a, one, two in rows:
        print(f"| {a} | {one:.1f} | {two:.1f} | {one / two:.2f}x |")
    mean_one = sum(r[1] for r in rows) / len(rows)
    mean_two = sum(r[2] for r in rows) / len(rows)
    print(f"| **mean** | **{mean_one:.1f}** | **{mean_two:.1f}** | **{mean_one / mean_two:.2f}x** |")


if __name__ == "__main__":
    main()
