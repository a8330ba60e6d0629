"""The class report ``make grade`` prints: scores, tests' pass rates, work waiting for a person."""

import statistics
from pathlib import Path


def db_url(root):
    """The gradebook of the course at ``root``: ``COURSE_DB_URL`` if set, else ``gradebook.db`` there."""
    import os

    return os.environ.get("COURSE_DB_URL") or f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def open_gradebook(root):
    """The gradebook of the course at ``root``, as nbgrader's ``Gradebook`` (a context manager).

    It must exist already (nbgrader creates it when it first releases or grades).
    """
    from nbgrader.api import Gradebook

    url = db_url(root)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        raise FileNotFoundError(f"no gradebook at {url}: release or grade an assignment first")
    return Gradebook(url)


def class_report(root, assignment):
    """Scores, pass rates and manual grading still to do, read from the gradebook.

    Returns {"students": {id: (score, max)}, "tests": {grade_id: pass rate},
    "manual": {id: [grade_ids of written answers not graded yet]}}.
    """
    students, passes, manual = {}, {}, {}
    with open_gradebook(root) as gb:
        for sub in gb.assignment_submissions(assignment):
            students[sub.student_id] = (sub.score, sub.max_score)
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.cell.cell_type == "markdown":  # a written answer: a person grades it
                        if g.manual_score is None and g.auto_score is None:  # (untouched ones score 0)
                            manual.setdefault(sub.student_id, []).append(g.name)
                    elif g.max_score:
                        passes.setdefault(g.name, []).append(g.score >= g.max_score)
    return {
        "students": students,
        "tests": {k: sum(v) / len(v) for k, v in passes.items()},
        "manual": manual,
    }


def print_report(report, failures, notes, assignment, sandboxed):
    scores = report["students"]
    print(f"\n{assignment}: {len(scores)} submission(s) graded")
    if not sandboxed[0]:
        print("\n" + "!" * 78)
        print(f"!! GRADED WITHOUT A SANDBOX: {sandboxed[1]}")
        print("!! Students' code could read files this account can read. See the instructor guide.")
        print("!" * 78 + "\n")
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
    manual = {s: v for s, v in report["manual"].items() if s not in failures}
    if manual:
        waiting = sum(len(v) for v in manual.values())
        print(f"\nWaiting for a person: {waiting} written answer(s) of {len(manual)} student(s)")
        print(
            "  grade them in formgrader (make lab, then Nbgrader > Manage Assignments), then run make grade again"
        )
    for student in sorted(set(failures) - set(scores)):
        print(f"  {student}: {failures[student]}")
    if notes:
        print("\nFor the instructor to look at (these do not change any score):")
        for student, items in sorted(notes.items()):
            for item in items:
                print(f"  {student}: {item}")


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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path
