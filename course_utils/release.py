"""Regenerate the student release in exercises/ from the nbgrader source in solutions/.

    python -m course_utils.release 00_foundations [01_initialization ...]

Runs ``nbgrader generate_assignment --force`` for each assignment, then writes every released
notebook as nbformat 4.5 without outputs, so that the committed release is exactly what this
command produces (the tests regenerate it and compare).
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def nbgrader_env():
    """The environment for an nbgrader subprocess: it calls ``alembic`` by name, so this venv's bin/ goes first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
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


def release(assignment, root=ROOT):
    """Generate ``exercises/<assignment>`` from ``solutions/<assignment>`` under ``root``."""
    root = Path(root)
    if not (root / "solutions" / assignment).is_dir():
        known = sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir())
        raise ValueError(f"assignment must be one of {known}, got {assignment!r}")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force", "--log-level=WARN"],
        cwd=root,
        env=nbgrader_env(),
        check=True,
    )
    for nb in sorted((root / "exercises" / assignment).glob("*.ipynb")):
        normalize_notebook(nb)


def main(argv=None):
    names = sys.argv[1:] if argv is None else argv
    if not names:
        print(__doc__.strip())
        return 2
    for name in names:
        release(name)
        print(f"released exercises/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
