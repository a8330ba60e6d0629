"""Checks for the assignments' test cells: on failure they say what differed, where, and why.

Each ``check_*`` raises ``CheckFailed`` (an ``AssertionError``) with a message meant for a
student, and prints one line when the check passes. ``mistakes`` maps a description of a
classic mistake to the value that mistake produces, so a wrong answer can be named:

>>> check_close(0.5, 0.5, name="loss")
ok: loss
>>> check_close(1.0, 0.5, name="loss", mistakes={"forgot the 1/2 factor": 1.0})
Traceback (most recent call last):
...
course_utils.testing.CheckFailed: loss: got 1.0, expected 0.5 ... Likely cause: forgot the 1/2 factor.

The module keeps its own references to the NumPy functions it uses, taken at import time,
so a submission that rebinds ``np.allclose`` or ``np.testing`` does not change a verdict.
"""

import builtins as _builtins

import numpy as _np

_asarray = _np.asarray
_isfinite = _np.isfinite
_abs = _np.abs
_argmax = _np.argmax
_unravel = _np.unravel_index
_count_nonzero = _np.count_nonzero
_float64 = _np.float64
_where = _np.where
_errstate = _np.errstate
_nan_to_num = _np.nan_to_num
_isinstance = _builtins.isinstance
_print = _builtins.print


_maximum = _np.maximum
_max = _np.max


def _rel_error(x, y):
    """``gradcheck.rel_error`` with this module's own references (see the module's docstring)."""
    if x.size == 0:
        return 0.0
    with _errstate(all="ignore"):
        return float(_max(_abs(x - y) / _maximum(1e-8, _abs(x) + _abs(y))))


class CheckFailed(AssertionError):
    """A test-cell check failed; the message says what differed and the likely cause."""


def _fail(message):
    raise CheckFailed(message)


def _ok(name):
    _print(f"ok: {name}")


def _fmt(value):
    try:
        return f"{float(value):.6g}"
    except (TypeError, ValueError):
        return repr(value)


def _as_float_array(value, name):
    if value is None:
        _fail(f"{name} is None: does your function `return` its result?")
    try:
        arr = _asarray(value, dtype=_float64)
    except (TypeError, ValueError) as exc:
        _fail(f"{name} should be numbers, got {type(value).__name__} ({exc})")
    return arr


def _close_mask(actual, expected, rtol, atol):
    """Elementwise |a - e| <= atol + rtol |e|, with NaN never close and equal infinities close."""
    both_finite = _isfinite(actual) & _isfinite(expected)
    with _errstate(all="ignore"):  # inf - inf would warn on stderr, and stderr zeroes a test cell
        diff = _abs(_where(both_finite, actual - expected, 0.0))
    ok = both_finite & (diff <= atol + rtol * _abs(_where(both_finite, expected, 0.0)))
    return ok | (~both_finite & (actual == expected))


def is_close(actual, expected, rtol=1e-6, atol=1e-8):
    """True when ``actual`` has ``expected``'s shape and every value is within tolerance."""
    try:
        a = _asarray(actual, dtype=_float64)
        e = _asarray(expected, dtype=_float64)
    except (TypeError, ValueError):
        return False
    return a.shape == e.shape and bool(_close_mask(a, e, rtol, atol).all())


def _diagnose(actual, mistakes, rtol, atol):
    for description, wrong in (mistakes or {}).items():
        if is_close(actual, wrong, rtol, atol):
            return f" Likely cause: {description}."
    return ""


