"""Two-dimensional loss surfaces for watching optimizers move, and a recorder of their paths.

Each surface is a pair of functions of (w1, w2): ``f`` (works on grids, for contour plots) and
``grad`` (returns the (2,) gradient). ``keras_path`` runs a Keras optimizer on one of them.
"""

import numpy as np


class Surface:
    """A 2-D test function: ``f(w1, w2)``, ``grad(w)`` and a starting point ``start``."""

    def __init__(self, name, f, grad, start, xlim, ylim):
        self.name, self.f, self.grad, self.start, self.xlim, self.ylim = (
            name,
            f,
            grad,
            np.asarray(start, float),
            xlim,
            ylim,
        )

    def __repr__(self):
        return f"Surface({self.name!r})"


def ravine(a=1.0, b=25.0):
    """An ill-conditioned bowl f = (a w1^2 + b w2^2) / 2: steep across (w2), shallow along (w1)."""
    if a <= 0 or b <= 0:
        raise ValueError(f"a and b must be > 0, got {a} and {b}")
    return Surface(
        "ravine",
        lambda x, y: 0.5 * (a * x**2 + b * y**2),
        lambda w: np.array([a * w[0], b * w[1]]),
        start=(-1.8, 0.6),
        xlim=(-2, 2),
        ylim=(-1, 1),
    )


def saddle():
    """f = w1^2 / 2 - w2^2 / 2 + w2^4 / 4: a saddle point at the origin, minima at w2 = +-1."""
    return Surface(
        "saddle",
        lambda x, y: 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4,
        lambda w: np.array([w[0], -w[1] + w[1] ** 3]),
        start=(-1.5, 1e-3),
        xlim=(-2, 2),
        ylim=(-1.5, 1.5),
    )


def double_well():
    """f = (w1^2 - 1)^2 + 0.3 w1 + w2^2: a shallow local minimum near w1 = +1, the global one near w1 = -1."""
    return Surface(
        "double well",
        lambda x, y: (x**2 - 1) ** 2 + 0.3 * x + y**2,
        lambda w: np.array([4 * w[0] * (w[0] ** 2 - 1) + 0.3, 2 * w[1]]),
        start=(1.8, 1.0),
        xlim=(-2, 2),
        ylim=(-1.5, 1.5),
    )


def keras_path(optimizer, surface, steps):
    """Points (steps + 1, 2) visited by a Keras ``optimizer`` descending ``surface`` from its start."""
    import keras
    import tensorflow as tf

    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps}")
    var = keras.Variable(surface.start.copy(), dtype="float64")
    path = [surface.start.copy()]
    for _ in range(steps):
        optimizer.apply([tf.constant(surface.grad(var.numpy()))], [var])
        path.append(var.numpy().copy())
    return np.array(path)
