"""Submissions that try to fool or break the autograder gain nothing and break nothing.

The whole corpus (tests/adversarial.py) is graded in one batch by `make grade`'s code, next to
a correct submission and the plain wrong one, in a scratch course with a 10 s cell timeout.
"""

from course_utils.grading import grade

import nbformat
import pytest
from adversarial import ASSIGNMENT, CASES, TARGET_TEST, wrong
from pipeline import ROOT, make_course, scores


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("adversarial"), ASSIGNMENT)
    with open(course / "nbgrader_config.py", "a") as config:
        config.write("\nc.Execute.timeout = 10\n")
    solution = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    submissions = {"correct": wrong(solution), "plain-wrong": wrong(solution)}
    submissions["correct"] = nbformat.read(
        ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )
    for cell in submissions["correct"].cells:
        if cell.cell_type == "code":
            cell.outputs = []
    for name, (make, _) in CASES.items():
        submissions[name] = make(solution)
    for student, nb in submissions.items():
        path = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        if isinstance(nb, str):
            path.write_text(nb)
        else:
            nbformat.write(nb, path, version=nbformat.NO_CONVERT)
    status = grade(ASSIGNMENT, root=course)
    return course, status, scores(course, ASSIGNMENT)


def _total(grades):
    return sum(s for s, _ in grades.values())


def test_correct_submission_gets_full_marks_in_the_same_batch(graded):
    _, _, got = graded
    assert _total(got["correct"]) == sum(m for _, m in got["correct"].values()) > 0


def test_plain_wrong_code_gets_partial_marks(graded):
    _, _, got = graded
    grades = got["plain-wrong"]
    assert grades[TARGET_TEST][0] == 0 and 0 < _total(grades) < sum(m for _, m in grades.values())


@pytest.mark.parametrize("case", sorted(CASES))
def test_trick_gains_nothing(graded, case):
    _, _, got = graded
    baseline = _total(got["plain-wrong"])
    expected = CASES[case][1]
    if expected == "fails":
        assert case not in got or _total(got[case]) == 0, f"{case} should score zero, got {got.get(case)}"
    elif expected == "either":
        assert _total(got.get(case, {})) <= baseline, f"{case} scored {_total(got[case])} > {baseline}"
    else:
        assert case in got, f"{case} was not graded at all"
        assert _total(got[case]) <= baseline, (
            f"{case} scored {_total(got[case])} > {baseline} without the trick"
        )


def test_the_batch_reports_failures_without_stopping(graded):
    course, status, got = graded
    assert status == 1  # some submissions could not be graded, and make grade says so
    assert (course / "grades.csv").exists() and "correct" in (course / "grades.csv").read_text()
    cannot_grade = {name for name, (_, expected) in CASES.items() if expected != "graded"}
    reports = {p.parent.parent.name for p in (course / "feedback").glob(f"*/{ASSIGNMENT}/*.html")}
    assert set(got) - cannot_grade <= reports <= set(got), "every graded student gets a feedback report"


def test_grading_processes_run_under_a_memory_limit():
    """What stops a memory bomb: every process nbgrader starts inherits this limit (4 GB by default)."""
    from course_utils.grading import _limit_memory

    import subprocess
    import sys

    code = "x = bytearray(6 * 2**30)"  # more than the limit, far less than the machine
    result = subprocess.run(
        [sys.executable, "-c", code], preexec_fn=_limit_memory, capture_output=True, text=True
    )
    assert result.returncode != 0 and "MemoryError" in result.stderr


def test_tampering_is_reported_with_its_reason(graded):
    course, _, got = graded
    from course_utils.grading import flag_tampering

    flagged = flag_tampering(course, ASSIGNMENT)
    for case in (
        "rebinds_check_close",
        "patches_testing_module",
        "swallows_exceptions",
        "patches_function_code",
    ):
        assert case in flagged and flagged[case], case
    assert "correct" not in flagged and "plain-wrong" not in flagged
