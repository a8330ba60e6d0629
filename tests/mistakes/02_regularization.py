"""Classic mistakes for 02_regularization: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "biases_penalized",
        "cell": "add_penalty_solution",
        "find": 'if not name.startswith("W"):',
        "replace": 'if name.startswith("gamma"):',
        "failing_tests": ["test_add_loss", "test_add_grads"],
        "message": "the biases are penalized too",
    },
    {
        "name": "l2_gradient_without_factor_2",
        "cell": "l2_solution",
        "find": "dW = 2.0 * lam * W",
        "replace": "dW = lam * W",
        "failing_tests": ["test_l2_gradient"],
        "message": "the factor 2 is missing",
    },
    {
        "name": "elastic_net_beta_on_l1_term",
        "cell": "elastic_net_solution",
        "find": "penalty = float(lam * np.sum(beta * W**2 + np.abs(W)))",
        "replace": "penalty = float(lam * np.sum(W**2 + beta * np.abs(W)))",
        "failing_tests": ["test_elastic_value"],
        "message": "beta multiplies the |W| term instead of the W^2 term",
    },
]
