"""Repository-wide rules: lint, notebook format, dependency lists in step, nothing leaks."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from course_admin.plugins import BEGIN_HIDDEN, strip_hidden_tests
from course_admin.release import normalize_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p
    for d in ("lectures", "solutions", "exercises")
    for p in (ROOT / d).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
TOPICS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


def _ruff(*args):
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_format(path):
    nb = json.loads(path.read_text())
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5), "normalize to nbformat 4.5"
    ids = [c.get("id") for c in nb["cells"]]
    assert all(ids) and len(set(ids)) == len(ids), "cell ids must be present and unique"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if path.parts[-2] == "lectures" or "lectures" in path.parts:
        assert any(c["outputs"] for c in code), "lectures are committed executed"
        assert not any(
            o.get("name") == "stderr" or o["output_type"] == "error" for c in code for o in c["outputs"]
        ), "a lecture cell wrote to stderr or failed"
        for cell in code:
            if any("image/png" in o.get("data", {}) for o in cell["outputs"]):
                alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
                assert len(alt) > 10, (
                    f"cell {cell['id']}: a figure needs alt text (metadata.mystnb.image.alt)"
                )
        size = path.stat().st_size
        assert size < 1_500_000, f"{size} bytes: keep outputs small"
    else:
        assert not any(c["outputs"] for c in code), "solutions/ and exercises/ are committed without outputs"


def test_every_topic_has_lecture_solution_release_and_mistakes():
    assert TOPICS, "no assignments"
    for topic in TOPICS:
        assert (ROOT / "lectures" / f"{topic}.ipynb").exists(), topic
        assert (ROOT / "solutions" / topic / f"{topic}.ipynb").exists(), topic
        assert (ROOT / "exercises" / topic / f"{topic}.ipynb").exists(), topic
        assert (ROOT / "solutions" / topic / "mistakes.py").exists(), topic
        assert not (ROOT / "exercises" / topic / "mistakes.py").exists(), f"{topic}: mistakes.py was released"


def _solution_regions():
    regions = []
    for path in (ROOT / "solutions").rglob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            src = "".join(cell["source"])
            for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", src, flags=re.S):
                regions.append(("solution", path.name, block))
            if BEGIN_HIDDEN in src:
                visible = set(strip_hidden_tests(src).splitlines())
                hidden = [ln.strip() for ln in src.splitlines() if ln not in visible and len(ln.strip()) > 30]
                regions.extend(("hidden test", path.name, ln) for ln in hidden if "### " not in ln)
    return regions


def _normalized(text):
    return re.sub(r"\s+", " ", text).strip()


def test_no_solution_or_hidden_test_outside_solutions():
    """Solution regions (whole) and hidden-test lines appear nowhere students or readers can see."""
    places = [
        p
        for d in ("exercises", "lectures", "course_utils")
        for p in (ROOT / d).rglob("*")
        if p.suffix in (".ipynb", ".py", ".md")
    ]
    texts = {}
    for p in places:
        raw = p.read_text()
        if p.suffix == ".ipynb":
            raw = "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
        texts[p] = _normalized(raw)
    for kind, notebook, region in _solution_regions():
        needle = _normalized(region)
        if len(needle) < 40:
            continue
        for p, text in texts.items():
            assert needle not in text, f"a {kind} of {notebook} appears in {p.relative_to(ROOT)}"
    for p, text in texts.items():
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text or p.suffix == ".py", p


def test_normalize_notebook_gives_4_5_with_unique_ids(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("2")])
    nb.cells[1]["id"] = nb.cells[0]["id"]
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="x")]
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, path)
    normalize_notebook(path)
    out = json.loads(path.read_text())
    assert (
        out["nbformat_minor"] == 5
        and len({c["id"] for c in out["cells"]}) == 2
        and out["cells"][0]["outputs"] == []
    )


def test_strip_hidden_tests():
    src = "a = 1\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS\nb = 2"
    assert strip_hidden_tests(src) == "a = 1\nb = 2"


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    every = project["dependencies"] + extras["admin"] + extras["hub"] + extras["dev"]
    wanted = {d for d in every if not d.startswith("course-utils[")}
    env = (ROOT / "environment.yml").read_text()
    assert "- python=3.11" in env
    pip_section = env.split("- pip:", 1)[1]
    listed = {
        ln.strip()[2:].strip().strip('"') for ln in pip_section.splitlines() if ln.strip().startswith("- ")
    }
    assert listed == wanted, (
        f"only in pyproject.toml: {sorted(wanted - listed)}; only in environment.yml: {sorted(listed - wanted)}"
    )


@pytest.mark.parametrize("topic", TOPICS)
def test_students_see_instructions_signatures_checks_and_points(topic):
    """What a student meets in JupyterLab: instructions first, then each exercise as a heading that
    states its points, the function to write with its signature and docstring, and the tests that
    check it right after, worth exactly the points the heading promises."""
    import ast

    nb = json.loads((ROOT / "exercises" / topic / f"{topic}.ipynb").read_text())
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# Assignment")
    exercises, current, written = [], None, 0
    for cell in cells:
        source, meta = "".join(cell["source"]), cell["metadata"].get("nbgrader", {})
        # An exercise is a "## Exercise N: ..." heading, or any "## " heading that states its points; a
        # "## Question N" heading introduces a written answer, inside or between exercises.
        is_markdown = cell["cell_type"] == "markdown"
        question = is_markdown and source.startswith("## Question")
        heading = None
        if is_markdown and not question:
            heading = re.search(r"^##? ?#? (Exercise \d+: .*|.*\(\d+ points?\))\s*$", source, re.M)
            if source.startswith("## "):
                current = None
        if heading:
            points = re.search(r"\((\d+) points?\)", heading.group(1))
            current = {"title": heading.group(1), "promised": int(points.group(1)) if points else 0}
            current.update(answers=0, tests=0, points=0, written=0, note=False)
            exercises.append(current)
        elif meta.get("solution") and meta.get("grade") and is_markdown:
            written += 1  # a written answer, graded by a person
            if current is not None:
                current["written"] += meta.get("points", 0)
        elif meta.get("solution") and current is not None:
            assert current["tests"] == 0, f"{current['title']}: an answer cell after its tests"
            functions = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
            assert functions, f"{meta['grade_id']}: no function to write"
            for fn in functions:
                assert ast.get_docstring(fn), f"{meta['grade_id']}: {fn.name} has no docstring"
            current["answers"] += 1
            current["note"] = False
        elif source.startswith("### Check your work") and current is not None:
            current["note"] = True
        elif meta.get("grade") and current is not None:
            if current["answers"] and current["tests"] == 0:
                assert current["note"], f"{current['title']}: no 'Check your work' note before the tests"
            current["tests"] += 1
            current["points"] += meta.get("points", 0)
        elif meta.get("solution") or meta.get("grade"):
            pytest.fail(f"{meta['grade_id']} is outside any exercise")
    assert 2 <= written <= 3, f"{written} written answers: an assignment has 2-3, graded by a person"
    graded = [e for e in exercises if e["promised"]]
    assert graded and sum(e["answers"] for e in graded), "no graded exercise with a function to write"
    for e in graded:  # an exercise may only check earlier answers working together (no answer cell)
        assert e["tests"] or e["written"], f"{e['title']}: no check cell and no written answer"
        assert e["promised"] in (e["points"], e["written"]), (
            f"{e['title']}: tests are worth {e['points']} points, written answers {e['written']}"
        )
