"""Classic mistakes for 06_lr_decay: each becomes a submission that must get partial marks."""

MISTAKES = [
    {
        "name": "step_decay_float_division",
        "cell": "step_decay_solution",
        "find": "out = lr0 * drop ** (t // every)",
        "replace": "out = lr0 * drop ** (t / every)",
        "failing_tests": ["test_step_decay_values"],
        "message": "matches a smooth exponential instead of steps",
    },
    {
        "name": "time_decay_misplaced_parentheses",
        "cell": "time_decay_solution",
        "find": "out = lr0 / (1 + k * t)",
        "replace": "out = lr0 / (1 + k) * t",
        "failing_tests": ["test_time_decay_values"],
        "message": "k is applied as lr0 / (1 + k) * t",
    },
    {
        "name": "schedule_without_lr_argument",
        "cell": "make_keras_schedule_solution",
        "find": "def schedule(epoch, lr):",
        "replace": "def schedule(epoch):",
        "failing_tests": ["test_make_keras_schedule_call"],
        "message": "does not accept (epoch, lr)",
    },
]
