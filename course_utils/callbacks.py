"""Keras 3 callbacks for the learning-rate finder, per-batch schedules and snapshot ensembles.

Keras ships none of these (TensorFlow Addons, which had cyclical rates, is end-of-life), so
the course provides three small ones. Each takes plain Python numbers or functions, so a
schedule written in NumPy plugs straight in:

- ``LRFinder``: raises the learning rate geometrically batch after batch and records
  ``(lr, loss)`` pairs until the loss diverges (Smith, 2017).
- ``BatchLRScheduler(schedule)``: sets the optimizer's rate before every batch from
  ``schedule(t)``, with ``t`` the iteration or the fractional epoch (Keras's own
  ``LearningRateScheduler`` only changes it once per epoch).
- ``SnapshotSaver(cycle_ends)``: keeps a copy of the weights at the end of each cycle, the
  members of a snapshot ensemble (Huang et al., 2017).

Example:
    >>> finder = LRFinder(lr_min=1e-5, lr_max=10.0, num_steps=100)
    >>> model.fit(x, y, batch_size=64, epochs=10, callbacks=[finder], verbose=0)  # doctest: +SKIP
    >>> finder.lrs, finder.losses  # doctest: +SKIP

References:
    L. N. Smith (2017), "Cyclical Learning Rates for Training Neural Networks", WACV.
    I. Loshchilov and F. Hutter (2017), "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR.
    G. Huang, Y. Li, G. Pleiss, Z. Liu, J. E. Hopcroft and K. Q. Weinberger (2017),
    "Snapshot Ensembles: Train 1, get M for free", ICLR.
"""

import math

import keras
import numpy as np


def _set_lr(optimizer, lr):
    # Keras raises a TypeError with a clear message if the optimizer was built with a schedule.
    optimizer.learning_rate = lr


def _check_lr(value, where):
    try:
        lr = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where} returned {value!r}; a learning rate must be a number") from None
    if not math.isfinite(lr) or lr < 0:
        raise ValueError(f"{where} returned {lr!r}; a learning rate must be finite and >= 0")
    return lr


class LRFinder(keras.callbacks.Callback):
    """The learning-rate range test as a callback: one batch per rate, rates growing geometrically.

    Before batch ``i`` the optimizer's rate is set to ``lr_min * (lr_max / lr_min) ** (i / (num_steps - 1))``;
    after it, the batch's loss is recorded. Training stops after ``num_steps`` batches, or as soon
    as a loss is not finite or exceeds ``stop_factor`` times the lowest loss so far (that last
    pair is kept, so the blow-up shows on the plot). Give ``fit`` enough epochs to reach
    ``num_steps`` batches.

    Keras reports the running mean of the epoch's losses after each batch; the finder recovers
    each batch's own loss from it, exactly when all batches of an epoch have the same size.

    Args:
        lr_min, lr_max: first and last rate, 0 < lr_min < lr_max. Defaults 1e-6 and 1.0.
        num_steps: number of batches (rates), >= 2. Default 100.
        stop_factor: divergence threshold, > 1. Default 4.0.
        restore_weights: put the weights back as they were before the test (default True),
            so the same model can then be trained properly.

    Attributes:
        lrs, losses: lists of floats, one pair per batch run.
    """

    def __init__(self, lr_min=1e-6, lr_max=1.0, num_steps=100, stop_factor=4.0, restore_weights=True):
        super().__init__()
        if not lr_min > 0:
            raise ValueError(f"lr_min must be > 0, got {lr_min!r}")
        if not lr_max > lr_min:
            raise ValueError(f"lr_max must be > lr_min ({lr_min}), got {lr_max!r}")
        if int(num_steps) != num_steps or num_steps < 2:
            raise ValueError(f"num_steps must be an integer >= 2, got {num_steps!r}")
        if not stop_factor > 1:
            raise ValueError(f"stop_factor must be > 1, got {stop_factor!r}")
        self.lr_min, self.lr_max = float(lr_min), float(lr_max)
        self.num_steps = int(num_steps)
        self.stop_factor = float(stop_factor)
        self.restore_weights = restore_weights
        self.lrs, self.losses = [], []

    def _rate(self, i):
        return self.lr_min * (self.lr_max / self.lr_min) ** (i / (self.num_steps - 1))

    def on_train_begin(self, logs=None):
        self.lrs, self.losses = [], []
        self._best = math.inf
        self._saved = self.model.get_weights() if self.restore_weights else None

    def on_epoch_begin(self, epoch, logs=None):
        self._previous_mean = 0.0

    def on_train_batch_begin(self, batch, logs=None):
        _set_lr(self.model.optimizer, self._rate(len(self.lrs)))

    def on_train_batch_end(self, batch, logs=None):
        mean = float((logs or {})["loss"])
        loss = (batch + 1) * mean - batch * self._previous_mean  # this batch's loss
        self._previous_mean = mean
        self.lrs.append(self._rate(len(self.lrs)))
        self.losses.append(loss)
        self._best = min(self._best, loss)
        diverged = not math.isfinite(loss) or loss > self.stop_factor * self._best
        if diverged or len(self.lrs) >= self.num_steps:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self._saved is not None:
            self.model.set_weights(self._saved)


