"""Classic mistakes for 07_cyclical_snapshot: each becomes a submission that must get partial marks.

Each entry writes one mistake into a solution cell ("find" -> "replace"); "failing_tests" are exactly
the test cells it must fail, and "message" is text each of them must show (the mistake named).
"""

MISTAKES = [
    # lr_range_test
    {
        "name": "range_test_linear_spacing",
        "cell": "lr_range_solution",
        "find": "np.geomspace(lr_min, lr_max, int(num_steps))",
        "replace": "np.linspace(lr_min, lr_max, int(num_steps))",
        "failing_tests": ["test_range_geometric"],
        "message": "linear spacing",
    },
    {
        "name": "range_test_compares_with_first_loss",
        "cell": "lr_range_solution",
        "find": "loss > 4 * best",
        "replace": "loss > 4 * losses[0]",
        "failing_tests": ["test_range_early_stop"],
        "message": "not with the first one",
    },
    {
        "name": "range_test_drops_the_last_pair",
        "cell": "lr_range_solution",
        "find": (
            "        lrs.append(float(lr))\n        losses.append(loss)\n"
            "        if not np.isfinite(loss) or loss > 4 * best:\n            break\n"
        ),
        "replace": (
            "        if not np.isfinite(loss) or loss > 4 * best:\n            break\n"
            "        lrs.append(float(lr))\n        losses.append(loss)\n"
        ),
        "failing_tests": ["test_range_early_stop"],
        "message": "the pair that stopped the test was dropped",
    },
    # suggest_lr
    {
        "name": "suggest_lowest_loss",
        "cell": "suggest_solution",
        "find": "return float(centres[np.argmin(slope)])",
        "replace": "return float(lrs[np.argmin(losses)])",
        "failing_tests": ["test_suggest_steepest", "test_suggest_noisy"],
        "message": "rate of the lowest loss",
    },
    {
        "name": "suggest_without_smoothing",
        "cell": "suggest_solution",
        "find": "window = 5",
        "replace": "window = 1",
        "failing_tests": ["test_suggest_noisy"],
        "message": "not smoothed",
    },
    {
        "name": "suggest_keeps_nan_losses",
        "cell": "suggest_solution",
        "find": "keep = np.isfinite(losses)",
        "replace": "keep = np.ones(len(losses), dtype=bool)",
        "failing_tests": ["test_suggest_steepest"],
        "message": "nan loss was not dropped",
    },
    # triangular_lr
    {
        "name": "triangular_starts_at_max",
        "cell": "triangular_solution",
        "find": "np.maximum(0.0, 1 - x)",
        "replace": "np.minimum(1.0, x)",
        "failing_tests": ["test_triangular_shape"],
        "message": "starts at max_lr",
    },
    {
        "name": "triangular_cycle_of_step_size",
        "cell": "triangular_solution",
        "find": "np.floor(1 + t / (2 * step_size))",
        "replace": "np.floor(1 + t / step_size)",
        "failing_tests": ["test_triangular_shape"],
        "message": "a cycle lasts step_size iterations",
    },
    {
        "name": "triangular_numbers_only",
        "cell": "triangular_solution",
        "find": "return float(lr) if lr.ndim == 0 else lr",
        "replace": "return float(lr)",
        "failing_tests": ["test_triangular_arrays"],
        "message": "works only on single numbers",
    },
    # sgdr_lr
    {
        "name": "sgdr_cycle_does_not_grow",
        "cell": "sgdr_solution",
        "find": "t_i = np.where(done, t_i * t_mult, t_i)",
        "replace": "t_i = np.where(done, t_i, t_i)",
        "failing_tests": ["test_sgdr_restarts"],
        "message": "does not grow with t_mult",
    },
    {
        "name": "sgdr_ignores_lr_min",
        "cell": "sgdr_solution",
        "find": "lr = lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(np.pi * (e - start) / t_i))",
        "replace": "lr = 0.5 * lr_max * (1 + np.cos(np.pi * (e - start) / t_i))",
        "failing_tests": ["test_sgdr_fixed_cycles", "test_sgdr_restarts", "test_sgdr_arrays"],
        "message": "lr_min is ignored",
    },
    {
        "name": "sgdr_whole_epochs",
        "cell": "sgdr_solution",
        "find": "e = np.asarray(epoch, dtype=np.float64)",
        "replace": "e = np.floor(np.asarray(epoch, dtype=np.float64))",
        "failing_tests": ["test_sgdr_fixed_cycles", "test_sgdr_restarts", "test_sgdr_arrays"],
        "message": "only whole epochs count",
    },
    # collect_snapshots
    {
        "name": "snapshots_not_copied",
        "cell": "snapshots_solution",
        "find": "snapshots.append({name: w.copy() for name, w in model.params.items()})",
        "replace": "snapshots.append(dict(model.params))",
        "failing_tests": ["test_snapshots_growing", "test_snapshots_equal", "test_experiment"],
        "message": "stored without copying",
    },
    {
        "name": "snapshots_rate_per_epoch",
        "cell": "snapshots_solution",
        "find": "sgdr_lr(t / n, lr_max, lr_min, t0, t_mult)",
        "replace": "sgdr_lr(t // n, lr_max, lr_min, t0, t_mult)",
        "failing_tests": ["test_snapshots_growing", "test_snapshots_equal"],
        "message": "changes only once per epoch",
    },
    {
        "name": "snapshots_epochs_from_zero",
        "cell": "snapshots_solution",
        "find": "for epoch in range(1, ends[-1] + 1):",
        "replace": "for epoch in range(ends[-1]):",
        "failing_tests": ["test_snapshots_growing", "test_snapshots_equal", "test_experiment"],
        "message": "epoch counter starts at 0",
    },
    {
        "name": "snapshots_floor_iterations_per_epoch",
        "cell": "snapshots_solution",
        "find": "n = int(np.ceil(len(x_train) / batch_size))",
        "replace": "n = len(x_train) // batch_size",
        "failing_tests": ["test_snapshots_growing", "test_snapshots_equal", "test_experiment"],
        "message": "an epoch has ceil(N / batch_size) iterations",
    },
    # ensemble_predict
    {
        "name": "ensemble_majority_vote",
        "cell": "ensemble_solution",
        "find": "return np.mean(np.stack(arrays), axis=0)",
        "replace": "return np.mean([np.eye(a.shape[1])[a.argmax(axis=1)] for a in arrays], axis=0)",
        "failing_tests": ["test_ensemble_mean"],
        "message": "majority vote",
    },
    {
        "name": "ensemble_mean_over_examples",
        "cell": "ensemble_solution",
        "find": "return np.mean(np.stack(arrays), axis=0)",
        "replace": "return np.mean(np.stack(arrays), axis=1)",
        "failing_tests": ["test_ensemble_mean"],
        "message": "over the examples",
    },
]
