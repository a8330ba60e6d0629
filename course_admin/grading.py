"""What ``make grade`` runs: collect, autograde, feedback, export, report.

    python -m course_admin.grading [--root COURSE] [--jobs N] NN_topic

1. collects notebooks downloaded from an LMS, if any, from ``downloaded/NN_topic/archive/``
   (``nbgrader zip_collect``; file names start with the student id: ``alice_NN_topic.ipynb``), and
   the newest submissions from the hub's exchange when the course has one (``make hub``);
2. autogrades everything under ``submitted/*/NN_topic/``, several students at once (one per core,
   at most 8; ``--jobs`` or ``COURSE_GRADING_JOBS``). Each test's verdict is reached outside the
   student's code, which runs sandboxed (``course_admin.executor``); manual grades already in the
   gradebook are kept (nbgrader never overwrites them);
3. writes each student's HTML feedback under ``feedback/`` and exports ``grades.csv``;
4. prints each student's score, the mean and median, each test's pass rate, the written answers
   still waiting for a person, submissions that could not be graded (with the reason), and notes
   for the instructor from a reading of the code; saves a score histogram to
   ``grading-report/NN_topic_scores.png``.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from course_admin import report, sandbox
from course_admin.exchange import exchange_root
from course_admin.release import assignments, nbgrader_env, release


def run_nbgrader(root, *args):
    """Run ``nbgrader <args>`` in the course at ``root``, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
    )


def default_jobs():
    """Students graded at once: ``COURSE_GRADING_JOBS``, else one per core, at most 8."""
    jobs = os.environ.get("COURSE_GRADING_JOBS", "").strip()
    if not jobs:
        return min(os.cpu_count() or 1, 8)
    if not jobs.isdigit() or int(jobs) < 1:
        raise ValueError(f"COURSE_GRADING_JOBS (make grade J=...) must be a positive integer, got {jobs!r}")
    return int(jobs)


def _last_line(result):
    lines = [ln.strip() for ln in (result.stdout + result.stderr).strip().splitlines() if ln.strip()]
    exceptions = [ln for ln in lines if re.search(r"\w(Error|Exception): ", ln)]  # "NotJSONError: ..."
    errors = [ln for ln in lines if "error" in ln.lower()]
    return (exceptions or errors or lines or ["see nbgrader's log"])[-1][:200]


def _graded(root, assignment):
    """Students with an autograded notebook of ``assignment``."""
    return {p.parent.parent.name for p in Path(root).glob(f"autograded/*/{assignment}/*.ipynb")}