class BatchLRScheduler(keras.callbacks.Callback):
    """Set the optimizer's learning rate before every batch from ``schedule(t)``.

    Args:
        schedule: function ``t -> learning rate`` (a float or 0-d array, finite and >= 0),
            e.g. ``lambda t: triangular_lr(t, 1e-3, 1e-1, step_size=200)``.
        unit: "iteration" (default): ``t`` = 0, 1, 2, ... counts the batches this callback has
            seen, across epochs and ``fit`` calls; "epoch": ``t = epoch + batch / steps_per_epoch``,
            a fractional epoch (so ``t`` = 2.5 halfway through the third epoch).

    Attributes:
        lrs: the rates set, one per batch. iteration: batches seen so far.

    The optimizer must be built with a float ``learning_rate``, not a schedule object.
    """

    def __init__(self, schedule, unit="iteration"):
        super().__init__()
        if not callable(schedule):
            raise ValueError(f"schedule must be a function t -> learning rate, got {type(schedule).__name__}")
        if unit not in ("iteration", "epoch"):
            raise ValueError(f"unit must be 'iteration' or 'epoch', got {unit!r}")
        self.schedule = schedule
        self.unit = unit
        self.iteration = 0
        self.lrs = []
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        if self.unit == "iteration":
            t = self.iteration
        else:
            steps = (self.params or {}).get("steps")
            if not steps:
                raise ValueError(
                    "unit='epoch' needs the number of steps per epoch; pass data of known length"
                )
            t = self._epoch + batch / steps
        lr = _check_lr(self.schedule(t), f"schedule({t})")
        _set_lr(self.model.optimizer, lr)
        self.lrs.append(lr)

    def on_train_batch_end(self, batch, logs=None):
        self.iteration += 1


class SnapshotSaver(keras.callbacks.Callback):
    """Keep a copy of the model's weights at the end of the given epochs (the ends of the cycles).

    Args:
        cycle_ends: increasing epoch counts, starting from 1: ``[1, 3, 7]`` stores the weights
            after the 1st, 3rd and 7th epochs (SGDR cycles of 1, 2 and 4 epochs).

    Attributes:
        snapshots: list of weight lists (``model.get_weights()``), one per cycle end reached.
        epochs: the epoch count of each snapshot.
    """

    def __init__(self, cycle_ends):
        super().__init__()
        ends = [int(e) for e in cycle_ends]
        if not ends:
            raise ValueError("cycle_ends must name at least one epoch")
        if any(e != c for e, c in zip(ends, cycle_ends)) or ends[0] < 1 or np.any(np.diff(ends) <= 0):
            raise ValueError(f"cycle_ends must be increasing integers >= 1, got {list(cycle_ends)!r}")
        self.cycle_ends = ends
        self.snapshots, self.epochs = [], []

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 in self.cycle_ends:
            self.snapshots.append(self.model.get_weights())
            self.epochs.append(epoch + 1)

    def predict_each(self, x, batch_size=256):
        """Each snapshot's predictions on ``x``: a list of arrays, one per snapshot, oldest first.

        The model's current weights are put back afterwards.
        """
        if not self.snapshots:
            raise ValueError("no snapshot yet: train with this callback until a cycle end")
        current = self.model.get_weights()
        try:
            outputs = []
            for weights in self.snapshots:
                self.model.set_weights(weights)
                outputs.append(self.model.predict(x, batch_size=batch_size, verbose=0))
        finally:
            self.model.set_weights(current)
        return outputs
