"""How fast is the NumPy trainer? One epoch against Keras ``model.fit`` and the machine's GEMM rate.

Same 784-256-10 float32 MLP (ReLU, softmax cross-entropy, plain SGD), same 3,500 MNIST training
images, same batch size. Prints a table; asserts nothing.

    python benchmarks/bench_trainer.py [--batch-size 256] [--repeats 5]
"""

import course_utils  # noqa: F401  (quietens TensorFlow before it loads)
from course_utils.data import load_dataset
from course_utils.nn import MLP
from course_utils.trainer import Trainer

import argparse
import os
import time

import numpy as np

SIZES = (784, 256, 10)


def gemm_rate(n=2048, repeats=5):
    """Best float32 GEMM rate in GFLOP/s over ``repeats`` n x n products."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def epoch_flops(n_samples):
    """Useful FLOPs of one epoch: forward, weight gradients, and the one input gradient needed."""
    (d, h, c) = SIZES
    forward = 2 * (d * h + h * c)
    backward = 2 * (d * h + h * c) + 2 * h * c  # dW1, dW2, and dX of layer 2 only
    return n_samples * (forward + backward)


def numpy_epoch(split, batch_size, repeats):
    model = MLP(SIZES, dtype=np.float32, seed=0)
    trainer = Trainer(
        model,
        split.x_train,
        split.y_train,
        optim_config={"learning_rate": 0.05},
        batch_size=batch_size,
        verbose=False,
    )
    trainer.train_epoch()  # warm-up
    return min(_timed(trainer.train_epoch) for _ in range(repeats))


def keras_epoch(split, batch_size, repeats):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((SIZES[0],)),
            keras.layers.Dense(SIZES[1], activation="relu"),
            keras.layers.Dense(SIZES[2]),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.05),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )

    def fit():
        model.fit(split.x_train, split.y_train, batch_size=batch_size, epochs=1, verbose=0, shuffle=True)

    fit()  # warm-up: traces and compiles the train step
    return min(_timed(fit) for _ in range(repeats))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    split = load_dataset("mnist")
    peak = gemm_rate()
    t_numpy = numpy_epoch(split, args.batch_size, args.repeats)
    t_keras = keras_epoch(split, args.batch_size, args.repeats)
    flops = epoch_flops(len(split.x_train))
    rate = flops / t_numpy / 1e9
    print(
        f"\nNumPy trainer vs Keras fit: 784-256-10 float32 MLP, {len(split.x_train)} MNIST images, batch {args.batch_size}, "
        f"best of {args.repeats}, {os.cpu_count()} CPU cores\n"
    )
    rows = [
        ("machine float32 GEMM peak (2048^3)", f"{peak:8.1f} GFLOP/s", ""),
        ("Keras model.fit, one epoch", f"{t_keras * 1e3:8.1f} ms", "1.00x"),
        ("NumPy Trainer.train_epoch", f"{t_numpy * 1e3:8.1f} ms", f"{t_numpy / t_keras:.2f}x"),
        ("NumPy trainer throughput", f"{rate:8.1f} GFLOP/s", f"{100 * rate / peak:.0f}% of peak"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | {'value':>15} | {'relative':>12} |")
    print(f"|{'-' * (width + 2)}|{'-' * 17}|{'-' * 14}|")
    for name, value, rel in rows:
        print(f"| {name:<{width}} | {value:>15} | {rel:>12} |")
    return {"peak": peak, "numpy": t_numpy, "keras": t_keras, "rate": rate}


if __name__ == "__main__":
    main()
