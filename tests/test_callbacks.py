"""Unit tests of course_utils.callbacks on tiny Keras models (real fits, a few batches each)."""

import course_utils  # noqa: F401  (quietens TensorFlow before it is imported)
from course_utils import set_seed
from course_utils.callbacks import BatchLRScheduler, LRFinder, SnapshotSaver

import keras
import numpy as np
import pytest


class LRProbe(keras.callbacks.Callback):
    """Reads the optimizer's rate after every batch: what the update actually used."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def on_train_batch_end(self, batch, logs=None):
        self.seen.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))


class BatchLosses(keras.callbacks.Callback):
    """Each batch's MSE for the one-Dense-layer model, computed before the update as Keras does."""

    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size
        self.losses = []
        self._batches = []

    def on_train_batch_begin(self, batch, logs=None):
        lo = batch * self.batch_size
        xb, yb = self.x[lo : lo + self.batch_size], self.y[lo : lo + self.batch_size]
        kernel, bias = self.model.get_weights()  # model.evaluate would reset fit's loss tracker
        self.losses.append(float(np.mean((xb @ kernel + bias - yb) ** 2)))


def regression_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")).astype("float32")
    return x, y


def tiny_model(lr=0.01):
    set_seed(0, tensorflow=True)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="mse")
    return model


# LRFinder ---------------------------------------------------------------------------------


def test_lr_finder_geometric_rates_and_stop_after_num_steps():
    x, y = regression_data()
    model = tiny_model()
    before = [w.copy() for w in model.get_weights()]
    finder = LRFinder(lr_min=1e-4, lr_max=1e-2, num_steps=6)
    probe = LRProbe()
    model.fit(x, y, batch_size=16, epochs=5, shuffle=False, callbacks=[finder, probe], verbose=0)
    expected = np.geomspace(1e-4, 1e-2, 6)
    np.testing.assert_allclose(finder.lrs, expected, rtol=1e-12)
    np.testing.assert_allclose(probe.seen, expected, rtol=1e-6)  # the optimizer really used them
    assert len(finder.losses) == 6  # stopped after num_steps batches, mid-epoch
    for w0, w1 in zip(before, model.get_weights()):  # restore_weights=True by default
        np.testing.assert_array_equal(w0, w1)


def test_lr_finder_records_each_batch_loss_not_the_running_mean():
    x, y = regression_data()
    model = tiny_model()
    finder = LRFinder(lr_min=1e-3, lr_max=1e-2, num_steps=4, restore_weights=False)
    reference = BatchLosses(x, y, batch_size=16)
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, callbacks=[reference, finder], verbose=0)
    np.testing.assert_allclose(finder.losses, reference.losses, rtol=1e-4)
    assert not np.allclose(finder.losses, np.cumsum(reference.losses) / np.arange(1, 5))


def test_lr_finder_stops_when_the_loss_diverges():
    x, y = regression_data()
    model = tiny_model()
    finder = LRFinder(lr_min=1e-3, lr_max=1e3, num_steps=50)
    model.fit(x, y, batch_size=16, epochs=20, callbacks=[finder], verbose=0)
    losses = np.array(finder.losses)
    assert 2 <= len(losses) < 50
    assert len(finder.lrs) == len(losses)
    best_before = np.minimum.accumulate(losses)[:-1]
    assert np.all(np.isfinite(losses[:-1])) and np.all(losses[1:-1] <= 4 * best_before[:-1])
    last = losses[-1]
    assert not np.isfinite(last) or last > 4 * best_before[-1]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lr_min": 0.0},
        {"lr_min": 1e-2, "lr_max": 1e-3},
        {"num_steps": 1},
        {"num_steps": 2.5},
        {"stop_factor": 1.0},
    ],
)
def test_lr_finder_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        LRFinder(**kwargs)


# BatchLRScheduler -------------------------------------------------------------------------


