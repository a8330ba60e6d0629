"""Helpers for the nbgrader pipeline tests: a scratch course, submissions, grading, scores."""

from pathlib import Path

import nbformat

from course_admin.grading import run_nbgrader
from course_admin.notebooks import (  # noqa: F401
    load_mistakes,
    scratch_course,
    submit,
    with_mistake,
    without_outputs,
)
from course_admin.release import assignments as _assignments
from course_admin.report import open_gradebook

ROOT = Path(__file__).resolve().parents[1]
apply_mistake, clear_outputs = with_mistake, without_outputs


def assignments():
    return _assignments(ROOT)


def mistakes(assignment):
    return load_mistakes(ROOT, assignment)


def make_course(tmp, assignment):
    """A scratch copy of the course holding one assignment's source, released."""
    return scratch_course(ROOT, tmp, assignment)


def nbgrader(course, *args, check=True):
    result = run_nbgrader(course, *args)
    if check and result.returncode:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def scores(course, assignment, manual=False):
    """{student: {grade_id: (score, max_score)}} of the autograded tests, from the scratch course's gradebook.

    Written answers (graded by a person, no automatic score) are left out; ``manual=True`` keeps them.
    """
    out = {}
    with open_gradebook(course) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                out[sub.student_id] = {
                    g.name: (g.score, g.max_score) for g in nb.grades if manual or g.auto_score is not None
                }
    return out


def autograded_outputs(course, assignment, student):
    """{grade_id: all text the cell printed, tracebacks included} from the autograded notebook."""
    nb = nbformat.read(
        Path(course) / "autograded" / student / assignment / f"{assignment}.ipynb", as_version=4
    )
    texts = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type != "code" or not gid:
            continue
        parts = []
        for o in cell.outputs:
            parts.append(o.get("text", "") if isinstance(o.get("text", ""), str) else "".join(o["text"]))
            parts.append(o.get("evalue", ""))
        texts[gid] = "\n".join(parts)
    return texts
