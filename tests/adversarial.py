"""A corpus of submissions that try to fool or break the autograder (on 00_foundations).

Each case takes the solution notebook with one classic mistake (the sigmoid's exponent sign
flipped, which costs `test_sigmoid_forward`) and adds a trick. A case gets no more points than
that wrong code without the trick, and a correct submission graded in the same batch still
gets full marks.
"""

import copy

import nbformat

ASSIGNMENT = "00_foundations"
WRONG = ("out = 1.0 / (1.0 + np.exp(-x))", "out = 1.0 / (1.0 + np.exp(x))")
TARGET_TEST = "test_sigmoid_forward"


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def wrong(solution):
    nb = copy.deepcopy(solution)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    sigmoid = _cell(nb, "sigmoid_solution")
    assert WRONG[0] in sigmoid.source
    sigmoid.source = sigmoid.source.replace(*WRONG)
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


def _as_nbformat_3(solution):
    nb = wrong(solution)
    return nbformat.writes(nbformat.convert(nb, 3), version=3)


# name -> (how to build it, what happens: "graded"; "fails": nbgrader cannot grade it at all;
# "either": one or the other, depending on how much memory the kernel has left)
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
    "patches_assertion_error": (
        _append("import builtins\n\nbuiltins.AssertionError = type('Nope', (Exception,), {})"),
        "graded",
    ),
    "swallows_exceptions": (
        _append("get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)"),
        "graded",
    ),
    "patches_function_code": (_append("check_close.__code__ = (lambda *a, **k: None).__code__"), "graded"),
    "empties_a_test_cell": (_edit_tests(_empty_test), "graded"),
    "deletes_a_test_cell": (_edit_tests(_delete_test), "graded"),
    "turns_a_test_into_markdown": (_edit_tests(_markdown_test), "graded"),
    "duplicates_cell_ids": (_edit_tests(_duplicate_ids), "graded"),
    "calls_sys_exit": (_append("import sys\n\nsys.exit()"), "graded"),
    "raises_system_exit": (_append("raise SystemExit(0)"), "graded"),
    "calls_os_exit": (_append("import os\n\nos._exit(0)"), "fails"),
    "kills_its_kernel": (
        _append("import os\nimport signal\n\nos.kill(os.getpid(), signal.SIGKILL)"),
        "fails",
    ),
    "loops_forever": (_append("while True:\n    pass"), "graded"),
    # The kernel gets MemoryError at the 4 GB limit in the bomb's own cell. Still holding it all, it
    # may or may not have room to go on: graded like the plain wrong code, or not gradable at all.
    "memory_bomb": (_append("hoard = []\nwhile True:\n    hoard.append(bytearray(10**8))"), "either"),
    "floods_output": (_append("for _ in range(200_000):\n    print('x' * 100)"), "graded"),
    "not_json": (lambda solution: '{"cells": [ "this is not a notebook', "fails"),
    "nbformat_3": (_as_nbformat_3, "graded"),
}
