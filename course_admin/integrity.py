"""What an instructor may want to look at in a submission, read from its code (never run).

Verdicts do not depend on this: the tests run out of the student's reach (``course_admin.executor``),
so nothing here zeroes anyone. The report lists, per student:

- solution cells that import the course's own implementation of what the exercises ask for
  (``course_utils.nn``: affine/ReLU/softmax; ``course_utils.gradcheck``: numerical gradients;
  ``course_utils.trainer``'s internals), instead of answering with their own code;
- code that reaches around the language (``get_ipython``, ``builtins``, ``ctypes``, ``sys.modules``,
  a function's ``__code__``…) or reads files and sockets: harmless to the grade, worth a look.
"""

import ast

COURSE_IMPLEMENTATIONS = ("course_utils.nn", "course_utils.gradcheck", "course_utils.trainer")
REACHING_CALLS = {"exec", "eval", "compile", "__import__", "get_ipython", "setattr", "open"}
REACHING_MODULES = {"builtins", "importlib", "ctypes", "gc", "socket", "subprocess", "inspect"}
REACHING_ATTRIBUTES = {"modules", "excepthook", "settrace", "__code__", "__globals__", "__builtins__"}


def _parse(source):
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]  # IPython magics
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _student_trees(nb):
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") or not meta.get("locked"):
            tree = _parse(cell.get("source", ""))
            if tree is not None:
                yield meta.get("grade_id", "an unlocked cell"), tree


def scan_notebook(nb):
    """Sorted notes on ``nb``'s own code (an nbformat notebook); empty when there is nothing to see."""
    notes = set()
    for where, tree in _student_trees(nb):
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                )
                for module in modules:
                    if module.startswith(COURSE_IMPLEMENTATIONS) or (
                        module == "course_utils"
                        and any(a.name in ("nn", "gradcheck", "trainer") for a in getattr(node, "names", []))
                    ):
                        notes.add(f"{where}: imports the course's own implementation (`{ast.unparse(node)}`)")
                    elif module.split(".")[0] in REACHING_MODULES:
                        notes.add(f"{where}: imports `{module}`")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in REACHING_CALLS
            ):
                notes.add(f"{where}: calls `{node.func.id}()`")
            elif isinstance(node, ast.Attribute) and node.attr in REACHING_ATTRIBUTES:
                notes.add(f"{where}: uses `{ast.unparse(node)}`")
    return sorted(notes)
