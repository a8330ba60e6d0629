"""Helpers for the nbgrader pipeline tests: a scratch course, submissions, grading, scores."""

from course_utils.demo import with_mistake as apply_mistake  # noqa: F401 (used by the tests)
from course_utils.demo import without_outputs as clear_outputs  # noqa: F401
from course_utils.grading import open_gradebook, run_nbgrader
from course_utils.release import release

import runpy
import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def assignments():
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())


def mistakes(assignment):
    path = ROOT / "tests" / "mistakes" / f"{assignment}.py"
    return runpy.run_path(str(path))["MISTAKES"] if path.exists() else []


def make_course(tmp, assignment):
    """A scratch copy of the course holding one assignment's source, released."""
    tmp = Path(tmp)
    shutil.copy(ROOT / "nbgrader_config.py", tmp / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions" / assignment, tmp / "solutions" / assignment)
    release(assignment, root=tmp)
    return tmp


def submit(course, assignment, student, nb):
    path = Path(course) / "submitted" / student / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def nbgrader(course, *args, check=True):
    result = run_nbgrader(course, *args)
    if check and result.returncode:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def scores(course, assignment):
    """{student: {grade_id: (score, max_score)}} read from the scratch course's gradebook."""
    out = {}
    with open_gradebook(course) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                out[sub.student_id] = {g.name: (g.score, g.max_score) for g in nb.grades}
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
