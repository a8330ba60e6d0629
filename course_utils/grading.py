"""Autograding support: what ``make grade`` runs, and the feedback filter nbgrader loads.

    python -m course_utils.grading NN_topic

grades every submission of one assignment and reports on the class:

1. collects notebooks downloaded from an LMS, if any, from ``downloaded/NN_topic/archive/``
   (``nbgrader zip_collect``; file names start with the student id: ``alice_NN_topic.ipynb``);
2. autogrades everything under ``submitted/*/NN_topic/``, several students at once (one per core,
   at most 8; ``COURSE_GRADING_JOBS`` sets it); manual grades already in the gradebook are kept:
   nbgrader never overwrites them;
3. writes each student's HTML feedback under ``feedback/`` and exports ``grades.csv``;
4. prints each student's score, the mean and median, each test's pass rate, and the
   submissions that could not be graded with the reason; saves a score histogram to
   ``grading-report/NN_topic_scores.png``.
"""

from course_utils.release import ROOT, nbgrader_env, release

import os
import re
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FAILED = re.compile(r"error processing assignment '[^']*' for student '([^']+)'")


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


MEMORY_LIMIT_GB = float(os.environ.get("COURSE_GRADING_MEMORY_GB", "4"))


def _limit_memory():
    # Each process of a grading run (nbgrader and every student's kernel, which inherits the limit)
    # gets at most this much heap: a memory bomb raises MemoryError in its own cell instead of
    # waking the kernel's OOM killer.
    import resource

    limit = int(MEMORY_LIMIT_GB * 2**30)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def run_nbgrader(root, *args):
    """Run ``nbgrader <args>`` in the course at ``root`` (memory-limited, output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory if sys.platform == "linux" else None,
    )


def failed_students(log):
    """Students nbgrader's log says it could not grade, with the last error line before each."""
    failures, last_error = {}, ""
    for line in log.splitlines():
        match = _FAILED.search(line)
        if match:
            failures[match.group(1)] = "could not be graded: " + (last_error or "see the nbgrader log")
        elif "Error" in line and "|" not in line[:3]:
            last_error = line.strip()[:200]
    return failures


def class_report(root, assignment):
    """{"students": {id: (score, max)}, "tests": {grade_id: pass rate}} from the gradebook."""
    students, passes = {}, {}
    with open_gradebook(root) as gb:
        for sub in gb.assignment_submissions(assignment):
            students[sub.student_id] = (sub.score, sub.max_score)
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.max_score:
                        passes.setdefault(g.name, []).append(g.score >= g.max_score)
    return {"students": students, "tests": {k: sum(v) / len(v) for k, v in passes.items()}}


def print_report(report, failures, assignment):
    scores = report["students"]
    print(f"\n{assignment}: {len(scores)} submission(s) graded")
    for student, (score, maximum) in sorted(scores.items()):
        flag = f"  ({failures[student]})" if student in failures else ""
        print(f"  {student:<30} {score:6.1f} / {maximum:g}{flag}")
    if scores:
        values = [s for s, _ in scores.values()]
        print(f"  mean {statistics.mean(values):.2f}, median {statistics.median(values):.2f}")
    if report["tests"]:
        print("\nPass rate per test (hardest first):")
        for test, rate in sorted(report["tests"].items(), key=lambda kv: kv[1]):
            print(f"  {test:<40} {100 * rate:5.1f} %")
    missing = sorted(set(failures) - set(scores))
    for student in missing:
        print(f"  {student}: {failures[student]}")


