"""Classic mistakes for 00_foundations: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "leaky_relu_keras_slope",
        "cell": "leaky_relu_solution",
        "find": "def leaky_relu_forward(x, alpha=0.1):",
        "replace": "def leaky_relu_forward(x, alpha=0.3):",
        "failing_tests": ["test_leaky_relu_default"],
        "message": "Keras's default slope 0.3",
    },
    {
        "name": "mse_without_half",
        "cell": "mse_solution",
        "find": "np.sum(diff**2) / (2 * m)",
        "replace": "np.sum(diff**2) / m",
        "failing_tests": ["test_mse_value"],
        "message": "the 1/2 factor is missing",
    },
    {
        "name": "sigmoid_backward_without_chain_rule",
        "cell": "sigmoid_solution",
        "find": "return dout * out * (1.0 - out)",
        "replace": "return out * (1.0 - out)",
        "failing_tests": ["test_sigmoid_backward"],
        "message": "dout is not multiplied in",
    },
]
