"""Shared helpers for *Training Neural Networks, from NumPy to Keras*.

Import this package before TensorFlow: it quietens TensorFlow's start-up logging, which
would otherwise land on stderr (and nbgrader scores a test cell with stderr output as 0).
The submodules are small and single-purpose:

- ``course_utils.seed``: one call that seeds Python, NumPy and TensorFlow.
- ``course_utils.data``: the data sets, offline (digits, an MNIST subset, synthetic sets).
- ``course_utils.plots``: the course's figures.
- ``course_utils.gradcheck``: ``rel_error`` and numerical gradients.
- ``course_utils.testing``: checks with helpful failure messages, for the assignments.
- ``course_utils.nn`` and ``course_utils.trainer``: a small NumPy MLP and its training loop.
"""

import os as _os

# oneDNN prints a notice to stderr on import unless it is switched off; switching it off also
# makes TensorFlow's float results reproducible run to run.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
_os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from course_utils.seed import set_seed  # noqa: E402

__all__ = ["set_seed"]
__version__ = "0.1.0"