def save_histogram(report, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    values = [s for s, _ in report["students"].values()]
    if not values:
        return None
    maximum = max(m for _, m in report["students"].values())
    fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
    ax.hist(values, bins=min(20, max(5, len(values))), range=(0, maximum), color="0.35")
    ax.set(xlabel="score", ylabel="students", title=f"Scores (max {maximum:g})")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def open_gradebook(root):
    """The SQLite gradebook of the course at ``root`` (nbgrader runs ``alembic`` by name: PATH is fixed first)."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = nbgrader_env()["PATH"]
    return Gradebook(f"sqlite:///{Path(root).resolve() / 'gradebook.db'}")


def _in_gradebook(root, assignment):
    from nbgrader.api import MissingEntry

    with open_gradebook(root) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            return False
    return True


def flag_tampering(root, assignment):
    """Scan each submission's own code (``course_utils.integrity``); zero the tests of flagged ones.

    Returns {student: [reasons]}. Manual scores an instructor set are kept.
    """
    from course_utils.integrity import scan_notebook

    import nbformat

    flagged = {}
    for path in sorted(Path(root).glob(f"submitted/*/{assignment}/*.ipynb")):
        try:
            reasons = scan_notebook(nbformat.read(path, as_version=4))
        except Exception:  # unreadable notebooks are reported by autograde already
            continue
        if reasons:
            flagged[path.parent.parent.name] = reasons
    if flagged:
        with open_gradebook(root) as gb:
            for student in flagged:
                try:
                    submission = gb.find_submission(assignment, student)
                except Exception:
                    continue
                for nb in submission.notebooks:
                    for g in nb.grades:
                        g.auto_score = 0.0
                gb.db.commit()
    return flagged


def default_jobs():
    """Students graded at once: ``COURSE_GRADING_JOBS``, else one per core, at most 8."""
    jobs = os.environ.get("COURSE_GRADING_JOBS", "").strip()
    if not jobs:
        return min(os.cpu_count() or 1, 8)
    if not jobs.isdigit() or int(jobs) < 1:
        raise ValueError(f"COURSE_GRADING_JOBS (make grade J=...) must be a positive integer, got {jobs!r}")
    return int(jobs)


def _last_line(result):
    lines = (result.stdout + result.stderr).strip().splitlines()
    return lines[-1][:200] if lines else "see the nbgrader log"


def autograde_students(root, assignment, students, jobs):
    """``nbgrader autograde`` once per student, ``jobs`` at a time (one run for all when ``jobs`` is 1).

    Returns {student: why it could not be graded}. Safe on the SQLite gradebook: nbgrader writes to
    it only in short transactions before and after a notebook runs, and SQLite makes concurrent
    writers wait their turn; a run that still finds the database locked is repeated on its own.
    """
    if jobs == 1:  # one nbgrader process for everyone: no start-up cost per student
        result = run_nbgrader(root, "autograde", assignment, "--force")
        failures = failed_students(result.stdout + result.stderr)
        if result.returncode and not failures:
            failures = {"(all)": "nbgrader autograde failed: " + _last_line(result)}
        return failures

    def one(student):
        return run_nbgrader(root, "autograde", assignment, "--student", student, "--force")

    with ThreadPoolExecutor(jobs) as pool:
        results = dict(zip(students, pool.map(one, students)))
    for student, result in results.items():
        if result.returncode and "database is locked" in result.stdout + result.stderr:
            results[student] = one(student)
    failures = {}
    for student, result in results.items():
        if result.returncode:
            found = failed_students(result.stdout + result.stderr).get(student)
            failures[student] = found or "could not be graded: " + _last_line(result)
    return failures


def grade(assignment, root=ROOT, jobs=None):
    """Collect, autograde, give feedback, export and report; returns 0 when every submission was graded.

    ``jobs`` students are graded at once (default: ``default_jobs()``).
    """
    root = Path(root)
    if not (root / "solutions" / assignment).is_dir():
        raise ValueError(f"assignment {assignment!r} has no source in solutions/")
    jobs = default_jobs() if jobs is None else jobs
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    if (root / "downloaded" / assignment / "archive").is_dir():
        result = run_nbgrader(root, "zip_collect", assignment, "--force")
        print(
            result.stdout + result.stderr
            if result.returncode
            else f"collected LMS downloads for {assignment}"
        )
    students = sorted(p.parent.name for p in (root / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if not students:
        print(f"nothing to grade: no submitted/<student>/{assignment}/ folder")
        return 1
    if not _in_gradebook(root, assignment):
        release(assignment, root=root)  # records the assignment's graded cells in the gradebook
    failures = autograde_students(root, assignment, students, jobs)
    for student, reasons in flag_tampering(root, assignment).items():
        failures[student] = "tampering suspected, tests zeroed: " + "; ".join(reasons)
    feedback = run_nbgrader(root, "generate_feedback", assignment, "--force")
    if feedback.returncode:
        print(feedback.stderr[-2000:])
    export = run_nbgrader(root, "export", "--to", str(root / "grades.csv"))
    if export.returncode:
        print(export.stderr[-2000:])
    report = class_report(root, assignment)
    print_report(report, failures, assignment)
    histogram = save_histogram(report, root / "grading-report" / f"{assignment}_scores.png")
    print(f"\nfeedback: {root / 'feedback'}\ngrades:   {root / 'grades.csv'}")
    if histogram:
        print(f"histogram: {histogram}")
    return 1 if failures else 0


def main(argv=None):
    names = sys.argv[1:] if argv is None else argv
    if len(names) != 1:
        print(__doc__.strip())
        return 2
    return grade(names[0])


if __name__ == "__main__":
    sys.exit(main())
