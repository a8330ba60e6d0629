"""course_utils.plots draws what it is given, labelled, and rejects empty input."""

import matplotlib

matplotlib.use("Agg")

from course_utils import plots  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402


def test_plot_learning_curves_accepts_keras_and_trainer_histories():
    keras_like = {"loss": [1.0, 0.5], "val_accuracy": [0.5, 0.8]}
    trainer_like = {"loss": [1.2, 0.4], "val_acc": [0.4, 0.9]}
    axes = plots.plot_learning_curves({"Keras": keras_like, "NumPy": trainer_like})
    assert len(axes) == 2
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["Keras", "NumPy"]
    np.testing.assert_allclose(axes[1].lines[1].get_ydata(), [0.4, 0.9])
    with pytest.raises(ValueError, match="no metric"):
        plots.plot_learning_curves({"run": {"loss": [1]}}, metrics=("val_loss",))
    with pytest.raises(ValueError, match="at least one"):
        plots.plot_learning_curves({})


def test_lines_differ_in_style_for_greyscale_readers():
    ax = plots.plot_curves({"a": [1, 2], "b": [2, 1], "c": [0, 1]})
    assert len({line.get_linestyle() for line in ax.lines}) == 3
    assert ax.get_xlabel() == "epoch"


def test_histograms_schedules_trajectories_boundary_and_activation():
    axes = plots.plot_layer_histograms([np.zeros(10), np.ones(10)], labels=["in", "out"])
    assert [a.get_title() for a in axes] == ["in", "out"]
    ax = plots.plot_lr_schedules({"step": (np.arange(3), [1.0, 0.5, 0.25])}, logy=True)
    assert ax.get_yscale() == "log"
    ax = plots.plot_trajectories(lambda x, y: x**2 + y**2, {"sgd": np.array([[1.0, 1.0], [0.5, 0.5]])})
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [1.0, 0.5])
    x = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    ax = plots.plot_decision_boundary(lambda p: (p[:, 0] > 0.5).astype(int), x, np.array([0, 1, 0]))
    assert len(ax.collections) >= 2
    ax = plots.plot_function_and_derivative(np.linspace(-1, 1, 5), np.zeros(5), np.ones(5), name="f")
    assert ax.get_title() == "f"
    with pytest.raises(ValueError, match="\\(T, 2\\)"):
        plots.plot_trajectories(lambda x, y: x, {"bad": np.zeros(3)})
    with pytest.raises(ValueError, match="\\(N, 2\\)"):
        plots.plot_decision_boundary(lambda p: p, np.zeros(3), np.zeros(3))


def test_course_style_sets_a_modest_dpi():
    plots.use_course_style(dpi=72)
    assert matplotlib.rcParams["figure.dpi"] == 72
