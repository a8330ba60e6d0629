"""course_utils.seed and course_utils.data."""

from course_utils import set_seed
from course_utils.data import load_dataset, make_blobs, make_line, make_spirals, stratified_split

import random

import numpy as np
import pytest


def test_set_seed_makes_python_numpy_and_generator_repeatable():
    rng = set_seed(3)
    first = (random.random(), np.random.rand(), rng.normal())
    rng = set_seed(3)
    assert (random.random(), np.random.rand(), rng.normal()) == first


def test_set_seed_seeds_tensorflow_when_asked():
    import keras

    set_seed(7, tensorflow=True)
    a = keras.random.normal((3,), seed=None).numpy()
    set_seed(7, tensorflow=True)
    b = keras.random.normal((3,), seed=None).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True])
def test_set_seed_rejects_bad_seeds(bad):
    with pytest.raises(ValueError, match="seed"):
        set_seed(bad)


def test_mnist_split_is_stratified_shuffled_and_scaled():
    split = load_dataset("mnist")
    assert (
        split.x_train.shape == (3500, 784)
        and split.x_val.shape == (500, 784)
        and split.x_test.shape == (1000, 784)
    )
    assert split.x_train.dtype == np.float32 and 0.0 <= split.x_train.min() and split.x_train.max() == 1.0
    for part in (split.y_train, split.y_val, split.y_test):
        counts = np.bincount(part, minlength=10)
        assert counts.min() == counts.max()  # 500 per digit, split evenly
    assert len(np.unique(split.y_train[:20])) > 3  # shuffled, not sorted by label
    again = load_dataset("mnist")
    np.testing.assert_array_equal(split.y_train, again.y_train)


def test_mnist_unflattened():
    assert load_dataset("mnist", flatten=False).x_train.shape[1:] == (28, 28)


def test_digits_split_covers_every_image_once():
    s = load_dataset("digits")
    assert len(s.x_train) + len(s.x_val) + len(s.x_test) == 1797
    assert s.x_train.shape[1] == 64 and s.num_classes == 10 and s.x_train.max() <= 1.0


def test_stratified_split_rejects_bad_arguments():
    x, y = np.zeros((10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError, match="val_size"):
        stratified_split(x, y, val_size=1.2)
    with pytest.raises(ValueError, match="same length"):
        stratified_split(x, y[:5])
    with pytest.raises(ValueError, match="val_size \\+ test_size"):
        stratified_split(x, y, val_size=0.5, test_size=0.5)


def test_synthetic_sets_have_the_promised_shapes_and_are_repeatable():
    x, y = make_spirals(50, 3, seed=1)
    assert x.shape == (150, 2) and np.bincount(y).tolist() == [50, 50, 50]
    np.testing.assert_array_equal(x, make_spirals(50, 3, seed=1)[0])
    x, y = make_blobs(20, 4)
    assert x.shape == (80, 2) and set(y) == {0, 1, 2, 3}
    x, y = make_line(500, slope=2.0, intercept=-1.0, noise=0.0)
    np.testing.assert_allclose(np.polyfit(x, y, 1), [2.0, -1.0])


def test_load_dataset_rejects_unknown_names_and_bad_sizes():
    with pytest.raises(ValueError, match="name"):
        load_dataset("cifar10")
    with pytest.raises(ValueError, match="n_classes"):
        make_spirals(10, 1)
    with pytest.raises(ValueError, match="noise"):
        make_spirals(10, 3, noise=-1)
