"""A corpus of submissions that try to fool or break the autograder, on a small assignment of its own.

The assignment (built here, never released to students) has a setup cell that imports Keras, two
exercises and three graded tests. Each case takes the solution with one classic mistake (the
sigmoid's exponent sign flipped, which costs ``test_sigmoid``) and adds a trick. A case gets no
more points than that wrong code without the trick, and a correct submission graded in the same
batch — one with every innocent habit (re-imports, helpers, prints, warnings, a slow TensorFlow
import) as well as a plain one — gets full marks.
"""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_admin.notebooks import without_outputs

ASSIGNMENT = "99_corpus"
WRONG = ("return 1.0 / (1.0 + np.exp(-x))", "return 1.0 / (1.0 + np.exp(x))")
TARGET_TEST = "test_sigmoid"


def _meta(grade_id, *, solution=False, grade=False, locked=False, points=0):
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked, "schema_version": 3}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def assignment_notebook():
    """The corpus's nbgrader source notebook."""
    cells = [
        new_markdown_cell(
            "# A small assignment for the grading corpus", metadata=_meta("intro", locked=True)
        ),
        new_code_cell(
            "from course_utils.testing import check_close, check_raises\n\nimport keras\nimport numpy as np",
            metadata=_meta("setup", locked=True),
        ),
        new_code_cell(
            "def sigmoid(x):\n    ### BEGIN SOLUTION\n    x = np.asarray(x, dtype=np.float64)\n"
            "    return 1.0 / (1.0 + np.exp(-x))\n    ### END SOLUTION",
            metadata=_meta("sigmoid_solution", solution=True),
        ),
        new_code_cell(
            "x = np.linspace(-4, 4, 9)\n"
            "check_close(sigmoid(x), keras.ops.convert_to_numpy(keras.activations.sigmoid(x)), name='sigmoid(x)',\n"
            "            mistakes={'the sign of the exponent is flipped': 1 / (1 + np.exp(x))})",
            metadata=_meta(TARGET_TEST, grade=True, locked=True, points=1),
        ),
        new_code_cell(
            "def scale(x, factor):\n    ### BEGIN SOLUTION\n    if factor <= 0:\n"
            "        raise ValueError(f'factor must be > 0, got {factor}')\n"
            "    return np.asarray(x, dtype=np.float64) * factor\n    ### END SOLUTION",
            metadata=_meta("scale_solution", solution=True),
        ),
        new_code_cell(
            "check_close(scale([1.0, 2.0], 3.0), [3.0, 6.0], name='scale([1, 2], 3)')",
            metadata=_meta("test_scale", grade=True, locked=True, points=1),
        ),
        new_code_cell(
            "check_raises(scale, [1.0], 0.0, name='scale(x, 0)')\n### BEGIN HIDDEN TESTS\n"
            "check_close(scale(np.eye(2), 0.5), 0.5 * np.eye(2), name='scale of a matrix')\n### END HIDDEN TESTS",
            metadata=_meta("test_scale_more", grade=True, locked=True, points=1),
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    return nb


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def correct(solution):
    return without_outputs(solution)


def wrong(solution):
    nb = correct(solution)
    sigmoid = _cell(nb, "sigmoid_solution")
    assert WRONG[0] in sigmoid.source
    sigmoid.source = sigmoid.source.replace(*WRONG)
    return nb


HABITS = """
import numpy as np  # again: most students start every cell with their imports
import warnings

import tensorflow as tf  # a slow first import of TensorFlow
from course_utils.testing import check_close  # a name the tests use, imported again

x = tf.constant(1.0)  # a name the tests use too


def _log(message):
    print(message)
    warnings.warn(message)

"""


def correct_with_habits(solution):
    nb = correct(solution)
    for grade_id in ("sigmoid_solution", "scale_solution"):
        cell = _cell(nb, grade_id)
        cell.source = HABITS + cell.source.replace(
            "### BEGIN SOLUTION", "### BEGIN SOLUTION\n    _log('called')"
        )
    return nb


def _append(code, grade_id="sigmoid_solution"):
    def make(solution):
        nb = wrong(solution)
        _cell(nb, grade_id).source += "\n\n" + code
        return nb

    return make


def _edit_tests(edit):
    def make(solution):
        nb = wrong(solution)
        edit(nb)
        return nb

    return make


def _empty_test(nb):
    _cell(nb, TARGET_TEST).source = "pass"


def _delete_test(nb):
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != TARGET_TEST]


def _markdown_test(nb):
    cell = _cell(nb, TARGET_TEST)
    cell.cell_type = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)


def _duplicate_ids(nb):
    for cell in nb.cells:
        cell["id"] = "same-id"


def _unlock_and_claim_setup(nb):
    """A student cell dressed as a locked setup cell, to run its code with the tests."""
    cell = new_code_cell(
        "import course_utils.testing as t\nt.check_close = lambda *a, **k: None\ncheck_close = t.check_close",
        metadata=_meta("setup_extra", locked=True),
    )
    nb.cells.insert(3, cell)


