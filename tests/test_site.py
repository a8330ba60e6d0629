"""The static site: builds without warnings, works offline, and shows no solution or hidden test."""

import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, free_port, keep_local
from test_repository import _normalized, _solution_regions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    jb = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(ROOT),
        "--config",
        "book/_config.yml",
    ]
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


# --- In a real browser: headless Chromium over a local web server -------------------------------

SCREENSHOTS = ROOT / "book" / "_build" / "screenshots"
# Visible text (code excluded) must not show raw TeX: MathJax typesets $$...$$ and \( ... \).
RAW_MATH_JS = """() => {
  const body = document.querySelector('main') || document.body;
  const copy = body.cloneNode(true);
  copy.querySelectorAll('pre, code, .highlight, .output, script, style, mjx-container').forEach(e => e.remove());
  return copy.innerText;
}"""
# Waits long enough that only a broken page misses them on a loaded 2-core machine.
PATIENCE_MS = 300_000
REDIRECT = re.compile(r'<meta[^>]+http-equiv="refresh"', re.IGNORECASE)
# A phrase a reader might type, and the lecture that teaches it.
SEARCHES = {"inverted dropout": "lectures/04_dropout.html", "Nesterov": "lectures/05_optimizers.html"}


@pytest.fixture(scope="module")
def served(site):
    # A server process of its own: a thread of this busy test process once left the browser's requests
    # unanswered for half a minute.
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(f"{url}/index.html", timeout=30).close()
            break
        except OSError:
            assert server.poll() is None, "the site's web server did not start"
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait()


@pytest.fixture(scope="module")
def browser_report(site, served):
    """Visit every page in headless Chromium; record what a reader would run into."""
    executable = chromium()
    from playwright.sync_api import sync_playwright

    report = {
        "pages": 0,
        "console": [],
        "external": [],
        "broken": [],
        "raw_math": [],
        "no_alt": [],
        "links": set(),
        "search": {},
        "redirects": {},
    }
    args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(PATIENCE_MS)

        keep_local(page, (served, "data:"), report["external"])
        page.on("console", lambda m: m.type == "error" and report["console"].append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: report["console"].append(f"{page.url}: {e}"))
        page.on("response", lambda r: r.status >= 400 and report["broken"].append(f"{r.url} -> {r.status}"))
        for html in _pages(site):
            url = f"{served}/{html.relative_to(site).as_posix()}"
            page.goto(url, wait_until="load")
            if REDIRECT.search(html.read_text()):
                # Jupyter Book's root index.html only redirects to the intro: check where a reader lands.
                page.wait_for_url(lambda u, start=url: u.split("?")[0] != start)
                page.wait_for_load_state("load")
                report["redirects"][url] = page.url.removeprefix(served + "/")
            page.wait_for_function("() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)")
            page.evaluate("() => window.MathJax && MathJax.startup.promise")
            report["pages"] += 1
            text = page.evaluate(RAW_MATH_JS)
            for marker in ("$$", "\\(", "\\["):
                if marker in text:
                    at = text.index(marker)
                    report["raw_math"].append(f"{url}: {text[max(0, at - 40) : at + 40]!r}")
            bad_images = page.evaluate(
                "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
            )
            report["broken"].extend(f"{url}: image {src}" for src in bad_images)
            no_alt = page.evaluate(
                "() => [...document.querySelectorAll('main img')].filter(i => !(i.alt || '').trim()).map(i => i.src)"
            )
            report["no_alt"].extend(f"{url}: {src}" for src in no_alt)
            hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
            report["links"].update(h.split("#")[0] for h in hrefs if h.startswith(served))
            if html.name == "index.html" and html.parent == site:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / "landing.png"), full_page=False)
            if html.name == "01_initialization.html" or (
                html.parent.name == "lectures" and not (SCREENSHOTS / "lecture.png").exists()
            ):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / "lecture.png"), full_page=False)
        for query in SEARCHES:
            page.goto(f"{served}/search.html?q={urllib.parse.quote_plus(query)}", wait_until="load")
            page.wait_for_selector("#search-results ul.search li a")
            hrefs = page.evaluate(
                "() => [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.href)"
            )
            report["search"][query] = [h.removeprefix(served + "/").split("#")[0] for h in hrefs]
        browser.close()
    return report


def test_browser_visits_every_page_without_console_errors(site, browser_report):
    assert browser_report["pages"] == len(_pages(site)) > 10
    assert not browser_report["console"], browser_report["console"][:5]


def test_the_root_opens_the_landing_page(served, browser_report):
    assert browser_report["redirects"] == {f"{served}/index.html": "book/intro.html"}


def test_no_request_leaves_the_machine(browser_report):
    assert not browser_report["external"], sorted(set(browser_report["external"]))[:5]


def test_no_broken_links_or_images(served, browser_report):
    broken = list(browser_report["broken"])
    for link in sorted(browser_report["links"]):
        try:
            urllib.request.urlopen(link, timeout=120).close()
        except urllib.error.URLError as exc:
            broken.append(f"{link}: {exc}")
    assert not broken, broken[:5]


def test_every_figure_has_alt_text(browser_report):
    assert not browser_report["no_alt"], browser_report["no_alt"][:5]


def test_math_is_typeset(browser_report):
    assert not browser_report["raw_math"], browser_report["raw_math"][:5]


def test_screenshots_saved(browser_report):
    for name in ("landing.png", "lecture.png"):
        path = SCREENSHOTS / name
        assert path.exists() and path.stat().st_size > 10_000, f"{path} missing or empty"


def test_search_finds_the_lecture(browser_report):
    for query, lecture in SEARCHES.items():
        assert lecture in browser_report["search"].get(query, []), (
            f"searching {query!r} does not list {lecture}: {browser_report['search'].get(query)}"
        )
