"""Notebook editing shared by the release, the demo class, the tests and the benchmarks."""

import copy
import runpy
import shutil
from pathlib import Path

import nbformat


def without_outputs(nb):
    """A copy of ``nb`` with every code cell's outputs and execution count cleared."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def find_cell(nb, grade_id):
    """The cell of ``nb`` whose nbgrader ``grade_id`` is ``grade_id``."""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise ValueError(f"no cell with grade_id {grade_id!r}")


def with_mistake(nb, mistake):
    """A copy of solution notebook ``nb`` with one classic mistake (an entry of ``mistakes.py``) written in."""
    nb = without_outputs(nb)
    cell = find_cell(nb, mistake["cell"])
    if mistake["find"] not in cell.source:
        raise ValueError(f"mistake {mistake['name']}: {mistake['find']!r} is not in cell {mistake['cell']}")
    cell.source = cell.source.replace(mistake["find"], mistake["replace"])
    return nb


def load_mistakes(root, assignment):
    """The classic mistakes listed next to the solution, ``solutions/<assignment>/mistakes.py`` (or [])."""
    path = Path(root) / "solutions" / assignment / "mistakes.py"
    return runpy.run_path(str(path))["MISTAKES"] if path.exists() else []


def read_solution(root, assignment):
    return nbformat.read(Path(root) / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)


def scratch_course(root, directory, assignment):
    """A scratch course in ``directory`` with ``assignment``'s source copied from the course at ``root``, released."""
    from course_admin.release import release

    root, directory = Path(root), Path(directory)
    if not (root / "solutions" / assignment).is_dir():
        raise ValueError(f"assignment {assignment!r} has no source in {root / 'solutions'}")
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "nbgrader_config.py", directory / "nbgrader_config.py")
    shutil.copytree(root / "solutions" / assignment, directory / "solutions" / assignment, dirs_exist_ok=True)
    release(assignment, root=directory)
    return directory


def submit(course, assignment, student, nb):
    """Write ``nb`` (a notebook, or raw text) as ``student``'s submission in the nbgrader layout."""
    path = Path(course) / "submitted" / student / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, str):
        path.write_text(nb)
    else:
        nbformat.write(nb, path, version=nbformat.NO_CONVERT)
    return path
