"""Classic mistakes for 01_initialization: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "std_variance_confusion",
        "cell": "init_weights_solution",
        "find": "std = np.sqrt(variances[scheme])",
        "replace": "std = variances[scheme]",
        "failing_tests": ["test_init_small_large", "test_init_xavier_he", "test_init_glorot"],
        "message": "the variance was passed as the standard deviation",
    },
    {
        "name": "he_uses_fan_out",
        "cell": "init_weights_solution",
        "find": '"he": 2.0 / fan_in,',
        "replace": '"he": 2.0 / fan_out,',
        "failing_tests": ["test_init_xavier_he"],
        "message": "fan_out was used instead of fan_in",
    },
    {
        "name": "statistics_before_activation",
        "cell": "layer_statistics_solution",
        "find": "stats.append((float(np.mean(h)), float(np.std(h))))",
        "replace": "stats.append((float(np.mean(z)), float(np.std(z))))",
        "failing_tests": ["test_stats_tanh", "test_stats_activations"],
        "message": "statistics computed before the activation",
    },
]
