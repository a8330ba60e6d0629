"""Fair comparisons: run an experiment over several seeds and report mean ± standard deviation.

A single run can show the opposite of what is true on average, so every effect a lecture claims
is measured over seeds:

>>> results = over_seeds(lambda seed: {"a": seed, "b": 2 * seed}, seeds=(0, 1, 2))
>>> results["a"]
array([0., 1., 2.])
>>> print(mean_std(results["b"]))
2.000 ± 2.000
"""

import numpy as np

SEEDS = (0, 1, 2)


class MeanStd:
    """Mean and sample standard deviation (ddof=1) of repeated measurements along the first axis."""

    def __init__(self, values):
        values = np.asarray(values, dtype=np.float64)
        if values.ndim == 0 or len(values) == 0:
            raise ValueError(f"values must hold at least one measurement, got shape {values.shape}")
        self.values = values
        self.mean = values.mean(axis=0)
        self.std = values.std(axis=0, ddof=1) if len(values) > 1 else np.zeros_like(self.mean)

    def __str__(self):
        if np.ndim(self.mean):
            raise ValueError("only a scalar measurement formats as 'mean ± std'")
        return f"{float(self.mean):.3f} ± {float(self.std):.3f}"

    def __repr__(self):
        return f"MeanStd({self.values!r})"


def mean_std(values):
    """``MeanStd`` of ``values`` (seeds along the first axis); ``str()`` gives ``'0.912 ± 0.004'``."""
    return MeanStd(values)


def over_seeds(run, seeds=SEEDS):
    """Call ``run(seed)`` for each seed; ``run`` returns a number, an array or a dict of them.

    Returns the results stacked along a new first axis (one row per seed): an array, or a dict of
    arrays with the same keys.
    """
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    results = [run(seed) for seed in seeds]
    if isinstance(results[0], dict):
        return {key: np.asarray([r[key] for r in results], dtype=np.float64) for key in results[0]}
    return np.asarray(results, dtype=np.float64)


def plot_mean_band(ax, runs, *, label, x=None, linestyle="-", alpha=0.25):
    """Plot the mean of ``runs`` (seeds, T) as a line with a ±1 std band; returns the line."""
    stats = mean_std(runs)
    x = np.arange(1, stats.mean.shape[0] + 1) if x is None else np.asarray(x)
    (line,) = ax.plot(
        x, stats.mean, label=f"{label} (mean ± std, {len(stats.values)} seeds)", linestyle=linestyle
    )
    ax.fill_between(
        x, stats.mean - stats.std, stats.mean + stats.std, color=line.get_color(), alpha=alpha, lw=0
    )
    return line
