"""Classic mistakes for 07_cyclical_snapshot: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "range_test_linear_spacing",
        "cell": "lr_range_solution",
        "find": "np.geomspace(lr_min, lr_max, num_steps)",
        "replace": "np.linspace(lr_min, lr_max, num_steps)",
        "failing_tests": ["test_range_geometric"],
        "message": "linear spacing",
    },
    {
        "name": "suggest_lowest_loss",
        "cell": "suggest_solution",
        "find": "return float(centres[np.argmin(slope)])",
        "replace": "return float(lrs[np.argmin(losses)])",
        "failing_tests": ["test_suggest_steepest", "test_suggest_noisy"],
        "message": "rate of the lowest loss",
    },
    {
        "name": "sgdr_cycle_does_not_grow",
        "cell": "sgdr_solution",
        "find": "t_i = np.where(done, t_i * t_mult, t_i)",
        "replace": "t_i = np.where(done, t_i, t_i)",
        "failing_tests": ["test_sgdr_restarts"],
        "message": "does not grow with t_mult",
    },
]
