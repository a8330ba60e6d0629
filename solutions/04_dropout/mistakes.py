"""Classic mistakes for 04_dropout: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "no_inverted_scaling",
        "cell": "dropout_forward_solution",
        "find": "mask = (rng.random(x.shape) >= rate) / (1 - rate)",
        "replace": "mask = (rng.random(x.shape) >= rate) * 1.0",
        "failing_tests": ["test_dropout_forward_scale", "test_dropout_forward_mean"],
        "message": "not scaled by 1/(1 - rate)",
    },
    {
        "name": "rate_as_keep_probability",
        "cell": "dropout_forward_solution",
        "find": "rng.random(x.shape) >= rate",
        "replace": "rng.random(x.shape) < rate",
        "failing_tests": ["test_dropout_forward_rate", "test_dropout_forward_mean"],
        "message": "rate is used as the probability of keeping",
    },
    {
        "name": "scaling_in_test_mode",
        "cell": "dropout_forward_solution",
        "find": "out = x.copy()",
        "replace": "out = x * (1 - rate)",
        "failing_tests": ["test_dropout_test_mode"],
        "message": "scaled in test mode too",
    },
]