def test_batch_scheduler_iteration_unit_counts_across_epochs():
    x, y = regression_data(n=48)
    model = tiny_model()
    sched = BatchLRScheduler(lambda t: 0.001 * (t + 1))
    probe = LRProbe()
    model.fit(x, y, batch_size=16, epochs=2, callbacks=[sched, probe], verbose=0)
    expected = 0.001 * np.arange(1, 7)
    np.testing.assert_allclose(sched.lrs, expected, rtol=1e-12)
    np.testing.assert_allclose(probe.seen, expected, rtol=1e-6)
    assert sched.iteration == 6


def test_batch_scheduler_epoch_unit_is_fractional():
    x, y = regression_data(n=64)
    model = tiny_model()
    seen_t = []

    def schedule(t):
        seen_t.append(t)
        return np.float64(0.01)  # a 0-d NumPy value is fine

    model.fit(x, y, batch_size=16, epochs=2, callbacks=[BatchLRScheduler(schedule, unit="epoch")], verbose=0)
    np.testing.assert_allclose(seen_t, [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75])


def test_batch_scheduler_changes_training():
    x, y = regression_data()
    zero = tiny_model()
    zero.fit(x, y, batch_size=16, epochs=1, callbacks=[BatchLRScheduler(lambda t: 0.0)], verbose=0)
    start = tiny_model()
    for w0, w1 in zip(start.get_weights(), zero.get_weights()):  # a zero rate leaves the weights alone
        np.testing.assert_allclose(w0, w1)


@pytest.mark.parametrize("bad", [lambda t: -0.1, lambda t: float("nan"), lambda t: "fast"])
def test_batch_scheduler_rejects_bad_rates(bad):
    x, y = regression_data(n=16)
    model = tiny_model()
    with pytest.raises(ValueError, match="learning rate"):
        model.fit(x, y, batch_size=16, epochs=1, callbacks=[BatchLRScheduler(bad)], verbose=0)


def test_batch_scheduler_rejects_bad_arguments():
    with pytest.raises(ValueError):
        BatchLRScheduler(0.01)
    with pytest.raises(ValueError):
        BatchLRScheduler(lambda t: 0.01, unit="step")


# SnapshotSaver ----------------------------------------------------------------------------


def test_snapshot_saver_keeps_the_weights_at_cycle_ends():
    x, y = regression_data(n=32)
    model = tiny_model(lr=0.05)

    class Record(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.weights = []

        def on_epoch_end(self, epoch, logs=None):
            self.weights.append(self.model.get_weights())

    saver, record = SnapshotSaver([1, 3]), Record()
    model.fit(x, y, batch_size=16, epochs=4, callbacks=[saver, record], verbose=0)
    assert saver.epochs == [1, 3]
    for snap, expected in zip(saver.snapshots, [record.weights[0], record.weights[2]]):
        for a, b in zip(snap, expected):
            np.testing.assert_array_equal(a, b)
    assert not np.allclose(saver.snapshots[0][0], saver.snapshots[1][0])

    final = [w.copy() for w in model.get_weights()]
    preds = saver.predict_each(x[:5])
    assert len(preds) == 2 and preds[0].shape == (5, 1)
    kernel, bias = saver.snapshots[0]
    np.testing.assert_allclose(preds[0], x[:5] @ kernel + bias, rtol=1e-5, atol=1e-6)
    for a, b in zip(final, model.get_weights()):  # predict_each restores the current weights
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("ends", [[], [0, 1], [3, 2], [1, 1], [1.5]])
def test_snapshot_saver_rejects_bad_cycle_ends(ends):
    with pytest.raises(ValueError):
        SnapshotSaver(ends)


def test_snapshot_saver_predict_before_any_snapshot():
    saver = SnapshotSaver([2])
    saver.set_model(tiny_model())
    with pytest.raises(ValueError, match="no snapshot"):
        saver.predict_each(np.zeros((1, 3), dtype="float32"))
