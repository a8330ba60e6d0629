"""Classic mistakes for 03_batchnorm: each becomes a submission that must get partial marks.

Each entry rewrites one line of a solution cell; ``failing_tests`` are exactly the test cells it must
fail, and ``message`` is the diagnosis each of them must print.
"""

MISTAKES = [
    {
        "name": "momentum_on_batch_statistic",
        "cell": "batchnorm_forward_solution",
        "find": "momentum * running_mean + (1 - momentum) * mean",
        "replace": "(1 - momentum) * running_mean + momentum * mean",
        "failing_tests": ["test_bn_running_stats"],
        "message": "the momentum multiplies the batch statistic",
    },
    {
        "name": "running_statistics_not_stored",
        "cell": "batchnorm_forward_solution",
        "find": 'bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean\n'
        '        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var',
        "replace": "running_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        running_var = momentum * running_var + (1 - momentum) * var",
        "failing_tests": ["test_bn_forward_defaults", "test_bn_running_stats", "test_bn_experiment"],
        "message": "store the updated running statistics back into bn_param",
    },
    {
        "name": "test_mode_uses_batch_statistics",
        "cell": "batchnorm_forward_solution",
        "find": "mean, var = running_mean, running_var",
        "replace": "mean, var = x.mean(axis=0), x.var(axis=0)",
        "failing_tests": ["test_bn_forward_test_mode", "test_bn_modes"],
        "message": "test mode uses the batch statistics",
    },
    {
        "name": "default_eps_of_pytorch",
        "cell": "batchnorm_forward_solution",
        "find": 'eps = bn_param.get("eps", 1e-3)',
        "replace": 'eps = bn_param.get("eps", 1e-5)',
        "failing_tests": ["test_bn_forward_defaults"],
        "message": "the default eps is 1e-5",
    },
    {
        "name": "backward_ignores_batch_statistics",
        "cell": "batchnorm_backward_solution",
        "find": "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.mean(dx_hat * x_hat, axis=0)) / std",
        "replace": "dx = dx_hat / std",
        "failing_tests": ["test_bn_backward_dx", "test_bn_experiment"],
        "message": "dx ignores that the batch mean and variance depend on x",
    },
    {
        "name": "backward_misses_variance_path",
        "cell": "batchnorm_backward_solution",
        "find": "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.mean(dx_hat * x_hat, axis=0)) / std",
        "replace": "dx = (dx_hat - dx_hat.mean(axis=0)) / std",
        "failing_tests": ["test_bn_backward_dx"],
        "message": "dx misses the path through the variance",
    },
    {
        "name": "gamma_missing_in_dx",
        "cell": "batchnorm_backward_solution",
        "find": "dx_hat = dout * gamma",
        "replace": "dx_hat = dout",
        "failing_tests": ["test_bn_backward_dx"],
        "message": "gamma is not multiplied in",
    },
    {
        "name": "dbeta_averaged",
        "cell": "batchnorm_backward_solution",
        "find": "dbeta = dout.sum(axis=0)",
        "replace": "dbeta = dout.mean(axis=0)",
        "failing_tests": ["test_bn_backward_params"],
        "message": "dbeta is averaged over the batch, not summed",
    },
    {
        "name": "dgamma_dbeta_swapped",
        "cell": "batchnorm_backward_solution",
        "find": "return dx, dgamma, dbeta",
        "replace": "return dx, dbeta, dgamma",
        "failing_tests": ["test_bn_backward_params"],
        "message": "are swapped",
    },
]
