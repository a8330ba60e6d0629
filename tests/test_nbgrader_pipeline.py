"""The nbgrader pipeline on a scratch copy of the course, one assignment per test class.

For each assignment: regenerating the release reproduces the committed exercises/; the
solutions get full marks; the blank release gets zero; each classic mistake in
solutions/NN_topic/mistakes.py loses exactly its own tests with a message naming it (mistakes that touch
different cells and different tests are graded together, see ``bundles``); feedback hides hidden tests.
"""

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from pipeline import (
    ROOT,
    apply_mistake,
    assignments,
    autograded_outputs,
    clear_outputs,
    make_course,
    mistakes,
    nbgrader,
    scores,
    submit,
)

from course_admin.plugins import BEGIN_HIDDEN, strip_hidden_tests


class PipelineBase:
    assignment = None

    @pytest.fixture(scope="class")
    def graded(self, tmp_path_factory):
        a = self.assignment
        course = make_course(tmp_path_factory.mktemp(a), a)
        solution = nbformat.read(ROOT / "solutions" / a / f"{a}.ipynb", as_version=4)
        submit(course, a, "solution", clear_outputs(solution))
        submit(course, a, "blank", nbformat.read(course / "exercises" / a / f"{a}.ipynb", as_version=4))
        for i, bundle in enumerate(bundles(mistakes(a))):
            nb = solution
            for m in bundle:
                nb = apply_mistake(nb, m)
            submit(course, a, f"mistakes-{i}", nb)
        result = nbgrader(course, "autograde", a, "--force", check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        nbgrader(course, "generate_feedback", a, "--force")
        return course, scores(course, a)

    def test_release_is_up_to_date(self, graded):
        course, _ = graded
        a = self.assignment
        fresh = json.loads((course / "exercises" / a / f"{a}.ipynb").read_text())
        committed_path = ROOT / "exercises" / a / f"{a}.ipynb"
        assert committed_path.exists(), f"exercises/{a} is missing: run `make release A={a}`"
        committed = json.loads(committed_path.read_text())
        assert fresh == committed, f"exercises/{a} is stale: run `make release A={a}` and commit it"

    def test_solution_gets_full_marks(self, graded):
        course, grades = graded
        lost = {g: s for g, s in grades["solution"].items() if s[0] != s[1]}
        assert not lost, (
            f"the solution loses points on {lost}:\n{autograded_outputs(course, self.assignment, 'solution')}"
        )

    def test_blank_release_gets_zero(self, graded):
        _, grades = graded
        earned = {g: s for g, s in grades["blank"].items() if s[0] != 0}
        assert not earned, f"the blank release earns points on {earned}: a test that cannot fail"

    def test_classic_mistakes_get_partial_marks_and_a_helpful_message(self, graded):
        course, grades = graded
        cases = mistakes(self.assignment)
        assert cases, f"solutions/{self.assignment}/mistakes.py should list the classic mistakes"
        for i, bundle in enumerate(bundles(cases)):
            student = f"mistakes-{i}"
            got = grades[student]
            failed = sorted(g for g, (s, mx) in got.items() if s < mx)
            expected = sorted(t for m in bundle for t in m["failing_tests"])
            by_chance = {t for m in bundle for t in m.get("chance_tests", [])}
            names = [m["name"] for m in bundle]
            assert set(expected) <= set(failed) <= set(expected) | by_chance, (
                f"{names}: lost points on {failed}, expected only {expected}"
            )
            outputs = autograded_outputs(course, self.assignment, student)
            for m in bundle:
                for test in m["failing_tests"]:
                    assert got[test][0] == 0, f"{m['name']}: {test} should fail, got {got[test]}"
                    assert m["message"] in outputs[test], (
                        f"{m['name']}: {test} should say {m['message']!r}, said:\n{outputs[test]}"
                    )

    def test_feedback_hides_hidden_tests(self, graded):
        course, _ = graded
        a = self.assignment
        solution = nbformat.read(ROOT / "solutions" / a / f"{a}.ipynb", as_version=4)
        hidden_lines = set()
        for cell in solution.cells:
            if BEGIN_HIDDEN in cell.source:
                visible = set(strip_hidden_tests(cell.source).splitlines())
                hidden_lines |= {
                    ln.strip()
                    for ln in cell.source.splitlines()
                    if ln not in visible and len(ln.strip()) > 20
                }
        reports = list(Path(course, "feedback").glob(f"*/{a}/*.html"))
        assert reports, "no feedback was generated"
        for report in reports:
            page = report.read_text()
            assert "HIDDEN TESTS" not in page, f"{report} shows hidden-test markers"
            shown = _code_shown(page)
            leaked = [ln for ln in hidden_lines if ln in shown]
            assert not leaked, f"{report.parent.parent.name}'s feedback shows hidden test code: {leaked[:3]}"


def bundles(cases):
    """Mistakes grouped so that each group fails disjoint tests from distinct cells: one submission each.

    Grading every mistake alone would cost a notebook run each; a group still shows that each mistake
    costs exactly its own tests (the lost tests are the union, each failing test names its mistake).
    A mistake with ``chance_tests`` (unseeded randomness) gets a submission of its own: in a group it
    would make another mistake's effect on those tests a matter of chance.
    """
    groups = []
    for m in cases:
        if m.get("chance_tests"):
            continue
        for group in groups:
            if all(
                g["cell"] != m["cell"] and not set(g["failing_tests"]) & set(m["failing_tests"])
                for g in group
            ):
                group.append(m)
                break
        else:
            groups.append([m])
    return [[m] for m in cases if m.get("chance_tests")] + groups


def _code_shown(page):
    """The code cells' text in a feedback page (outputs left out: they may echo a check's name)."""
    kept, mode = [], None
    for part in re.split(r'(class="input_area"|class="output_wrapper")', page):
        if part in ('class="input_area"', 'class="output_wrapper"'):
            mode = part
        elif mode == 'class="input_area"':
            kept.append(part)
    return html.unescape(re.sub(r"<[^>]+>", "", "".join(kept)))


for _name in assignments():
    globals()[f"TestAssignment_{_name}"] = type(
        f"TestAssignment_{_name}", (PipelineBase,), {"assignment": _name}
    )
