"""A class of 100 on one machine: fetch, submit, collect and grade through the hub's exchange, on PostgreSQL.

    python benchmarks/hub_load.py [--students 100] [--graders 1 2]

Every simulated student fetches 00_foundations and submits it from inside their own sandbox (the
command their hub server runs in, with nbgrader's student side), most with the solution and some
with a classic mistake. The instructor's side collects and grades with ``make grade``'s code on a
PostgreSQL gradebook (pgserver's server, started here), once per number of graders, then releases
the feedback. Prints the table of submissions graded per minute and checks that nothing was lost:
one row per student in grades.csv, every feedback file written and released. Not part of
``make bench`` (it takes about 20 minutes on 2 cores).
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_admin import hub  # noqa: E402
from course_admin.grading import grade, run_nbgrader  # noqa: E402
from course_admin.notebooks import (  # noqa: E402
    load_mistakes,
    read_solution,
    scratch_course,
    with_mistake,
    without_outputs,
)
from course_admin.release import nbgrader_env  # noqa: E402

ASSIGNMENT = "00_foundations"


def as_student(layout, student, *args):
    """``nbgrader <args>`` as ``student``'s hub server runs it: in their sandbox, with their settings."""
    env = {
        **nbgrader_env(),
        "JUPYTERHUB_USER": student,
        "JUPYTER_CONFIG_PATH": layout.config_path(student),
    }
    for secret in ("COURSE_DB_URL", "COURSE_EXCHANGE"):
        env.pop(secret, None)
    argv = hub.student_command(layout, student, [sys.executable, "-m", "nbgrader", *args])
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{student}: nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--graders", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if args.students < 1:
        raise ValueError(f"--students must be at least 1, got {args.students}")
    import pgserver

    base = Path(tempfile.mkdtemp(prefix="hub-load-"))
    server = pgserver.get_server(base / "postgres", cleanup_mode="stop")
    server.psql("CREATE DATABASE gradebook;")
    os.environ["COURSE_DB_URL"] = server.get_uri("gradebook")
    try:
        course = scratch_course(ROOT, base / "course", ASSIGNMENT)
        names = [f"s{i:03d}" for i in range(args.students)]
        roster = base / "students.csv"
        roster.write_text("id,first_name,last_name,email\n" + "".join(f"{n},,,\n" for n in names))
        layout = hub.setup(course, base / "state", roster, "instructor")
        os.environ["COURSE_EXCHANGE"] = str(layout.exchange)
        released = run_nbgrader(course, "release_assignment", ASSIGNMENT)
        assert released.returncode == 0, released.stdout + released.stderr

        solution = read_solution(ROOT, ASSIGNMENT)
        mistakes = load_mistakes(ROOT, ASSIGNMENT)
        work = {
            n: with_mistake(solution, mistakes[i // 5 % len(mistakes)])
            if i % 5 == 4
            else without_outputs(solution)
            for i, n in enumerate(names)
        }

        def hand_in(student):
            as_student(layout, student, "fetch_assignment", ASSIGNMENT)
            nbformat.write(work[student], layout.home(student) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
            as_student(layout, student, "submit", ASSIGNMENT)

        start = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(hand_in, names))
        handed_in = time.perf_counter() - start
        print(f"{args.students} students fetched and submitted in {handed_in / 60:.1f} min", flush=True)

        rows = []
        for graders in args.graders:
            for folder in ("submitted", "autograded", "feedback"):
                shutil.rmtree(course / folder, ignore_errors=True)
            start = time.perf_counter()
            status = grade(ASSIGNMENT, root=course, jobs=graders)  # collects from the exchange, then grades
            minutes = (time.perf_counter() - start) / 60
            with open(course / "grades.csv", newline="") as f:
                rows_ = [r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT and r["timestamp"]]
                graded = {r["student_id"] for r in rows_}
            feedback = {
                p.parent.parent.name for p in course.glob(f"feedback/*/{ASSIGNMENT}/{ASSIGNMENT}.html")
            }
            lost = len(set(names) - (graded & feedback))
            rows.append((graders, args.students, minutes, args.students / minutes, lost, status))

        released = run_nbgrader(course, "release_feedback", ASSIGNMENT)
        assert released.returncode == 0, released.stdout + released.stderr
        unreleased = [
            n for n in names if len(list(layout.course_exchange("feedback", n).glob("*.html"))) != 1
        ]
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)

    print(f"\n{'graders':>7} | {'submissions':>11} | {'minutes':>7} | {'per minute':>10} | {'lost':>4}")
    print("-" * 53)
    for graders, n, minutes, rate, lost, _ in rows:
        print(f"{graders:>7} | {n:>11} | {minutes:>7.1f} | {rate:>10.1f} | {lost:>4}")
    print(
        f"\nfeedback released to the exchange: {args.students - len(unreleased)} of {args.students} students"
    )
    if unreleased or any(r[4] or r[5] for r in rows):
        raise SystemExit("submissions were lost or could not be graded")


if __name__ == "__main__":
    main()
