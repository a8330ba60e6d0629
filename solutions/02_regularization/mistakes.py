"""Classic mistakes for 02_regularization: each becomes a submission that must get partial marks.

Each entry rewrites one line of a solution cell; ``failing_tests`` are exactly the test cells it must
fail, and ``message`` is the diagnosis each of them must print.
"""

MISTAKES = [
    {
        "name": "l2_gradient_without_factor_2",
        "cell": "l2_solution",
        "find": "dW = 2.0 * lam * W",
        "replace": "dW = lam * W",
        "failing_tests": ["test_l2"],
        "message": "the factor 2 is missing",
    },
    {
        "name": "l2_half_lambda_convention",
        "cell": "l2_solution",
        "find": "penalty = float(lam * np.sum(W**2))",
        "replace": "penalty = float(0.5 * lam * np.sum(W**2))",
        "failing_tests": ["test_l2"],
        "message": "the lam/2 convention",
    },
    {
        "name": "l1_missing_absolute_value",
        "cell": "l1_solution",
        "find": "penalty = float(lam * np.sum(np.abs(W)))",
        "replace": "penalty = float(lam * np.sum(W))",
        "failing_tests": ["test_l1"],
        "message": "the absolute value is missing",
    },
    {
        "name": "l1_gradient_is_w",
        "cell": "l1_solution",
        "find": "dW = lam * np.sign(W)",
        "replace": "dW = lam * W",
        "failing_tests": ["test_l1"],
        "message": "the gradient of |W| is sign(W), not W",
    },
    {
        "name": "elastic_net_beta_on_l1_term",
        "cell": "elastic_net_solution",
        "find": "penalty = float(lam * np.sum(beta * W**2 + np.abs(W)))",
        "replace": "penalty = float(lam * np.sum(W**2 + beta * np.abs(W)))",
        "failing_tests": ["test_elastic"],
        "message": "beta multiplies the |W| term instead of the W^2 term",
    },
    {
        "name": "elastic_net_gradient_without_factor_2",
        "cell": "elastic_net_solution",
        "find": "dW = lam * (2.0 * beta * W + np.sign(W))",
        "replace": "dW = lam * (beta * W + np.sign(W))",
        "failing_tests": ["test_elastic"],
        "message": "the factor 2 of the squared term is missing",
    },
    {
        "name": "biases_penalized",
        "cell": "add_penalty_solution",
        "find": 'if not name.startswith("W"):',
        "replace": 'if name.startswith("gamma"):',
        "failing_tests": ["test_add_loss", "test_add_grads"],
        "message": "the biases are penalized too",
    },
    {
        "name": "penalty_gradient_not_added",
        "cell": "add_penalty_solution",
        "find": "new_grads[name] = grads[name] + dW",
        "replace": "new_grads[name] = grads[name]",
        "failing_tests": ["test_add_grads", "test_add_kinds", "test_add_trainer", "test_experiment"],
        "message": "the penalty's gradient was not added to the weights' gradients",
    },
]
