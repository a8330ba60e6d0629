"""Classic mistakes for 03_batchnorm: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "momentum_on_batch_statistic",
        "cell": "batchnorm_forward_solution",
        "find": "bn_param[key] = momentum * old + (1 - momentum) * stat",
        "replace": "bn_param[key] = (1 - momentum) * old + momentum * stat",
        "failing_tests": ["test_bn_running_stats"],
        "message": "the momentum multiplies the batch statistic",
    },
    {
        "name": "test_mode_uses_batch_statistics",
        "cell": "batchnorm_forward_solution",
        "find": "mean, var = running_mean, running_var",
        "replace": "mean, var = x.mean(axis=0), x.var(axis=0)",
        "failing_tests": ["test_bn_forward_test_mode"],
        "message": "test mode uses the batch statistics",
    },
    {
        "name": "backward_ignores_batch_statistics",
        "cell": "batchnorm_backward_solution",
        "find": "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.mean(dx_hat * x_hat, axis=0)) / std",
        "replace": "dx = dx_hat / std",
        "failing_tests": ["test_bn_backward_dx"],
        "message": "dx ignores that the batch mean and variance depend on x",
    },
]