def _claim_the_setup_id(nb):
    """A student cell that reuses the setup cell's grade_id, placed before it."""
    nb.cells.insert(
        1, new_code_cell("check_close = lambda *a, **k: None", metadata=_meta("setup", locked=True))
    )


def _as_nbformat_3(solution):
    nb = wrong(solution)
    return nbformat.writes(nbformat.convert(nb, 3), version=3)


READ_SOLUTIONS = """
import glob
import os

found = []
for top in {os.getcwd(), os.path.expanduser("~"), "/work", "/tmp", "/root", "/home", "/srv"}:
    for depth in ("", "*/", "*/*/", "*/*/*/"):
        found += glob.glob(os.path.join(top, depth, "solutions", "*", "*.ipynb"))
for path in found:
    text = open(path).read()
    if "def sigmoid" in text:
        import json

        for cell in json.loads(text)["cells"]:
            source = "".join(cell["source"])
            if source.startswith("def sigmoid"):
                exec(source.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""), globals())
"""

FRAME_WALK = """
import sys


def _quiet(*args, **kwargs):
    return None


_original = sigmoid


def sigmoid(x):
    frame = sys._getframe()
    while frame is not None:  # whoever called me: make their checks pass
        for name in list(frame.f_globals):
            if name.startswith("check"):
                frame.f_globals[name] = _quiet
        frame = frame.f_back
    return _original(x)
"""

NAME_FREE = """
for module in list(__import__("sys").modules.values()):
    space = getattr(module, "__dict__", {})
    for key in list(space):
        if key.startswith(("check", "_close", "is_close", "_fail")) and callable(space[key]):
            space[key] = type(lambda: 0)((lambda *a, **k: True).__code__, {})
"""

LYING_RESULT = """
class Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __abs__(self):
        return np.zeros(self.shape)

    def __sub__(self, other):
        return np.zeros(self.shape)


_wrong = sigmoid


def sigmoid(x):
    return np.asarray(_wrong(x)).view(Liar)
"""

READ_GRADEBOOK = """
import os

for top in (os.getcwd(), *[os.path.dirname(p) for p in [os.getcwd()] * 4]):
    path = os.path.join(top, "gradebook.db")
    if os.path.exists(path):
        data = open(path, "rb").read()
"""

# name -> (how to build it, what happens: "graded"; "fails": nbgrader cannot grade it at all; "either":
# nbgrader may refuse the notebook's metadata (zero) or grade it)
CASES = {
    "patches_numpy_allclose": (
        _append("np.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None"),
        "graded",
    ),
    "rebinds_check_close": (_append("def check_close(*args, **kwargs):\n    print('ok')"), "graded"),
    "patches_testing_module": (
        _append("import course_utils.testing as t\n\nt.check_close = lambda *a, **k: None"),
        "graded",
    ),
    "loosens_tolerances": (
        _append(
            "import course_utils.testing as t\n\nt._close_mask = lambda a, e, r, at: np.ones(np.shape(a), bool)"
        ),
        "graded",
    ),
    "patches_assertion_error": (
        _append("import builtins\n\nbuiltins.AssertionError = type('Nope', (Exception,), {})"),
        "graded",
    ),
    "swallows_exceptions": (
        _append("get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)"),
        "graded",
    ),
    "patches_without_naming_anything": (_append(NAME_FREE), "graded"),
    "walks_the_callers_frames": (_append(FRAME_WALK), "graded"),
    "returns_a_lying_array": (_append(LYING_RESULT), "graded"),
    "reads_the_solution_from_disk": (_append(READ_SOLUTIONS), "graded"),
    "reads_the_gradebook": (_append(READ_GRADEBOOK), "graded"),
    "claims_to_be_a_setup_cell": (_edit_tests(_unlock_and_claim_setup), "either"),
    "claims_the_setup_cells_id": (_edit_tests(_claim_the_setup_id), "either"),
    "imports_the_course_implementation": (_append("from course_utils.nn import relu_forward"), "graded"),
    "empties_a_test_cell": (_edit_tests(_empty_test), "graded"),
    "deletes_a_test_cell": (_edit_tests(_delete_test), "graded"),
    "turns_a_test_into_markdown": (_edit_tests(_markdown_test), "graded"),
    "duplicates_cell_ids": (_edit_tests(_duplicate_ids), "graded"),
    "calls_sys_exit": (_append("import sys\n\nsys.exit()"), "graded"),
    "raises_system_exit": (_append("raise SystemExit(0)"), "graded"),
    "calls_os_exit": (_append("import os\n\nos._exit(0)"), "graded"),
    "kills_its_process": (
        _append("import os\nimport signal\n\nos.kill(os.getpid(), signal.SIGKILL)"),
        "graded",
    ),
    "loops_forever": (_append("while True:\n    pass"), "graded"),
    "memory_bomb": (_append("hoard = []\nwhile True:\n    hoard.append(bytearray(10**8))"), "graded"),
    "floods_output": (_append("for _ in range(200_000):\n    print('x' * 100)"), "graded"),
    "not_json": (lambda solution: '{"cells": [ "this is not a notebook', "fails"),
    "nbformat_3": (_as_nbformat_3, "graded"),
}
