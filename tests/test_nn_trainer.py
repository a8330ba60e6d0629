"""course_utils.nn and course_utils.trainer, checked against numerical gradients and Keras."""

from course_utils.gradcheck import rel_error
from course_utils.nn import MLP, affine_backward, affine_forward, softmax, softmax_cross_entropy
from course_utils.trainer import Trainer

import functools

import numpy as np
import pytest
from gradients import numerical_gradient


def test_affine_backward_matches_numerical_gradients():
    rng = np.random.default_rng(0)
    x, w, b, dout = (
        rng.normal(size=(4, 5)),
        rng.normal(size=(5, 3)),
        rng.normal(size=3),
        rng.normal(size=(4, 3)),
    )
    dx, dw, db = affine_backward(dout, affine_forward(x, w, b)[1])
    f = lambda: np.sum(affine_forward(x, w, b)[0] * dout)  # noqa: E731
    assert rel_error(dx, numerical_gradient(lambda _: f(), x)) < 1e-7
    assert rel_error(dw, numerical_gradient(lambda _: f(), w)) < 1e-7
    assert rel_error(db, numerical_gradient(lambda _: f(), b)) < 1e-7


def test_softmax_cross_entropy_matches_keras():
    import keras

    rng = np.random.default_rng(1)
    scores, y = rng.normal(size=(6, 4)) * 3, rng.integers(0, 4, 6)
    loss, dscores = softmax_cross_entropy(scores, y)
    expected = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, scores))
    assert loss == pytest.approx(expected, rel=1e-5)
    assert (
        rel_error(dscores, numerical_gradient(lambda s: softmax_cross_entropy(s, y)[0], scores.copy())) < 1e-6
    )
    np.testing.assert_allclose(softmax(scores).sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="y must have shape"):
        softmax_cross_entropy(scores, y[:3])


def _batchnorm_pair():
    # A minimal batch norm for plumbing tests (train mode only): not the assignment's API in full.
    def forward(x, gamma, beta, param):
        mu, var = x.mean(0), x.var(0)
        xhat = (x - mu) / np.sqrt(var + 1e-5)
        return gamma * xhat + beta, (xhat, gamma, var)

    def backward(dout, cache):
        xhat, gamma, var = cache
        n = dout.shape[0]
        dxhat = dout * gamma
        dx = (n * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0)) / (n * np.sqrt(var + 1e-5))
        return dx, (dout * xhat).sum(0), dout.sum(0)

    return forward, backward


def _dropout_pair():
    def forward(x, param):
        mask = (np.random.default_rng(param["seed"]).random(x.shape) >= param["rate"]) / (1 - param["rate"])
        return (x * mask, mask) if param["mode"] == "train" else (x, None)

    def backward(dout, mask):
        return dout * mask

    return forward, backward


@pytest.mark.parametrize("variant", ["plain", "normalization", "dropout"])
def test_mlp_gradients_match_numerical_gradients(variant):
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(7, 5)), rng.integers(0, 3, 7)
    kwargs = {"normalization": _batchnorm_pair()} if variant == "normalization" else {}
    if variant == "dropout":
        kwargs = {"dropout": _dropout_pair(), "dropout_rate": 0.3}
    model = MLP((5, 6, 4, 3), seed=3, **kwargs)
    state = model.rng.bit_generator.state
    loss, grads = model.loss(x, y)
    assert set(grads) == set(model.params)
    if variant == "normalization":
        assert "b1" not in model.params and "gamma1" in model.params  # no bias before the normalization
    for name, param in model.params.items():

        def f(_):
            model.rng.bit_generator.state = state  # the same dropout masks every time
            return model.loss(x, y)[0]

        assert rel_error(grads[name], numerical_gradient(f, param)) < 1e-5, name


def test_mlp_forward_matches_keras_with_the_same_weights():
    import keras

    model = MLP((4, 8, 3), seed=0)
    net = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)]
    )
    net.set_weights([model.params[k] for k in ("W1", "b1", "W2", "b2")])
    x = np.random.default_rng(0).normal(size=(5, 4))
    np.testing.assert_allclose(model.loss(x), net(x).numpy(), rtol=1e-5, atol=1e-6)


