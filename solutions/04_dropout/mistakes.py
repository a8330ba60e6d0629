"""Classic mistakes for 04_dropout: each becomes a submission that must get partial marks.

Each entry rewrites one line of a solution cell; ``failing_tests`` are exactly the test cells it must
fail, and ``message`` is the diagnosis each of them must print. ``chance_tests``: the mistake draws
unseeded random numbers, so these tests may pass or fail from run to run; it is graded in a submission
of its own, never together with a mistake that those tests must catch.
"""

MISTAKES = [
    {
        "name": "no_inverted_scaling",
        "cell": "dropout_forward_solution",
        "find": "mask = keep / (1 - rate)",
        "replace": "mask = keep * 1.0",
        "failing_tests": [
            "test_dropout_forward_scale",
            "test_dropout_forward_mean",
            "test_dropout_test_time",
        ],
        "message": "not scaled by 1/(1 - rate)",
    },
    {
        "name": "rate_as_keep_probability",
        "cell": "dropout_forward_solution",
        "find": "keep = rng.random(x.shape) >= rate",
        "replace": "keep = rng.random(x.shape) < rate",
        "failing_tests": ["test_dropout_forward_rate", "test_dropout_forward_mean"],
        "message": "rate is used as the probability of keeping",
    },
    {
        "name": "scaling_in_test_mode",
        "cell": "dropout_forward_solution",
        "find": "out = x.copy()",
        "replace": "out = x * (1 - rate)",
        "failing_tests": ["test_dropout_test_mode", "test_dropout_experiment", "test_dropout_test_time"],
        "message": "scaled in test mode too",
    },
    {
        "name": "dropping_in_test_mode",
        "cell": "dropout_forward_solution",
        "find": 'if mode == "test":\n        out = x.copy()',
        "replace": 'if mode == "never":\n        out = x.copy()',
        "failing_tests": ["test_dropout_test_mode", "test_dropout_experiment", "test_dropout_test_time"],
        "message": "drops units in test mode",
    },
    {
        "name": "seed_ignored",
        "cell": "dropout_forward_solution",
        "find": 'rng = np.random.default_rng(dropout_param.get("seed"))',
        "replace": "rng = np.random.default_rng()",
        "failing_tests": ["test_dropout_seed"],
        "message": "the same seed gave two different masks",
        "chance_tests": ["test_dropout_experiment"],
    },
    {
        "name": "backward_scaled_in_test_mode",
        "cell": "dropout_backward_solution",
        "find": "return dout.copy()",
        "replace": "return dout / (1 - rate)",
        "failing_tests": ["test_dropout_backward_test_mode"],
        "message": "the gradient is divided by (1 - rate) in test mode",
    },
    {
        "name": "backward_without_the_factor",
        "cell": "dropout_backward_solution",
        "find": "return dout * mask",
        "replace": "return dout * (mask != 0)",
        "failing_tests": ["test_dropout_backward"],
        "message": "the 1/(1 - rate) factor of the forward pass is missing in the backward pass",
    },
    {
        "name": "backward_draws_a_new_mask",
        "cell": "dropout_backward_solution",
        "find": "return dout * mask",
        "replace": "return dout * (np.random.default_rng().random(dout.shape) >= rate) / (1 - rate)",
        "failing_tests": ["test_dropout_backward"],
        "message": "Reuse the mask that the forward pass stored in the cache",
        "chance_tests": ["test_dropout_experiment"],
    },
    {
        "name": "backward_without_the_mask",
        "cell": "dropout_backward_solution",
        "find": "return dout * mask",
        "replace": "return dout / (1 - rate)",
        "failing_tests": ["test_dropout_backward", "test_dropout_experiment"],
        "message": "the mask is not applied",
    },
]
