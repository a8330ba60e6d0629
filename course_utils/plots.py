"""The course's figures: small, labelled, readable in greyscale.

Every function draws on a new figure (or the ``ax`` given), returns the axes, and leaves
``plt.show()`` to the notebook. ``use_course_style()`` sets a modest DPI so committed
notebooks stay small.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

# Distinct in colour and, through line styles and markers, in greyscale too.
LINESTYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D", "v", "x", "*", "P"]


def use_course_style(dpi=80):
    """Matplotlib defaults for the course: PNG figures at ``dpi`` (default 80), colour-blind-safe cycle."""
    mpl.rcParams.update(
        {
            "figure.dpi": dpi,
            "savefig.dpi": dpi,
            "figure.figsize": (6.4, 3.6),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=plt.get_cmap("tab10").colors),
            "legend.frameon": False,
        }
    )
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # outside IPython
        pass


def _axes(ax, figsize=None):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _style(i):
    return {"linestyle": LINESTYLES[i % len(LINESTYLES)]}


def plot_curves(curves, *, xlabel="epoch", ylabel="loss", title=None, logy=False, ax=None):
    """One line per entry of ``curves`` ({label: sequence of values}), x = 1, 2, ..."""
    if not curves:
        raise ValueError("curves must name at least one curve")
    ax = _axes(ax)
    for i, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, label=label, **_style(i))
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_learning_curves(histories, *, metrics=("loss", "val_acc"), title=None):
    """Learning curves of several runs side by side, one panel per metric.

    Args:
        histories: {run label: history dict}, a Keras ``History.history`` or the ``Trainer``'s.
        metrics: keys to plot, one panel each. Default ("loss", "val_acc"). Keras's
            "val_accuracy" / "accuracy" are accepted for "val_acc" / "train_acc".
    """
    if not histories:
        raise ValueError("histories must name at least one run")
    aliases = {"val_acc": "val_accuracy", "train_acc": "accuracy"}
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.4), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        curves = {}
        for label, hist in histories.items():
            hist = getattr(hist, "history", hist)
            key = metric if metric in hist else aliases.get(metric, metric)
            if key not in hist:
                raise ValueError(f"history {label!r} has no metric {metric!r}; it has {sorted(hist)}")
            curves[label] = hist[key]
        plot_curves(curves, ylabel=metric.replace("_", " "), ax=ax)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return axes[0]


def plot_layer_histograms(activations, *, bins=50, value_range=(-1, 1), title=None, labels=None):
    """One histogram per layer's activations, in a row: how their spread changes with depth."""
    if len(activations) == 0:
        raise ValueError("activations must hold at least one layer")
    n = len(activations)
    fig, axes = plt.subplots(1, n, figsize=(1.4 * n + 1, 2.2), sharey=True, squeeze=False)
    for i, (ax, act) in enumerate(zip(axes[0], activations)):
        ax.hist(np.ravel(act), bins=bins, range=value_range, color="0.3")
        ax.set_title(labels[i] if labels else f"layer {i + 1}", fontsize=8)
        ax.tick_params(labelsize=6)
        ax.set_yticks([])
        ax.grid(False)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return axes[0]


def plot_decision_boundary(predict, x, y, *, resolution=200, ax=None, title=None):
    """Shade the class that ``predict`` ((M, 2) -> (M,) labels) gives over the plane; scatter ``(x, y)``."""
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must be (N, 2), got shape {x.shape}")
    ax = _axes(ax, figsize=(4, 4))
    pad = 0.2 * (x.max(axis=0) - x.min(axis=0))
    lo, hi = x.min(axis=0) - pad, x.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    z = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
    ax.contourf(gx, gy, z, alpha=0.3, cmap="tab10", vmin=0, vmax=9)
    for k in np.unique(y):
        ax.scatter(*x[y == k].T, s=10, marker=MARKERS[int(k) % len(MARKERS)], label=f"class {k}")
    ax.set(title=title, xticks=[], yticks=[])
    ax.legend(fontsize=7)
    return ax


def plot_lr_schedules(schedules, *, xlabel="epoch", logy=False, ax=None, title="Learning-rate schedules"):
    """Plot learning-rate schedules given as {label: (t values, learning rates)}."""
    if not schedules:
        raise ValueError("schedules must name at least one schedule")
    ax = _axes(ax)
    for i, (label, (t, lr)) in enumerate(schedules.items()):
        ax.plot(t, lr, label=label, **_style(i))
    ax.set(xlabel=xlabel, ylabel="learning rate", title=title)
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_trajectories(f, paths, *, xlim=(-2, 2), ylim=(-2, 2), levels=30, ax=None, title=None):
    """Contours of a 2-D function ``f(x, y)`` with optimizer paths {label: (T, 2) array of points}."""
    ax = _axes(ax, figsize=(5, 4))
    gx, gy = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    ax.contour(gx, gy, f(gx, gy), levels=levels, colors="0.75", linewidths=0.6)
    for i, (label, path) in enumerate(paths.items()):
        path = np.asarray(path)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"path {label!r} must be (T, 2), got shape {path.shape}")
        ax.plot(
            path[:, 0],
            path[:, 1],
            marker=MARKERS[i % len(MARKERS)],
            markersize=3,
            markevery=max(1, len(path) // 10),
            label=label,
            **_style(i),
        )
    ax.set(xlim=xlim, ylim=ylim, title=title, xlabel="$w_1$", ylabel="$w_2$")
    ax.legend(fontsize=8)
    return ax


def plot_function_and_derivative(x, values, derivative, *, name, ax=None):
    """An activation function and its derivative on one axes."""
    ax = _axes(ax, figsize=(3.2, 2.6))
    ax.plot(x, values, label=name)
    ax.plot(x, derivative, linestyle="--", label=f"d {name} / dx")
    ax.axhline(0, color="0.5", linewidth=0.5)
    ax.axvline(0, color="0.5", linewidth=0.5)
    ax.set(title=name, xlabel="x")
    ax.legend(fontsize=7)
    return ax
