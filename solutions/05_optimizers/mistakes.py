"""Classic mistakes for 05_optimizers: each becomes a submission that must get partial marks.

A mistake in a rule that the equal-budget experiment uses (momentum, Nesterov, Adam) also spoils that
experiment; the experiment's check then names the same mistake.
"""

MISTAKES = [
    {
        "name": "sgd_gradient_added",
        "cell": "sgd_solution",
        "find": 'return w - config["learning_rate"] * dw, config',
        "replace": 'return w + config["learning_rate"] * dw, config',
        "failing_tests": ["test_sgd"],
        "message": "the gradient is added",
    },
    {
        "name": "sgd_default_not_stored",
        "cell": "sgd_solution",
        "find": 'config.setdefault("learning_rate", 1e-2)\n    return w - config["learning_rate"] * dw, config',
        "replace": 'return w - config.get("learning_rate", 1e-2) * dw, config',
        "failing_tests": ["test_sgd"],
        "message": "should store its default learning_rate",
    },
    {
        "name": "momentum_state_not_kept",
        "cell": "momentum_solution",
        "find": 'config["velocity"] = v\n    return w - v, config',
        "replace": "return w - v, config",
        "failing_tests": ["test_momentum_state", "test_momentum_keras", "test_experiment"],
        "message": "the velocity is not kept between calls",
    },
    {
        "name": "nesterov_slides_sign",
        "cell": "nesterov_solution",
        "find": "return w - (-mu * v_prev + (1 + mu) * v), config",
        "replace": "return w - (mu * v_prev + (1 + mu) * v), config",
        "failing_tests": ["test_nesterov", "test_experiment"],
        "message": "the slides' sign error",
    },
    {
        "name": "nesterov_plain_momentum",
        "cell": "nesterov_solution",
        "find": "return w - (-mu * v_prev + (1 + mu) * v), config",
        "replace": "return w - v, config",
        "failing_tests": ["test_nesterov"],
        "message": "this is plain momentum",
    },
    {
        "name": "adagrad_cache_not_kept",
        "cell": "adagrad_solution",
        "find": 'config["cache"] = config.get("cache", np.zeros_like(w)) + dw**2',
        "replace": 'config["cache"] = dw**2',
        "failing_tests": ["test_adagrad"],
        "message": "the cache is not kept between calls",
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
        "failing_tests": ["test_adam_first_step", "test_adam_state", "test_adam_keras", "test_experiment"],
        "message": "increment t before the bias correction",
    },
    {
        "name": "tune_picks_nan",
        "cell": "tune_solution",
        "find": "finite = np.where(np.isfinite(losses), losses, np.inf)",
        "replace": "finite = losses",
        "failing_tests": ["test_tune"],
        "message": "a diverged run was picked",
    },
    {
        "name": "tune_runs_twice",
        "cell": "tune_solution",
        "find": "return float(rates[int(np.argmin(finite))]), losses",
        "replace": "return float(min(rates, key=lambda lr: np.nan_to_num(float(run(lr)), nan=np.inf))), losses",
        "failing_tests": ["test_tune"],
        "message": "run should be called once per candidate rate",
    },
    {
        "name": "rates_not_tuned",
        "cell": "rates_solution",
        "find": "        rates[name], losses = tune_learning_rate(lambda lr, rule=rule: run_budget(rule, lr), grids[name])\n",
        "replace": "        rates[name] = 0.01 if name.startswith(('sgd', 'nesterov')) else 0.001  # Keras's defaults\n"
        "        losses = [run_budget(rule, rates[name])]\n",
        "failing_tests": ["test_experiment"],
        "message": "its rate is not tuned for this budget",
    },
]
