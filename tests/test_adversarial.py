"""Submissions that try to fool or break the autograder gain nothing and break nothing.

The whole corpus (tests/adversarial.py) is graded in one batch by `make grade`'s code while another
process keeps a core busy (the suite's other worker keeps the second one busy), next to two correct
submissions and the plain wrong one.
"""

import os
import subprocess
import sys

import nbformat
import pytest
from adversarial import (
    ASSIGNMENT,
    CASES,
    TARGET_TEST,
    assignment_notebook,
    correct,
    correct_with_habits,
    wrong,
)
from pipeline import ROOT, scores

from course_admin import sandbox
from course_admin.grading import _notes, grade
from course_admin.notebooks import submit
from course_admin.release import release

BURN = "import time\nend = time.monotonic() + 900\nwhile time.monotonic() < end:\n    pass"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("adversarial")
    config = (ROOT / "nbgrader_config.py").read_text()
    (course / "nbgrader_config.py").write_text(config + "\nc.TrustedExecute.cpu_limit = 8\n")
    source = course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    source.parent.mkdir(parents=True)
    nbformat.write(assignment_notebook(), source)
    release(ASSIGNMENT, root=course)
    solution = nbformat.read(source, as_version=4)
    submissions = {
        "correct": correct(solution),
        "correct-with-habits": correct_with_habits(solution),
        "plain-wrong": wrong(solution),
    }
    submissions.update({name: make(solution) for name, (make, _) in CASES.items()})
    for student, nb in submissions.items():
        submit(course, ASSIGNMENT, student, nb)
    # A busy machine: this burner, and the test suite's other worker, keep both cores loaded. It runs at
    # the lowest priority: it takes what the suite leaves idle instead of slowing the other worker down.
    burners = [subprocess.Popen([sys.executable, "-c", BURN], preexec_fn=lambda: os.nice(19))]
    try:
        status = grade(ASSIGNMENT, root=course, jobs=1)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    return course, status, scores(course, ASSIGNMENT)


def _total(grades):
    return sum(s for s, _ in grades.values())


@pytest.mark.parametrize("student", ["correct", "correct-with-habits"])
def test_correct_submissions_get_full_marks_on_a_busy_machine(graded, student):
    _, _, got = graded
    assert _total(got[student]) == sum(m for _, m in got[student].values()) == 3, got[student]


def test_plain_wrong_code_gets_partial_marks(graded):
    _, _, got = graded
    grades = got["plain-wrong"]
    assert grades[TARGET_TEST][0] == 0 and _total(grades) == 2


@pytest.mark.parametrize("case", sorted(CASES))
def test_trick_gains_nothing(graded, case):
    _, _, got = graded
    if case == "reads_the_solution_from_disk" and not sandbox.available()[0]:
        pytest.skip(f"without a sandbox student code can read files: {sandbox.available()[1]}")
    baseline = _total(got["plain-wrong"])
    if CASES[case][1] == "fails":
        assert case not in got or _total(got[case]) == 0, f"{case} should score zero, got {got.get(case)}"
    elif CASES[case][1] == "either":
        assert _total(got.get(case, {})) <= baseline, f"{case} scored {_total(got[case])} > {baseline}"
    else:
        assert case in got, f"{case} was not graded at all"
        assert _total(got[case]) <= baseline, (
            f"{case} scored {_total(got[case])} > {baseline} without the trick"
        )


def test_the_batch_reports_failures_without_stopping(graded):
    course, status, got = graded
    assert status == 1  # the notebook that is not JSON could not be graded, and make grade says so
    assert "correct" in (course / "grades.csv").read_text()
    cannot_grade = {name for name, (_, expected) in CASES.items() if expected != "graded"}
    assert {"correct", "correct-with-habits", "plain-wrong"} <= set(got), "one notebook stopped the others"
    reports = {p.parent.parent.name for p in (course / "feedback").glob(f"*/{ASSIGNMENT}/*.html")}
    assert set(got) - cannot_grade <= reports <= set(got), "every graded student gets a feedback report"


def test_the_instructor_is_told_what_the_code_reaches_for(graded):
    course, _, _ = graded
    notes = _notes(course, ASSIGNMENT)
    assert any("course's own implementation" in n for n in notes["imports_the_course_implementation"])
    assert any("builtins" in n for n in notes["patches_assertion_error"])
    assert "correct" not in notes and "correct-with-habits" not in notes and "plain-wrong" not in notes


def test_student_processes_run_under_a_memory_limit():
    """What stops a memory bomb: the student's process cannot take more than the limit (4 GB by default)."""
    from course_admin.executor import _limit_memory

    code = "x = bytearray(6 * 2**30)"  # more than the limit, far less than the machine
    result = subprocess.run(
        [sys.executable, "-c", code], preexec_fn=_limit_memory(4), capture_output=True, text=True
    )
    assert result.returncode != 0 and "MemoryError" in result.stderr
