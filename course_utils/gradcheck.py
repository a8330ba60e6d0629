"""Numerical gradients by centred differences, and ``rel_error`` (as in CS231n).

The scalar version, ``numerical_gradient(f, x)``, is for students to write (assignment 00); the
course's checks use the vector-Jacobian form below, which covers it with ``dout = 1``.
"""

import numpy as np


def rel_error(x, y):
    """Largest relative error max |x - y| / max(1e-8, |x| + |y|) between two arrays of the same shape."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Vector-Jacobian product ``dout . d f(x) / dx`` by centred differences.

    Args:
        f: function of ``x`` returning an array shaped like ``dout``.
        x: float array, perturbed in place and restored.
        dout: upstream gradient, shaped like ``f(x)``.
        h: step. Default 1e-5.

    Returns:
        Array shaped like ``x``.
    """
    if h <= 0:
        raise ValueError(f"h must be > 0, got {h}")
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a float array, got dtype {x.dtype}")
    dout = np.asarray(dout, dtype=np.float64)
    grad = np.zeros(x.shape, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        plus = np.array(f(x), dtype=np.float64, copy=True)
        x[i] = old - h
        minus = np.array(f(x), dtype=np.float64, copy=True)
        x[i] = old
        grad[i] = np.sum((plus - minus) * dout) / (2 * h)
        it.iternext()
    return grad