def check_close(actual, expected, *, name, rtol=1e-6, atol=1e-8, mistakes=None, hint=None, oracle=None):
    """Check that ``actual`` equals ``expected`` to tolerance, elementwise.

    Args:
        actual: what the student's code returned (scalar or array-like).
        expected: the oracle's value (Keras, TensorFlow, a numerical gradient...).
        name: what is being checked, as the student would call it: "sigmoid_forward(x)".
        rtol, atol: tolerances, as in ``np.allclose``. Defaults 1e-6, 1e-8.
        mistakes: {description of a classic mistake: the value it would produce}.
        hint: a sentence added to any failure message.
        oracle: where ``expected`` comes from, for the message: "keras.activations.sigmoid".
    """
    e = _asarray(expected, dtype=_float64)
    a = _as_float_array(actual, name)
    source = f" ({oracle})" if oracle else ""
    tail = (" " + hint) if hint else ""
    if a.shape != e.shape:
        _fail(
            f"{name} has shape {a.shape}, expected {e.shape}{source}.{_diagnose(a, mistakes, rtol, atol)}{tail}"
        )
    mask = _close_mask(a, e, rtol, atol)
    if bool(mask.all()):
        _ok(name)
        return
    cause = _diagnose(a, mistakes, rtol, atol)
    if a.ndim == 0:
        _fail(f"{name}: got {_fmt(a)}, expected {_fmt(e)}{source}.{cause}{tail}")
    bad = ~mask
    with _errstate(all="ignore"):
        err = _where(bad, _abs(_nan_to_num(a - e, nan=_np.inf)), -1.0)
    where = _unravel(int(_argmax(err)), a.shape)
    idx = tuple(int(i) for i in where)
    _fail(
        f"{name}: {int(_count_nonzero(bad))} of {a.size} values differ from the expected values{source}. "
        f"First look at index {idx}: got {_fmt(a[where])}, expected {_fmt(e[where])}.{cause}{tail}"
    )


def check_shape(actual, shape, *, name):
    """Check that ``actual`` is an array-like of exactly ``shape``."""
    a = _as_float_array(actual, name)
    if a.shape != tuple(shape):
        _fail(f"{name} has shape {a.shape}, expected {tuple(shape)}.")
    _ok(f"{name} has shape {tuple(shape)}")


def check_true(condition, message, *, name=None):
    """Fail with ``message`` unless ``condition`` is truthy."""
    if not condition:
        _fail(message)
    if name:
        _ok(name)


def check_raises(fn, *args, exception=ValueError, name, **kwargs):
    """Check that ``fn(*args, **kwargs)`` raises ``exception`` (default ``ValueError``)."""
    try:
        fn(*args, **kwargs)
    except exception:
        _ok(f"{name} raises {exception.__name__}")
        return
    except NotImplementedError:
        _fail(f"{name} raised NotImplementedError: the function is not written yet.")
    except Exception as exc:  # the student raised something else
        _fail(f"{name} should raise {exception.__name__}, but raised {type(exc).__name__}: {exc}")
    _fail(f"{name} should raise {exception.__name__}, but returned normally.")


def check_pair(result, *, name):
    """Check that a forward function returned a 2-tuple ``(out, cache)`` and return it."""
    if not _isinstance(result, tuple) or len(result) != 2:
        _fail(f"{name} should return a tuple (out, cache), got {type(result).__name__}.")
    return result


def check_gradient(analytic, numeric, *, name, tol=1e-6, mistakes=None):
    """Compare an analytic gradient with a numerical one by relative error (see ``gradcheck.rel_error``)."""
    a = _as_float_array(analytic, name)
    n = _asarray(numeric, dtype=_float64)
    if a.shape != n.shape:
        _fail(f"{name} has shape {a.shape}, expected {n.shape} (the shape of the input).")
    err = _rel_error(a, n)
    if err <= tol:
        _ok(f"{name} (relative error {err:.1e})")
        return
    cause = _diagnose(a, mistakes, 1e-5, 1e-7)
    _fail(f"{name} differs from the numerical gradient: relative error {err:.1e} > {tol:.0e}.{cause}")


def class_names(obj):
    """Names of ``obj``'s class and its bases, most derived first (also for a student object seen from
    the grader, which lives in the student's process)."""
    if type(obj).__module__ == "course_admin.remote" and type(obj).__name__ == "Handle":
        return list(obj._class_names)
    return [c.__name__ for c in type(obj).__mro__]


def as_keras_schedule(obj):
    """``obj`` if it is a Keras ``LearningRateSchedule``; otherwise a schedule that calls ``obj(step)``.

    In the grader a student's schedule object lives in the student's process: this wraps it so that
    a Keras optimizer (run eagerly) asks it for the rate at each integer step.
    """
    import keras

    if isinstance(obj, keras.optimizers.schedules.LearningRateSchedule):
        return obj
    if not callable(obj):
        _fail(f"a learning-rate schedule must be callable, got {type(obj).__name__}")

    class _CallsStudentSchedule(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return keras.ops.convert_to_tensor(float(_asarray(obj(int(keras.ops.convert_to_numpy(step))))))

        def get_config(self):
            return {}

    return _CallsStudentSchedule()