def autograde_students(root, assignment, students, jobs):
    """Autograde ``students``: ``jobs`` nbgrader processes at once, each grading its share of the class.

    One process per share, not per student: each pays nbgrader's and TensorFlow's start-up once.
    Returns {student: why it could not be graded}, from the exit status of each student's last run
    and the autograded notebooks that exist afterwards. A notebook nbgrader refuses (corrupted
    metadata, say) ends a run at that student, and on SQLite a run can find the gradebook locked by
    another: the students a run did not reach are graded again together, and when a run grades no one,
    the first of them is graded alone. So no student pays for another's notebook. A PostgreSQL
    gradebook (``COURSE_DB_URL``) takes parallel runs as they are.
    """
    for student in students:  # what exists afterwards is this run's work, not an earlier run's
        shutil.rmtree(Path(root) / "autograded" / student / assignment, ignore_errors=True)

    def run(share):
        others = sorted(set(students) - set(share))
        exclude = [f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []
        return run_nbgrader(root, "autograde", assignment, "--force", *exclude)

    def grade_share(share):
        failed, remaining = {}, sorted(share)  # nbgrader goes through the students in this order
        while remaining:
            result = run(remaining)
            graded = _graded(root, assignment)
            if not graded & set(remaining):  # the run graded no one: its first student is graded alone
                first, remaining = remaining[0], remaining[1:]
                if remaining:
                    result = run([first])
                    graded = _graded(root, assignment)
                if first not in graded:
                    failed[first] = result
            remaining = [s for s in remaining if s not in graded]
        return failed

    shares = [students[i::jobs] for i in range(min(jobs, len(students)))]
    with ThreadPoolExecutor(len(shares)) as pool:
        results = {s: r for failed in pool.map(grade_share, shares) for s, r in failed.items()}
    graded = _graded(root, assignment)
    return {s: "could not be graded: " + _last_line(r) for s, r in results.items() if s not in graded}


def _notes(root, assignment):
    import nbformat

    from course_admin.integrity import scan_notebook

    notes = {}
    for path in sorted(Path(root).glob(f"submitted/*/{assignment}/*.ipynb")):
        try:
            found = scan_notebook(nbformat.read(path, as_version=4))
        except Exception:
            continue  # an unreadable notebook is reported as not gradable
        if found:
            notes[path.parent.parent.name] = found
    return notes


def _in_gradebook(root, assignment):
    from nbgrader.api import MissingEntry

    try:
        with report.open_gradebook(root) as gb:
            gb.find_assignment(assignment)
    except (FileNotFoundError, MissingEntry):
        return False
    return True


def grade(assignment, root=".", jobs=None):
    """Collect, autograde, give feedback, export and report; returns 0 when every submission was graded."""
    root = Path(root).resolve()
    if assignment not in assignments(root):
        raise ValueError(f"assignment must be one of {assignments(root)}, got {assignment!r}")
    jobs = default_jobs() if jobs is None else jobs
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    if (root / "downloaded" / assignment / "archive").is_dir():
        result = run_nbgrader(root, "zip_collect", assignment, "--force")
        print(
            result.stdout + result.stderr
            if result.returncode
            else f"collected LMS downloads for {assignment}"
        )
    if exchange_root(root) is not None:
        result = run_nbgrader(root, "collect", assignment, "--update")
        print(
            result.stdout + result.stderr
            if result.returncode
            else f"collected {assignment} from the hub's exchange"
        )
    students = sorted(p.parent.name for p in (root / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if not students:
        print(f"nothing to grade: no submitted/<student>/{assignment}/ folder")
        return 1
    if not _in_gradebook(root, assignment):
        release(assignment, root=root)  # records the assignment's graded cells in the gradebook
    sandboxed = sandbox.available() if sandbox.wanted() else (False, "COURSE_SANDBOX=0 turned it off")
    failures = autograde_students(root, assignment, students, jobs)
    feedback = run_nbgrader(root, "generate_feedback", assignment, "--force")
    if feedback.returncode:
        print(feedback.stderr[-2000:])
    export = run_nbgrader(root, "export", "--to", str(root / "grades.csv"))
    if export.returncode:
        print(export.stderr[-2000:])
    summary = report.class_report(root, assignment)
    report.print_report(summary, failures, _notes(root, assignment), assignment, sandboxed)
    histogram = report.save_histogram(summary, root / "grading-report" / f"{assignment}_scores.png")
    print(f"\nfeedback: {root / 'feedback'}\ngrades:   {root / 'grades.csv'}")
    if exchange_root(root) is not None:
        print(
            f"release the feedback to the hub's students: formgrader, or nbgrader release_feedback {assignment}"
        )
    if histogram:
        print(f"histogram: {histogram}")
    return 1 if failures else 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Autograde one assignment's submissions and report on the class."
    )
    parser.add_argument("assignment", metavar="NN_topic")
    parser.add_argument("--root", default=".", help="the course's root folder (default: the current folder)")
    parser.add_argument(
        "--jobs", type=int, default=None, help="students graded at once (default: one per core)"
    )
    args = parser.parse_args(argv)
    return grade(args.assignment, root=args.root, jobs=args.jobs)


if __name__ == "__main__":
    sys.exit(main())
