"""A small fully connected network in NumPy, in CS231n's layer style.

Layers are pairs of functions: ``*_forward(...) -> (out, cache)`` and
``*_backward(dout, cache) -> gradients``. ``MLP`` chains them as
affine -> [normalization] -> ReLU -> [dropout] for each hidden layer, then an affine
layer and softmax cross-entropy. Its initializer, normalization and dropout are
pluggable, so the functions written in the assignments can be dropped in.
"""

import numpy as np


def affine_forward(x, w, b):
    """out = x @ w + b for x (N, D), w (D, M), b (M,) or None. Returns (out (N, M), cache)."""
    out = x @ w
    if b is not None:
        out += b
    return out, (x, w, b is not None)


def affine_backward(dout, cache, need_dx=True):
    """Gradients of ``affine_forward``: (dx (N, D) or None, dw (D, M), db (M,) or None)."""
    x, w, has_bias = cache
    dw = x.T @ dout
    db = dout.sum(axis=0) if has_bias else None
    dx = dout @ w.T if need_dx else None
    return dx, dw, db


def relu_forward(x):
    """max(0, x), elementwise. Returns (out, cache); ``x`` is not modified."""
    out = np.maximum(x, 0)
    return out, out


def relu_backward(dout, cache):
    """Gradient of ReLU: dout where the output was positive, 0 elsewhere. Reuses ``dout``'s memory."""
    return np.multiply(dout, cache > 0, out=dout)


def softmax_cross_entropy(scores, y):
    """Mean softmax cross-entropy of scores (N, C) against integer labels y (N,).

    Returns (loss, dscores) with dscores (N, C), the gradient of the mean loss.
    """
    if scores.ndim != 2:
        raise ValueError(f"scores must be (N, C), got shape {scores.shape}")
    y = np.asarray(y)
    if y.shape != (scores.shape[0],):
        raise ValueError(f"y must have shape ({scores.shape[0]},), got {y.shape}")
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    sums = probs.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(np.mean(np.log(sums[:, 0]) - shifted[rows, y]))
    probs /= sums
    probs[rows, y] -= 1
    probs /= n
    return loss, probs


def softmax(scores):
    """Row-wise softmax of scores (N, C)."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def uniform_init(fan_in, fan_out, rng):
    """W ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), shape (fan_in, fan_out): the MLP's default."""
    limit = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


class MLP:
    """Fully connected ReLU network with a softmax cross-entropy loss.

    Args:
        layer_sizes: (input, hidden..., classes), e.g. (784, 256, 10).
        initializer: ``f(fan_in, fan_out, rng=rng) -> W``. Default ``uniform_init``.
            ``functools.partial(init_weights, scheme="he")`` plugs in the assignment's.
        normalization: ``(forward, backward)`` following the batch-norm API
            ``forward(x, gamma, beta, bn_param) -> (out, cache)``,
            ``backward(dout, cache) -> (dx, dgamma, dbeta)``, or None (default). With it, the
            hidden affine layers have no bias: the normalization's beta takes its place.
        dropout: ``(forward, backward)`` following the dropout API
            ``forward(x, dropout_param) -> (out, cache)``, ``backward(dout, cache) -> dx``, or None.
        dropout_rate: probability of dropping a hidden unit. Default 0.5.
        dtype: float dtype of the parameters and computation. Default float64.
        seed: seed of the initial weights and of the dropout masks. Default 0.

    ``params`` holds "W1", "b1", ("gamma1", "beta1"), ..., as in CS231n.
    """

    def __init__(
        self,
        layer_sizes,
        *,
        initializer=None,
        normalization=None,
        dropout=None,
        dropout_rate=0.5,
        dtype=np.float64,
        seed=0,
    ):
        sizes = tuple(int(s) for s in layer_sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"layer_sizes needs at least 2 positive sizes, got {layer_sizes!r}")
        if not 0.0 <= dropout_rate < 1.0:
            raise ValueError(f"dropout_rate must be in [0, 1), got {dropout_rate!r}")
        for arg, value in (("normalization", normalization), ("dropout", dropout)):
            if value is not None and (len(value) != 2 or not all(callable(f) for f in value)):
                raise ValueError(f"{arg} must be a (forward, backward) pair of functions or None")
        self.sizes = sizes
        self.num_layers = len(sizes) - 1
        self.dtype = np.dtype(dtype)
        self.normalization = normalization
        self.dropout = dropout
        self.dropout_rate = float(dropout_rate)
        self.rng = np.random.default_rng(seed)
        initializer = initializer or uniform_init
        self.params = {}
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            w = np.asarray(initializer(fan_in, fan_out, rng=self.rng), dtype=self.dtype)
            if w.shape != (fan_in, fan_out):
                raise ValueError(
                    f"initializer returned shape {w.shape} for layer {i}, expected {(fan_in, fan_out)}"
                )
            self.params[f"W{i}"] = w
            hidden = i < self.num_layers
            if hidden and normalization is not None:
                self.params[f"gamma{i}"] = np.ones(fan_out, dtype=self.dtype)
                self.params[f"beta{i}"] = np.zeros(fan_out, dtype=self.dtype)
            else:
                self.params[f"b{i}"] = np.zeros(fan_out, dtype=self.dtype)
        self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]

    def loss(self, x, y=None):
        """Scores (N, C) when ``y`` is None (inference mode); else (loss, grads) in training mode."""
        training = y is not None
        mode = "train" if training else "test"
        h = np.asarray(x, dtype=self.dtype)
        caches = []
        for i in range(1, self.num_layers):
            h, fc = affine_forward(h, self.params[f"W{i}"], self.params.get(f"b{i}"))
            nc = dc = None
            if self.normalization is not None:
                self.bn_params[i - 1]["mode"] = mode
                h, nc = self.normalization[0](
                    h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1]
                )
            if nc is None:
                h = np.maximum(h, 0, out=h)  # in place: h is the affine layer's own fresh output
                rc = h
            else:  # the normalization's output may live in its cache: leave it alone
                h, rc = relu_forward(h)
            if self.dropout is not None:
                param = {"rate": self.dropout_rate, "mode": mode, "seed": int(self.rng.integers(2**31))}
                h, dc = self.dropout[0](h, param)
            caches.append((fc, nc, rc, dc))
        n = self.num_layers
        scores, last = affine_forward(h, self.params[f"W{n}"], self.params[f"b{n}"])
        if not training:
            return scores
        loss, dscores = softmax_cross_entropy(scores, y)
        grads = {}
        dh, grads[f"W{n}"], grads[f"b{n}"] = affine_backward(dscores, last)
        for i in range(n - 1, 0, -1):
            fc, nc, rc, dc = caches[i - 1]
            if dc is not None:
                dh = self.dropout[1](dh, dc)
            dh = relu_backward(dh, rc)
            if nc is not None:
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = self.normalization[1](dh, nc)
            dh, grads[f"W{i}"], db = affine_backward(dh, fc, need_dx=i > 1)
            if db is not None:
                grads[f"b{i}"] = db
        return loss, grads

    def predict(self, x, batch_size=1024):
        """Class predictions (N,) in inference mode, in batches."""
        out = [np.argmax(self.loss(x[i : i + batch_size]), axis=1) for i in range(0, len(x), batch_size)]
        return np.concatenate(out)

    def predict_proba(self, x, batch_size=1024):
        """Softmax probabilities (N, C) in inference mode."""
        return np.concatenate(
            [softmax(self.loss(x[i : i + batch_size])) for i in range(0, len(x), batch_size)]
        )

    def accuracy(self, x, y):
        return float(np.mean(self.predict(x) == y))
