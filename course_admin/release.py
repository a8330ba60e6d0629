"""Regenerate the student release in exercises/ from the nbgrader source in solutions/.

    python -m course_admin.release [--root COURSE] 00_foundations [01_initialization ...]

Runs ``nbgrader generate_assignment --force`` for each assignment, then writes every released
notebook as nbformat 4.5 without outputs, so that the committed release is exactly what this
command produces (the tests regenerate it and compare).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import nbformat


def nbgrader_env():
    """The environment for an nbgrader subprocess: it calls ``alembic`` by name, so this venv's bin/ goes first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    env.setdefault("MPLBACKEND", "Agg")
    for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(threads, "1")  # students are graded one per core: two BLAS threads each only fight
    return env


def normalize_notebook(path):
    """Rewrite ``path`` as nbformat 4.5 with unique cell ids, no outputs and no execution counts."""
    nb = nbformat.read(path, as_version=4)
    nb.nbformat, nb.nbformat_minor = 4, 5
    seen = set()
    for i, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if not cid or cid in seen:
            cell["id"] = f"cell-{i:03d}"
        seen.add(cell["id"])
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def assignments(root):
    """The assignments of the course at ``root``: folders of ``solutions/`` holding their notebook."""
    return sorted(p.name for p in (Path(root) / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())


def release(assignment, root="."):
    """Generate ``exercises/<assignment>`` from ``solutions/<assignment>`` in the course at ``root``."""
    root = Path(root).resolve()
    if assignment not in assignments(root):
        raise ValueError(f"assignment must be one of {assignments(root)}, got {assignment!r}")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force", "--log-level=WARN"],
        cwd=root,
        env=nbgrader_env(),
        check=True,
    )
    for nb in sorted((root / "exercises" / assignment).glob("*.ipynb")):
        normalize_notebook(nb)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Regenerate exercises/ from solutions/ with nbgrader.")
    parser.add_argument("assignments", nargs="+", metavar="NN_topic")
    parser.add_argument("--root", default=".", help="the course's root folder (default: the current folder)")
    args = parser.parse_args(argv)
    for name in args.assignments:
        release(name, root=args.root)
        print(f"released exercises/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
