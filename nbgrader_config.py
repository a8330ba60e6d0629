"""nbgrader configuration for the course (nbgrader 0.9).

Instructors run nbgrader from the repository root (``make release``, ``make grade``), so the
course directory is this folder: solutions/ is the source, exercises/ the student release.
"""

import os

from course_admin.exchange import exchange_root

c = get_config()  # noqa: F821 (injected by nbgrader)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# The gradebook: SQLite beside this file, or the database COURSE_DB_URL names (PostgreSQL for a large class).
c.CourseDirectory.db_url = os.environ.get("COURSE_DB_URL") or "sqlite:///" + os.path.join(
    c.CourseDirectory.root, "gradebook.db"
)
c.CourseDirectory.course_id = "training-neural-networks"
# solutions/NN_topic/mistakes.py lists the classic mistakes (solution code): never released.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "mistakes.py"]

# On the course's hub (make hub) the exchange is in the hub's state folder, with one private folder per
# student (course_admin.exchange); the hub tells the instructor's server where with COURSE_EXCHANGE.
_exchange = exchange_root(c.CourseDirectory.root)
if _exchange is not None:
    c.Exchange.root = str(_exchange)
    c.ExchangeFactory.collect = "course_admin.exchange.PrivateCollect"
    c.ExchangeFactory.release_feedback = "course_admin.exchange.PrivateReleaseFeedback"
    # Every server on the hub runs as one Unix user: a submission's folder, not its owner, says whose it is.
    c.ExchangeCollect.check_owner = False

# A student's stub raises NotImplementedError until they write the function.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"


# Autograding runs the student's cells in a sandboxed process and the test cells here, out of the
# student's reach (course_admin.executor); nbgrader's own Execute is used only by `nbgrader validate`.
c.Autograde.autograde_preprocessors = [
    "course_admin.executor.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Per-cell limit for `nbgrader validate` (the student's kernel). Solutions run every cell in well under a second except
# the few that fit a small Keras model; 60 s leaves room for a slow laptop, and a cell that
# loops forever still gets stopped (and scored 0) instead of holding up the batch.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# TensorFlow writes start-up notices to stderr, and nbgrader scores a test cell with any
# stderr output as 0. course_utils switches them off; this catches any that slip through.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(WARNING: All log messages before absl::InitializeLog|oneDNN custom operations|cpu_feature_guard|This TensorFlow binary is optimized)"

# Huge outputs are cut before they reach the gradebook and the feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60

# Feedback shows each failed check's message, never the hidden tests' code or tracebacks.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course_admin.plugins.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# `make grade` collects LMS downloads from downloaded/<assignment>/archive/: file names start with
# the student id, then an underscore (alice_00_foundations.ipynb).
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[^_/]+)_(?:[^/]*_)?(?P<file_id>\d\d_[A-Za-z_]+\.ipynb)$"
)
