"""`make lab` as a student meets it: JupyterLab in headless Chromium, an assignment open, nbgrader's
Validate button run on the untouched release."""

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, free_port, keep_local

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "book" / "_build" / "screenshots" / "jupyterlab.png"
ASSIGNMENT = "03_batchnorm"
TOKEN = "course-test"
# Waits long enough that only a broken JupyterLab misses them on a loaded 2-core machine.
PATIENCE_MS = 600_000
RELEASE_BEFORE = (ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    # Validate saves the notebook first: the student's copy is a scratch one, not the committed release.
    student = tmp_path_factory.mktemp("student")
    shutil.copytree(ROOT / "exercises" / ASSIGNMENT, student / "exercises" / ASSIGNMENT)
    shutil.copy(ROOT / "nbgrader_config.py", student)
    port = free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    server = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_DIR={student}", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # make's child, JupyterLab, is stopped with it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + PATIENCE_MS / 1000
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make lab did not start JupyterLab (exit status {server.poll()})")
            time.sleep(0.5)
    yield url, student
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def student_view(lab):
    lab, student = lab
    executable = chromium()
    from playwright.sync_api import sync_playwright

    seen = {"console": [], "external": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--headless=new", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        keep_local(page, (lab, "ws://127.0.0.1", "data:"), seen["external"])
        page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
        path = f"exercises/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        page.goto(f"{lab}/lab/tree/{path}?token={TOKEN}")
        # JupyterLab renders cells lazily: wait until the first one shows its text, not just its frame.
        page.wait_for_function(
            "() => { const c = document.querySelector('.jp-Notebook .jp-Cell');"
            " return c && c.querySelector('.jp-RenderedMarkdown') && c.innerText.trim().length > 0; }",
            timeout=PATIENCE_MS,
        )
        seen["first_cell"] = page.locator(".jp-Notebook .jp-Cell").first.inner_text().strip()
        seen["menus"] = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        seen["page_config"] = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-KernelName')].some(e => e.innerText.includes('course'))",
            timeout=PATIENCE_MS,
        )
        page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-item", has_text="Validate").click()
        page.wait_for_selector(".jp-Dialog", timeout=PATIENCE_MS)
        seen["validation"] = page.locator(".jp-Dialog").inner_text()
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        browser.close()
    return seen


def test_the_assignment_opens_on_its_instructions(student_view):
    assert student_view["first_cell"].startswith(f"Assignment {ASSIGNMENT[:2]}"), student_view["first_cell"][
        :200
    ]
    assert "points" in student_view["first_cell"]


def test_nbgrader_is_in_the_menu(student_view):
    assert "Nbgrader" in student_view["menus"], student_view["menus"]


def test_a_students_lab_hides_the_instructors_tools(student_view):
    disabled = student_view["page_config"].get("disabledExtensions", [])
    for plugin in ("create-assignment", "formgrader", "course-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled, disabled


def test_validate_reports_the_unsolved_exercise(student_view):
    text = student_view["validation"]
    assert text.startswith("Validation Results"), text[:300]
    assert "NotImplementedError" in text and "batchnorm_forward" in text, text[:600]


def test_lab_works_offline_without_errors(student_view):
    assert not student_view["external"], student_view["external"][:5]
    assert not student_view["console"], student_view["console"][:5]


def test_the_committed_release_is_untouched(student_view):
    release = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert release.read_bytes() == RELEASE_BEFORE, "JupyterLab saved over the committed release"
