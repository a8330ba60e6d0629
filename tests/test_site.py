"""The static site: builds without warnings, works offline, and shows no solution or hidden test."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_repository import _normalized, _solution_regions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    jb = [sys.executable, "-m", "jupyter_book", "build", str(ROOT), "--config", "book/_config.yml"]
    result = subprocess.run(
        [*jb, "--toc", "book/_toc.yml", "--path-output", str(out), "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return out / "_build" / "html"


def _pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_toc_entry_has_a_page(site):
    toc = (ROOT / "book" / "_toc.yml").read_text()
    for entry in re.findall(r"(?:root|file): (\S+)", toc):
        assert (site / f"{entry}.html").exists(), f"{entry} is in the toc but was not built"
    assert (site / "index.html").exists()


def test_math_and_assets_are_served_locally(site):
    assert (site / "_static" / "mathjax" / "tex-chtml.js").exists(), "MathJax is not in the built site"
    external = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//""")
    for page in _pages(site):
        html = page.read_text()
        found = external.findall(html)
        assert not found, f"{page.relative_to(site)} loads assets from another host: {found[:3]}"


def test_lectures_show_their_figures(site):
    for page in (site / "lectures").glob("*.html"):
        assert re.search(r"<img[^>]+src=", page.read_text()), f"{page.name} shows no figure"


def test_assignments_can_be_downloaded(site):
    page = (site / "book" / "assignments.html").read_text()
    for nb in (ROOT / "exercises").glob("*/*.ipynb"):
        assert nb.name in page, f"no download link for {nb.name}"
    downloads = list((site / "_downloads").rglob("*.ipynb"))
    assert len(downloads) >= len(list((ROOT / "exercises").glob("*/*.ipynb")))


def test_site_shows_no_solution_or_hidden_test(site):
    texts = {p: _normalized(p.read_text()) for p in _pages(site)}
    texts |= {p: _normalized(p.read_text()) for p in (site / "_downloads").rglob("*.ipynb")}
    sources = {p: _normalized(p.read_text()) for p in (site / "_sources").rglob("*") if p.is_file()}
    for p, text in {**texts, **sources}.items():
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, p
    import html

    plain = {p: _normalized(html.unescape(re.sub(r"<[^>]+>", "", t))) for p, t in texts.items()}
    for kind, notebook, region in _solution_regions():
        needle = _normalized(region)
        if len(needle) < 40:
            continue
        for p, text in {**plain, **sources}.items():
            assert needle not in text, f"a {kind} of {notebook} appears in {p.relative_to(site)}"
