"""Classic mistakes for 01_initialization: each becomes a submission that must get partial marks.

Each entry rewrites one line of a solution cell; ``failing_tests`` are exactly the test cells it must
fail, and ``message`` is the diagnosis each of them must print.
"""

MISTAKES = [
    {
        "name": "std_variance_confusion",
        "cell": "init_weights_solution",
        "find": "std = np.sqrt(variances[scheme])",
        "replace": "std = variances[scheme]",
        "failing_tests": ["test_init_fixed", "test_init_fan", "test_experiment"],
        "message": "the variance was passed as the standard deviation",
    },
    {
        "name": "he_uses_fan_out",
        "cell": "init_weights_solution",
        "find": '"he": 2.0 / fan_in,',
        "replace": '"he": 2.0 / fan_out,',
        "failing_tests": ["test_init_fan"],
        "message": "fan_out was used instead of fan_in",
    },
    {
        "name": "he_without_the_factor_2",
        "cell": "init_weights_solution",
        "find": '"he": 2.0 / fan_in,',
        "replace": '"he": 1.0 / fan_in,',
        "failing_tests": ["test_init_fan", "test_experiment"],
        "message": "this is the 'xavier' rule 1 / fan_in: He doubles it for ReLU",
    },
    {
        "name": "uniform_instead_of_normal",
        "cell": "init_weights_solution",
        "find": "return rng.normal(0.0, std, size=(fan_in, fan_out))",
        "replace": "return rng.uniform(-np.sqrt(3) * std, np.sqrt(3) * std, size=(fan_in, fan_out))",
        "failing_tests": ["test_init_normal"],
        "message": "uniform instead of normal",
    },
    {
        "name": "statistics_before_activation",
        "cell": "layer_statistics_solution",
        "find": "stats.append((float(np.mean(h)), float(np.std(h))))",
        "replace": "stats.append((float(np.mean(z)), float(np.std(z))))",
        "failing_tests": ["test_stats_tanh", "test_stats_activations"],
        "message": "statistics computed before the activation",
    },
    {
        "name": "statistics_of_each_layer_input",
        "cell": "layer_statistics_solution",
        "find": "        z = h @ W\n        h = activation(z)\n        stats.append((float(np.mean(h)), float(np.std(h))))",
        "replace": "        stats.append((float(np.mean(h)), float(np.std(h))))\n        z = h @ W\n        h = activation(z)",
        "failing_tests": ["test_stats_tanh", "test_stats_activations"],
        "message": "each layer reports the statistics of its input",
    },
    {
        "name": "std_per_unit_averaged",
        "cell": "layer_statistics_solution",
        "find": "float(np.std(h))",
        "replace": "float(np.mean(np.std(h, axis=0)))",
        "failing_tests": ["test_stats_tanh", "test_stats_activations"],
        "message": "the std was taken per unit (axis=0) and averaged",
    },
    {
        "name": "activation_derivative_missing",
        "cell": "gradient_statistics_solution",
        "find": "dz = dh * slope",
        "replace": "dz = dh",
        "failing_tests": ["test_grad_stats_tanh", "test_grad_stats_activations"],
        "message": "the derivative of the activation is missing",
    },
    {
        "name": "tanh_derivative_at_preactivation",
        "cell": "gradient_statistics_solution",
        "find": '"tanh": (np.tanh, lambda z, h: 1.0 - h**2),',
        "replace": '"tanh": (np.tanh, lambda z, h: 1.0 - z**2),',
        "failing_tests": ["test_grad_stats_tanh"],
        "message": "tanh's derivative was evaluated at the pre-activation",
    },
    {
        "name": "gradients_in_reverse_order",
        "cell": "gradient_statistics_solution",
        "find": "return stds[::-1]",
        "replace": "return stds",
        "failing_tests": ["test_grad_stats_tanh", "test_grad_stats_activations"],
        "message": "the list is in reverse order",
    },
    {
        "name": "gradient_of_activations_not_weights",
        "cell": "gradient_statistics_solution",
        "find": "stds.append(float(np.std(h_in.T @ dz)))",
        "replace": "stds.append(float(np.std(dh)))",
        "failing_tests": ["test_grad_stats_tanh", "test_grad_stats_activations"],
        "message": "statistics of the gradient of the activations H, not of the weights W",
    },
]
