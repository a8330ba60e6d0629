"""The mini-batch loop: sample, forward, backprop, update; with pluggable parts.

``Trainer`` drives any model with a ``params`` dict and ``loss(x, y) -> (loss, grads)``
(``course_utils.nn.MLP`` is one). Update rules follow CS231n's
``update(w, dw, config) -> (next_w, config)``, so the assignment's ``sgd``, ``adam``...
plug straight in; so do a learning-rate schedule and a weight penalty.
"""

import sys
import time

import numpy as np


def _plain_sgd(w, dw, config):
    dw *= config["learning_rate"]  # in place: the gradient is not needed after the update
    w -= dw
    return w, config


class Trainer:
    """Train ``model`` on ``(x_train, y_train)`` with mini-batch gradient descent.

    Args:
        model: has ``params`` (dict of arrays), ``loss(x, y) -> (loss, grads)``, ``accuracy(x, y)``.
        x_train, y_train: (N, D) inputs and (N,) integer labels.
        x_val, y_val: validation data, or None. Default None.
        update_rule: ``f(w, dw, config) -> (next_w, config)``. Default: plain SGD, ``w -= lr * dw``.
        optim_config: hyperparameters given to every parameter's config. Default {"learning_rate": 0.01}.
        lr_schedule: ``f(t) -> learning rate``, or None (keep the configured rate). Default None.
        schedule_unit: "epoch" (t = epoch index, the default) or "iteration" (t = step index).
        penalty: ``f(loss, grads, params) -> (loss, grads)``, e.g.
            ``functools.partial(add_weight_penalty, lam=1e-3, kind="l2")``. Default None.
        batch_size: default 128. epochs: default 10. seed: shuffling seed, default 0.
        verbose: print one progress line per epoch. Default True.
        eval_size: training examples used to measure training accuracy each epoch. Default 1000.

    ``train()`` returns ``history``: lists per epoch of "loss" (mean training loss), "train_acc",
    "val_acc", "val_loss", "lr" (the rate at the epoch's start) and "time" (seconds).
    """

    def __init__(
        self,
        model,
        x_train,
        y_train,
        x_val=None,
        y_val=None,
        *,
        update_rule=None,
        optim_config=None,
        lr_schedule=None,
        schedule_unit="epoch",
        penalty=None,
        batch_size=128,
        epochs=10,
        seed=0,
        verbose=True,
        eval_size=1000,
    ):
        if len(x_train) != len(y_train):
            raise ValueError(
                f"x_train and y_train must have the same length, got {len(x_train)} and {len(y_train)}"
            )
        if (x_val is None) != (y_val is None):
            raise ValueError("x_val and y_val must be given together")
        if int(batch_size) < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        if int(epochs) < 0:
            raise ValueError(f"epochs must be >= 0, got {epochs!r}")
        if schedule_unit not in ("epoch", "iteration"):
            raise ValueError(f"schedule_unit must be 'epoch' or 'iteration', got {schedule_unit!r}")
        dtype = getattr(model, "dtype", np.float64)
        self.model = model
        self.x_train, self.y_train = np.asarray(x_train, dtype=dtype), np.asarray(y_train)
        self.x_val = None if x_val is None else np.asarray(x_val, dtype=dtype)
        self.y_val = y_val
        self.update_rule = update_rule or _plain_sgd
        base = {"learning_rate": 0.01, **(optim_config or {})}
        self.optim_configs = {name: dict(base) for name in model.params}
        self.lr_schedule = lr_schedule
        self.schedule_unit = schedule_unit
        self.penalty = penalty
        self.batch_size = int(batch_size)
        self.epochs = int(epochs)
        self.verbose = verbose
        self.eval_size = int(eval_size)
        self.rng = np.random.default_rng(seed)
        self.iteration = 0
        self.epoch = 0
        self.epoch_lr = self.learning_rate
        self.history = {"loss": [], "train_acc": [], "val_acc": [], "val_loss": [], "lr": [], "time": []}

    @property
    def learning_rate(self):
        """The learning rate the next update will use (every parameter's config holds the same)."""
        return next(iter(self.optim_configs.values()))["learning_rate"] if self.optim_configs else None

    def set_learning_rate(self, lr):
        """Use ``lr`` (finite, >= 0) for every parameter from the next update on."""
        lr = float(lr)
        if not np.isfinite(lr) or lr < 0:
            raise ValueError(f"lr must be finite and >= 0, got {lr!r}")
        for config in self.optim_configs.values():
            config["learning_rate"] = lr

    def _apply_schedule(self, t):
        lr = self.lr_schedule(t)
        try:
            self.set_learning_rate(lr)
        except (TypeError, ValueError):
            raise ValueError(
                f"lr_schedule({t}) returned {lr!r}; a learning rate must be finite and >= 0"
            ) from None

    def step(self, x_batch, y_batch):
        """One update on one mini-batch; returns its loss."""
        if self.lr_schedule is not None and self.schedule_unit == "iteration":
            self._apply_schedule(self.iteration)
        loss, grads = self.model.loss(x_batch, y_batch)
        if self.penalty is not None:
            loss, grads = self.penalty(loss, grads, self.model.params)
        for name, w in self.model.params.items():
            next_w, self.optim_configs[name] = self.update_rule(w, grads[name], self.optim_configs[name])
            self.model.params[name] = next_w
        self.iteration += 1
        return float(loss)

    def train_epoch(self):
        """One pass over the shuffled training set; returns the mean mini-batch loss."""
        if self.lr_schedule is not None and self.schedule_unit == "epoch":
            self._apply_schedule(self.epoch)
        order = self.rng.permutation(len(self.x_train))
        losses = []
        # Gathering each mini-batch as it is needed keeps it in cache; a shuffled copy of the whole set would not be.
        for i in range(0, len(order), self.batch_size):
            idx = order[i : i + self.batch_size]
            losses.append(self.step(self.x_train[idx], self.y_train[idx]))
            if i == 0:
                self.epoch_lr = self.learning_rate  # the rate of the epoch's first update
        self.epoch += 1
        return float(np.mean(losses))

    def _val_loss(self):
        from course_utils.nn import softmax_cross_entropy

        return softmax_cross_entropy(self.model.loss(self.x_val), self.y_val)[0]

    def train(self):
        """Run ``epochs`` epochs, recording the history; returns ``history``."""
        for _ in range(self.epochs):
            start = time.perf_counter()
            loss = self.train_epoch()
            h = self.history
            h["time"].append(time.perf_counter() - start)
            h["loss"].append(loss)
            h["lr"].append(self.epoch_lr)
            sub = slice(0, self.eval_size)
            h["train_acc"].append(self.model.accuracy(self.x_train[sub], self.y_train[sub]))
            if self.x_val is not None:
                h["val_acc"].append(self.model.accuracy(self.x_val, self.y_val))
                h["val_loss"].append(self._val_loss())
            if self.verbose:
                self._report()
        return self.history

    def _report(self):
        h = self.history
        width = len(str(self.epochs))
        line = f"epoch {len(h['loss']):>{width}}/{self.epochs}  loss {h['loss'][-1]:.4f}  train acc {h['train_acc'][-1]:.3f}"
        if h["val_acc"]:
            line += f"  val acc {h['val_acc'][-1]:.3f}  val loss {h['val_loss'][-1]:.4f}"
        print(line, file=sys.stdout, flush=True)
