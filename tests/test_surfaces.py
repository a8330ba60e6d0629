"""course_utils.surfaces: gradients agree with numerical ones; Keras paths descend."""

from course_utils.surfaces import double_well, keras_path, ravine, saddle

import numpy as np
import pytest
from gradients import numerical_gradient


@pytest.mark.parametrize("make", [ravine, saddle, double_well])
def test_gradients_match_numerical_gradients(make):
    s = make()
    for w in (np.array([0.3, -0.7]), np.array([-1.2, 0.4])):
        numeric = numerical_gradient(lambda v: s.f(v[0], v[1]), w.copy())
        np.testing.assert_allclose(s.grad(w), numeric, rtol=1e-6, atol=1e-8)


def test_keras_sgd_path_descends_the_ravine():
    import keras

    s = ravine()
    path = keras_path(keras.optimizers.SGD(learning_rate=0.02), s, 50)
    assert path.shape == (51, 2)
    np.testing.assert_allclose(path[0], s.start)
    values = s.f(path[:, 0], path[:, 1])
    assert values[-1] < values[0] / 10


def test_bad_arguments():
    import keras

    with pytest.raises(ValueError, match="a and b"):
        ravine(a=0)
    with pytest.raises(ValueError, match="steps"):
        keras_path(keras.optimizers.SGD(), ravine(), 0)
