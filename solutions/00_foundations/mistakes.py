"""Classic mistakes for 00_foundations: each becomes a submission that must lose exactly the listed tests.

Each entry writes one mistake into the solution cell ``cell`` (``find`` replaced by ``replace``); the
test cells in ``failing_tests`` must then score 0 and say ``message``, and every other test must pass.
Mistakes in a part of the network also fail the checks of what is built on it (the two-layer network,
its training), whose messages name the part's mistake.
"""

MISTAKES = [
    # numerical_gradient
    {
        "name": "numgrad_forward_differences",
        "cell": "numgrad_solution",
        "find": "        x[i] = old - h\n        f_minus = float(f(x))\n        x[i] = old\n"
        "        grad[i] = (f_plus - f_minus) / (2 * h)",
        "replace": "        x[i] = old\n        f_minus = float(f(x))\n        grad[i] = (f_plus - f_minus) / h",
        "failing_tests": ["test_numerical_gradient"],
        "message": "forward differences",
    },
    {
        "name": "numgrad_divided_by_h",
        "cell": "numgrad_solution",
        "find": "grad[i] = (f_plus - f_minus) / (2 * h)",
        "replace": "grad[i] = (f_plus - f_minus) / h",
        "failing_tests": ["test_numerical_gradient"],
        "message": "divided by h instead of 2h",
    },
    {
        "name": "numgrad_x_not_restored",
        "cell": "numgrad_solution",
        "find": "        x[i] = old\n        grad[i]",
        "replace": "        grad[i]",
        "failing_tests": ["test_numerical_gradient_restores"],
        "message": "x is not restored",
    },
    # the activations, the squared error (kept from the first version of the assignment)
    {
        "name": "sigmoid_backward_without_chain_rule",
        "cell": "activations_solution",
        "find": "return dout * cache * (1.0 - cache)",
        "replace": "return cache * (1.0 - cache)",
        "failing_tests": ["test_sigmoid_tanh"],
        "message": "dout is not multiplied in",
    },
    {
        "name": "leaky_relu_keras_slope",
        "cell": "activations_solution",
        "find": "def leaky_relu_forward(x, alpha=0.1):",
        "replace": "def leaky_relu_forward(x, alpha=0.3):",
        "failing_tests": ["test_leaky_relu"],
        "message": "Keras's layer default 0.3",
    },
    {
        "name": "mse_without_half",
        "cell": "mse_fit_solution",
        "find": "np.sum(diff**2) / (2 * diff.size)",
        "replace": "np.sum(diff**2) / diff.size",
        "failing_tests": ["test_mse", "test_fit_losses"],
        "message": "the 1/2 factor is missing",
    },
    # affine_forward
    {
        "name": "affine_bias_missing",
        "cell": "affine_solution",
        "find": "out = x @ w + b",
        "replace": "out = x @ w",
        "failing_tests": ["test_affine_forward", "test_two_layer_scores", "test_two_layer_grads"],
        "message": "not added",
    },
    {
        "name": "affine_w_transposed",
        "cell": "affine_solution",
        "find": "out = x @ w + b",
        "replace": "out = x @ w.T + b",
        "failing_tests": [
            "test_affine_forward",
            "test_affine_backward",
            "test_two_layer_scores",
            "test_two_layer_grads",
            "test_training_history",
            "test_training",
        ],
        "message": "W x convention",
    },
    # affine_backward
    {
        "name": "affine_db_averaged",
        "cell": "affine_solution",
        "find": "db = dout.sum(axis=0)",
        "replace": "db = dout.mean(axis=0)",
        "failing_tests": ["test_affine_backward", "test_two_layer_grads"],
        "message": "db is averaged over the batch instead of summed",
    },
    {
        "name": "affine_dw_transposed",
        "cell": "affine_solution",
        "find": "dw = x.T @ dout",
        "replace": "dw = dout.T @ x",
        "failing_tests": [
            "test_affine_backward",
            "test_two_layer_grads",
            "test_training_history",
            "test_training",
        ],
        "message": "dw is transposed",
    },
    # relu_forward
    {
        "name": "relu_in_place",
        "cell": "relu_solution",
        "find": "out = np.maximum(x, 0.0)\n    return out, x",
        "replace": "x[x < 0] = 0.0\n    return x, x",
        "failing_tests": ["test_relu_forward"],
        "message": "changes x in place",
    },
    {
        "name": "relu_np_max",
        "cell": "relu_solution",
        "find": "out = np.maximum(x, 0.0)",
        "replace": "out = np.max(x, 0)",
        "failing_tests": [
            "test_relu_forward",
            "test_relu_backward",
            "test_two_layer_scores",
            "test_two_layer_grads",
            "test_training_history",
            "test_training",
        ],
        "message": "np.max(x, 0) is the largest value of each column",
    },
    # relu_backward
    {
        "name": "relu_mask_from_dout",
        "cell": "relu_solution",
        "find": "return dout * (x > 0)",
        "replace": "return dout * (dout > 0)",
        "failing_tests": ["test_relu_backward", "test_two_layer_grads", "test_training"],
        "message": "the mask is taken from dout",
    },
    {
        "name": "relu_backward_mask_only",
        "cell": "relu_solution",
        "find": "return dout * (x > 0)",
        "replace": "return 1.0 * (x > 0)",
        "failing_tests": ["test_relu_backward", "test_two_layer_grads", "test_training"],
        "message": "dout is not multiplied in",
    },
    # softmax_cross_entropy
    {
        "name": "softmax_no_max_shift",
        "cell": "softmax_solution",
        "find": "shifted = scores - scores.max(axis=1, keepdims=True)",
        "replace": "shifted = scores",
        "failing_tests": ["test_softmax_stable"],
        "message": "each row's largest score",
    },
    {
        "name": "softmax_dscores_not_divided_by_n",
        "cell": "softmax_solution",
        "find": "return float(loss), dscores / n",
        "replace": "return float(loss), dscores",
        "failing_tests": ["test_softmax_gradient", "test_two_layer_grads", "test_training"],
        "message": "divided by N",
    },
    {
        "name": "softmax_loss_summed",
        "cell": "softmax_solution",
        "find": "loss = -np.mean(log_probs[rows, y])",
        "replace": "loss = -np.sum(log_probs[rows, y])",
        "failing_tests": ["test_softmax_loss", "test_softmax_stable", "test_two_layer_grads"],
        "message": "summed over the batch instead of averaged",
    },
    # two_layer_net
    {
        "name": "two_layer_relu_skipped_in_backward",
        "cell": "two_layer_solution",
        "find": "    dhidden = relu_backward(dhidden, relu_cache)\n",
        "replace": "",
        "failing_tests": ["test_two_layer_grads"],
        "message": "the ReLU is skipped in the backward pass",
    },
    {
        "name": "two_layer_relu_on_scores",
        "cell": "two_layer_solution",
        "find": '    scores, affine2_cache = affine_forward(hidden, params["W2"], params["b2"])\n',
        "replace": '    scores, affine2_cache = affine_forward(hidden, params["W2"], params["b2"])\n'
        "    scores = relu_forward(scores)[0]\n",
        "failing_tests": ["test_two_layer_scores", "test_two_layer_grads"],
        "message": "a ReLU is applied to the output scores",
    },
    # train_two_layer_net
    {
        "name": "train_gradient_ascent",
        "cell": "train_solution",
        "find": "params[key] -= learning_rate * grads[key]",
        "replace": "params[key] += learning_rate * grads[key]",
        "failing_tests": ["test_training_history", "test_training"],
        "message": "instead of against it",
    },
    {
        "name": "train_zero_init",
        "cell": "train_solution",
        "find": '"W1": rng.normal(0.0, np.sqrt(2.0 / d), size=(d, hidden_size)),',
        "replace": '"W1": np.zeros((d, hidden_size)),',
        "failing_tests": ["test_training"],
        "message": "symmetry",
    },
    {
        "name": "train_val_acc_on_training_data",
        "cell": "train_solution",
        "find": "np.argmax(two_layer_net(params, X_val), axis=1)\n"
        '        history["val_acc"].append(float(np.mean(predictions == y_val)))',
        "replace": "np.argmax(two_layer_net(params, X), axis=1)\n"
        '        history["val_acc"].append(float(np.mean(predictions == y)))',
        "failing_tests": ["test_training_history"],
        "message": "measured on the training data",
    },
]
