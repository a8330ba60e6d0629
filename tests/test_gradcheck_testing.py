"""course_utils.gradcheck and course_utils.testing: the checks the assignments rely on."""

from course_utils.gradcheck import numerical_gradient_array, rel_error
from course_utils.testing import (
    CheckFailed,
    check_close,
    check_gradient,
    check_pair,
    check_raises,
    check_shape,
    check_true,
    is_close,
)

import numpy as np
import pytest
from gradients import numerical_gradient


def test_rel_error():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error([1.0], [3.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="shape"):
        rel_error(np.ones(2), np.ones(3))


def test_numerical_gradient_of_known_functions():
    x = np.array([[0.5, -1.0], [2.0, 0.3]])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-6)
    dout = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient_array(np.sin, x, dout), dout * np.cos(x), rtol=1e-6)
    np.testing.assert_array_equal(x, [[0.5, -1.0], [2.0, 0.3]])  # restored


def test_numerical_gradient_rejects_bad_input():
    with pytest.raises(ValueError, match="h"):
        numerical_gradient(np.sum, np.ones(2), h=0)
    with pytest.raises(ValueError, match="float"):
        numerical_gradient(np.sum, np.ones(2, dtype=int))


def test_check_close_passes_and_prints(capsys):
    check_close([1.0, 2.0], np.array([1.0, 2.0 + 1e-9]), name="f(x)")
    assert "ok: f(x)" in capsys.readouterr().out


def test_check_close_names_the_first_difference_and_the_mistake():
    with pytest.raises(CheckFailed) as err:
        check_close(
            [1.0, 5.0, 3.0],
            [1.0, 2.0, 3.0],
            name="f(x)",
            oracle="keras",
            mistakes={"doubled it": [2, 4, 6], "added 3 to the middle": [1, 5, 3]},
        )
    message = str(err.value)
    assert (
        "1 of 3 values differ" in message
        and "index (1,)" in message
        and "got 5" in message
        and "expected 2" in message
    )
    assert (
        "Likely cause: added 3 to the middle" in message and "doubled" not in message and "keras" in message
    )


def test_check_close_reports_shape_none_and_nan():
    with pytest.raises(CheckFailed, match="shape \\(2,\\), expected \\(3,\\)"):
        check_close(np.ones(2), np.ones(3), name="out")
    with pytest.raises(CheckFailed, match="return"):
        check_close(None, 1.0, name="loss")
    with pytest.raises(CheckFailed, match="differ"):
        check_close([np.nan, 1.0], [0.0, 1.0], name="out")
    with pytest.raises(CheckFailed, match="got 2, expected 1"):
        check_close(2.0, 1.0, name="scalar")


def test_check_close_is_not_fooled_by_a_patched_numpy():
    original = np.allclose, np.abs
    try:
        np.allclose = lambda *a, **k: True
        np.abs = lambda v: v * 0
        with pytest.raises(CheckFailed):
            check_close([1.0], [2.0], name="x")
    finally:
        np.allclose, np.abs = original


def test_is_close():
    assert (
        is_close([1.0, np.inf], [1.0, np.inf]) and not is_close([1.0], [1.0, 1.0]) and not is_close("a", 1.0)
    )


def test_check_gradient_shape_and_tolerance():
    check_gradient(np.ones(3), np.ones(3) + 1e-9, name="dx")
    with pytest.raises(CheckFailed, match="relative error"):
        check_gradient(np.ones(3), 2 * np.ones(3), name="dx", mistakes={"halved": np.ones(3)})
    with pytest.raises(CheckFailed, match="shape"):
        check_gradient(np.ones(2), np.ones(3), name="dx")


def test_check_raises_pair_shape_true():
    def bad(x):
        raise ValueError("x")

    check_raises(bad, 1, name="bad(1)")
    with pytest.raises(CheckFailed, match="returned normally"):
        check_raises(lambda: None, name="f()")
    with pytest.raises(CheckFailed, match="not written yet"):
        check_raises(lambda: (_ for _ in ()).throw(NotImplementedError()), name="stub")
    with pytest.raises(CheckFailed, match="raised TypeError"):
        check_raises(lambda: 1 + "a", name="f()")
    assert check_pair((1, 2), name="f") == (1, 2)
    with pytest.raises(CheckFailed, match="tuple"):
        check_pair(np.ones(2), name="f")
    check_shape(np.ones((2, 3)), (2, 3), name="W")
    with pytest.raises(CheckFailed, match="shape"):
        check_shape(np.ones((3, 2)), (2, 3), name="W")
    check_true(True, "never")
    with pytest.raises(CheckFailed, match="msg"):
        check_true(False, "msg")
