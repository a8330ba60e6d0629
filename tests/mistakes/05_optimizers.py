"""Classic mistakes for 05_optimizers: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "adam_without_bias_correction",
        "cell": "adam_solution",
        "find": 'm_hat = config["m"] / (1 - b1 ** config["t"])\n    v_hat = config["v"] / (1 - b2 ** config["t"])',
        "replace": 'm_hat = config["m"]\n    v_hat = config["v"]',
        "failing_tests": ["test_adam_first_step", "test_adam_keras"],
        "message": "Adam without bias correction",
    },
    {
        "name": "adam_t_incremented_after_correction",
        "cell": "adam_solution",
        "find": 'config["t"] = config.get("t", 0) + 1\n',
        "replace": 'config.setdefault("t", 0)\n',
        "failing_tests": ["test_adam_first_step", "test_adam_state", "test_adam_keras"],
        "message": "increment t before the bias correction",
    },
    {
        "name": "rmsprop_slides_cache",
        "cell": "rmsprop_solution",
        "find": 'config["cache"] = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw**2',
        "replace": 'config["cache"] = config.get("cache", np.zeros_like(w))\n'
        '    config["cache"] += rho * config["cache"] + (1 - rho) * dw**2',
        "failing_tests": ["test_rmsprop"],
        "message": "the slides' error",
    },
    {
        "name": "nesterov_slides_sign",
        "cell": "nesterov_solution",
        "find": "return w - (-mu * v_prev + (1 + mu) * v), config",
        "replace": "return w - (mu * v_prev + (1 + mu) * v), config",
        "failing_tests": ["test_nesterov"],
        "message": "the slides' sign error",
    },
    {
        "name": "momentum_state_not_kept",
        "cell": "momentum_solution",
        "find": 'config["velocity"] = v\n    return w - v, config',
        "replace": "return w - v, config",
        "failing_tests": ["test_momentum_state", "test_momentum_keras"],
        "message": "the velocity is not kept between calls",
    },
]
