"""Re-running `make grade` is safe: what an instructor typed into the gradebook survives.

One student with a classic mistake is graded, an instructor raises one test's score by hand and
comments on a solution cell, and `make grade`'s code runs again on the same submission.
"""

import csv
import re

import nbformat
import pytest
from pipeline import ROOT, apply_mistake, clear_outputs, make_course, mistakes, scores, submit

from course_admin.grading import grade
from course_admin.report import class_report, open_gradebook, print_report

ASSIGNMENT = "00_foundations"
STUDENT = "ann"


@pytest.fixture(scope="module")
def regraded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("regrade"), ASSIGNMENT)
    solution = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    mistake = mistakes(ASSIGNMENT)[0]
    submit(course, ASSIGNMENT, STUDENT, clear_outputs(apply_mistake(solution, mistake)))
    assert grade(ASSIGNMENT, root=course) == 0
    waiting = class_report(course, ASSIGNMENT)["manual"]
    assert waiting.get(STUDENT), "make grade reports the written answers as waiting for a person"
    first = scores(course, ASSIGNMENT)[STUDENT]
    failed = mistake["failing_tests"][0]
    assert first[failed][0] == 0, f"{failed} should fail before the manual grade"

    with open_gradebook(course) as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, STUDENT)
        manual = next(g for g in notebook.grades if g.name == failed)
        manual.manual_score = manual.max_score
        comment = notebook.comments[0]
        comment.manual_comment = "Keras and the slides use different slopes: good catch."
        for written in (g for g in notebook.grades if g.auto_score is None):  # the written answers
            written.manual_score = written.max_score
            first = {**first, written.name: (written.max_score, written.max_score)}
        gb.db.commit()
        commented = comment.name

    assert grade(ASSIGNMENT, root=course, jobs=1) == 0  # the first run graded with one job per core
    return course, first, failed, commented


def test_manual_score_survives_a_regrade(regraded):
    course, first, failed, _ = regraded
    with open_gradebook(course) as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, STUDENT)
        grade_ = next(g for g in notebook.grades if g.name == failed)
        assert grade_.auto_score == 0, "the autograder still sees the mistake"
        assert grade_.manual_score == grade_.max_score, "the instructor's score was overwritten"
        assert notebook.score == sum(s for s, _ in first.values()) + grade_.max_score


def test_manual_comment_survives_a_regrade(regraded):
    course, _, _, commented = regraded
    with open_gradebook(course) as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, STUDENT)
        comment = next(c for c in notebook.comments if c.name == commented)
        assert comment.manual_comment.startswith("Keras and the slides")


def test_exported_grades_include_the_manual_score(regraded):
    course, first, _, _ = regraded
    with open(course / "grades.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["student_id"] == STUDENT)
    assert float(row["score"]) == float(row["max_score"]) == sum(m for _, m in first.values())


def test_grade_rejects_a_bad_number_of_jobs():
    # The number is checked before anything is read or written: the course itself is safe to name.
    with pytest.raises(ValueError, match="jobs"):
        grade(ASSIGNMENT, root=ROOT, jobs=0)


def test_grading_jobs_come_from_the_environment(monkeypatch):
    from course_admin.grading import default_jobs

    monkeypatch.setenv("COURSE_GRADING_JOBS", "3")
    assert default_jobs() == 3
    monkeypatch.setenv("COURSE_GRADING_JOBS", "")
    assert 1 <= default_jobs() <= 8
    monkeypatch.setenv("COURSE_GRADING_JOBS", "two")
    with pytest.raises(ValueError, match="COURSE_GRADING_JOBS"):
        default_jobs()


# One grading process for the class, the case where one bad notebook could stop the others (with
# several processes, each share is retried the same way).
@pytest.mark.parametrize("jobs", [1])
def test_an_unreadable_submission_is_listed_and_the_rest_graded(tmp_path, capsys, jobs):
    course = make_course(tmp_path, ASSIGNMENT)
    solution = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    submit(course, ASSIGNMENT, "good", clear_outputs(solution))
    broken = course / "submitted" / "broken" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"cells": [ not a notebook')
    assert grade(ASSIGNMENT, root=course, jobs=jobs) == 1
    out = capsys.readouterr().out
    assert re.search(r"broken .*could not be graded: .*NotJSONError", out), out[-1500:]
    got = scores(course, ASSIGNMENT)
    assert sum(s for s, _ in got["good"].values()) == sum(m for _, m in got["good"].values())


def test_the_report_lists_written_answers_waiting_for_a_person(capsys):
    report = {"students": {"ann": (3.0, 5.0)}, "tests": {"test_a": 1.0}, "manual": {"ann": ["answer_1"]}}
    print_report(report, {}, {}, "00_foundations", (False, "no bubblewrap here"))
    out = capsys.readouterr().out
    assert "Waiting for a person: 1 written answer(s) of 1 student(s)" in out
    assert "GRADED WITHOUT A SANDBOX: no bubblewrap here" in out