def test_mlp_plugs_an_initializer_and_rejects_bad_arguments():
    def he(fan_in, fan_out, rng):
        return rng.normal(0, np.sqrt(2 / fan_in), (fan_in, fan_out))

    model = MLP((400, 300, 2), initializer=functools.partial(he))
    assert model.params["W1"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    with pytest.raises(ValueError, match="layer_sizes"):
        MLP((4,))
    with pytest.raises(ValueError, match="dropout_rate"):
        MLP((4, 2), dropout_rate=1.0)
    with pytest.raises(ValueError, match="normalization"):
        MLP((4, 2), normalization=(print,))
    with pytest.raises(ValueError, match="initializer returned shape"):
        MLP((4, 2), initializer=lambda i, o, rng: np.zeros((o, i)))


def test_trainer_learns_the_digits_and_records_history():
    from course_utils.data import load_dataset

    s = load_dataset("digits")
    model = MLP((64, 32, 10), seed=0)
    trainer = Trainer(
        model,
        s.x_train,
        s.y_train,
        s.x_val,
        s.y_val,
        optim_config={"learning_rate": 0.5},
        epochs=8,
        batch_size=32,
        verbose=False,
    )
    history = trainer.train()
    assert len(history["loss"]) == 8 and history["loss"][-1] < history["loss"][0]
    assert history["val_acc"][-1] > 0.85
    assert trainer.iteration == 8 * int(np.ceil(len(s.x_train) / 32))


def test_trainer_plugs_update_rule_schedule_and_penalty():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 3)), rng.integers(0, 2, 64)
    calls = {"update": 0, "penalty": 0}

    def update(w, dw, config):
        calls["update"] += 1
        config["seen"] = config.get("seen", 0) + 1  # state must persist between calls
        return w - config["learning_rate"] * dw, config

    def penalty(loss, grads, params):
        calls["penalty"] += 1
        return loss + 1.0, grads

    model = MLP((3, 4, 2))
    trainer = Trainer(
        model,
        x,
        y,
        update_rule=update,
        lr_schedule=lambda t: 0.1 / (1 + t),
        penalty=penalty,
        batch_size=16,
        epochs=3,
        verbose=False,
    )
    asked = []
    schedule = trainer.lr_schedule
    trainer.lr_schedule = lambda t: asked.append(t) or schedule(t)
    history = trainer.train()
    assert asked == [0, 1, 2], "the schedule is asked once per epoch"
    assert history["lr"] == pytest.approx([0.1, 0.05, 0.1 / 3])
    assert calls["penalty"] == 12 and calls["update"] == 12 * len(model.params)
    assert all(c["seen"] == 12 for c in trainer.optim_configs.values())
    assert min(history["loss"]) > 1.0  # the penalty's loss reaches the history


def test_trainer_iteration_schedule_and_validation(capsys):
    x, y = np.zeros((10, 2)), np.zeros(10, dtype=int)
    seen = []
    trainer = Trainer(
        MLP((2, 2)),
        x,
        y,
        lr_schedule=lambda t: seen.append(t) or 0.1,
        schedule_unit="iteration",
        batch_size=5,
        epochs=2,
    )
    trainer.train()
    assert seen == [0, 1, 2, 3] and "epoch 2/2" in capsys.readouterr().out
    with pytest.raises(ValueError, match="same length"):
        Trainer(MLP((2, 2)), x, y[:3])
    with pytest.raises(ValueError, match="batch_size"):
        Trainer(MLP((2, 2)), x, y, batch_size=0)
    with pytest.raises(ValueError, match="schedule_unit"):
        Trainer(MLP((2, 2)), x, y, schedule_unit="batch")
    with pytest.raises(ValueError, match="lr_schedule"):
        Trainer(MLP((2, 2)), x, y, lr_schedule=lambda t: -1.0, verbose=False).train()


def test_trainer_learning_rate_can_be_set_between_epochs():
    x, y = np.zeros((8, 2)), np.zeros(8, dtype=int)
    trainer = Trainer(MLP((2, 2)), x, y, optim_config={"learning_rate": 0.5}, epochs=1, verbose=False)
    assert trainer.learning_rate == 0.5
    trainer.set_learning_rate(0.25)
    assert trainer.train()["lr"] == [0.25]
    assert all(c["learning_rate"] == 0.25 for c in trainer.optim_configs.values())
    with pytest.raises(ValueError, match="lr"):
        trainer.set_learning_rate(float("nan"))
