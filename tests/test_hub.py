"""A class on the course's JupyterHub (`make hub`), end to end in headless Chromium, gradebook on PostgreSQL.

The instructor releases 00_foundations from formgrader; two students log in, fetch it from their
Assignment List and submit (one the solution, one a classic mistake); the instructor grades with the
course's grading command (which collects from the exchange) and releases feedback; each student
fetches and reads their own feedback. Neither student can reach the other's work, the instructor's
server, ``solutions/`` or the gradebook.
"""

import ast
import csv
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser import chromium, free_port, keep_local
from pipeline import ROOT, scores

from course_admin import hub as course_hub
from course_admin import sandbox
from course_admin.notebooks import load_mistakes, read_solution, scratch_course, with_mistake, without_outputs

ASSIGNMENT = "00_foundations"
INSTRUCTOR = "teacher"
SCREENSHOTS = ROOT / "book" / "_build" / "screenshots"
# A loaded 2-core machine starts servers slowly: waits are long enough that only a broken hub misses them.
PATIENCE_MS = int(os.environ.get("COURSE_TEST_PATIENCE_S", "600")) * 1000


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """A PostgreSQL server of our own (pgserver's binaries; as root it runs as an unprivileged user)."""
    import pgserver

    data = tmp_path_factory.mktemp("postgres") / "data"
    server = pgserver.get_server(data, cleanup_mode="stop")
    server.psql("CREATE DATABASE gradebook;")
    url = server.get_uri("gradebook")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_DB_URL", url)  # this module's own reads of the gradebook (scores) go there too
        yield url
    server.cleanup()


@pytest.fixture(scope="module")
def hub(tmp_path_factory, postgres):
    base = tmp_path_factory.mktemp("hub")
    course = scratch_course(ROOT, base / "course", ASSIGNMENT)
    students = base / "students.csv"
    students.write_text("id,first_name,last_name,email\nalice,Alice,A,\nbob,Bob,B,\n")
    port = free_port()
    env = {
        **os.environ,
        "COURSE_DB_URL": postgres,
        "COURSE_HUB_API_PORT": str(free_port()),
        "COURSE_HUB_PROXY_PORT": str(free_port()),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    log = (base / "hub.log").open("w")
    state = base / "state"
    command = [sys.executable, "-m", "course_admin.hub", "--root", str(course), "--state", str(state)]
    command += ["--students", str(students), "--instructor", INSTRUCTOR, "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while True:
        try:
            urllib.request.urlopen(f"{url}/hub/api", timeout=30).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() - started > PATIENCE_MS / 1000:
                pytest.fail(f"make hub did not start:\n{(base / 'hub.log').read_text()[-3000:]}")
            time.sleep(0.5)
    layout = course_hub.Layout(course, state, INSTRUCTOR)
    yield {"url": url, "course": course, "layout": layout, "env": env}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _login(browser, hub, user, seen):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)

    keep_local(page, (hub["url"], "ws://127.0.0.1", "data:", "blob:"), seen["external"])
    page.goto(f"{hub['url']}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub["layout"].accounts()[user])
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**")
    page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
    return page


def _post(page, hub, user, path):
    """POST to ``user``'s server as the logged-in browser does (with its XSRF token)."""
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    response = page.request.post(f"{hub['url']}/user/{user}/{path}", headers={"X-XSRFToken": xsrf})
    assert response.ok, f"POST {path}: {response.status} {response.text()[:500]}"
    return response.json() if response.text().strip() else {}


def _assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel:text-is('Nbgrader')").click()
    page.locator(".lm-Menu-itemLabel:text-is('Assignment List')").click()
    page.wait_for_selector("#released_assignments_list, #fetched_assignments_list")


def _click_in_list(page, listing, button):
    row = page.locator(f"#{listing} .list_item", has_text=ASSIGNMENT)
    row.locator("button", has_text=button).first.click()


@pytest.fixture(scope="module")
def term(hub):
    """The whole term, recorded: what each person saw."""
    executable = chromium()
    if not sandbox.available()[0]:
        pytest.fail(
            f"the hub keeps students apart with bubblewrap, which cannot run here: {sandbox.available()[1]}"
        )
    from playwright.sync_api import sync_playwright

    layout = hub["layout"]
    solution = read_solution(ROOT, ASSIGNMENT)
    mistake = load_mistakes(ROOT, ASSIGNMENT)[0]
    work = {"alice": without_outputs(solution), "bob": with_mistake(solution, mistake)}
    # bob also looks for the gradebook's address (its password) among his process's variables
    work["bob"].cells.append(
        nbformat.v4.new_code_cell("import os\n\nprint('DB:', os.environ.get('COURSE_DB_URL'))")
    )
    seen = {"external": [], "mistake": mistake, "pages": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--headless=new", "--no-sandbox"])
        teacher = _login(browser, hub, INSTRUCTOR, seen)
        seen["release"] = _post(teacher, hub, INSTRUCTOR, f"formgrader/api/assignment/{ASSIGNMENT}/release")
        students = {name: _login(browser, hub, name, seen) for name in work}
        for name, page in students.items():
            _assignment_list(page)
            _click_in_list(page, "released_assignments_list", "Fetch")
            page.wait_for_selector(f"#fetched_assignments_list .list_item:has-text('{ASSIGNMENT}')")
            # The student's work, as if typed in JupyterLab: the file in their home, where the fetch put it.
            nbformat.write(work[name], layout.home(name) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
            _click_in_list(page, "fetched_assignments_list", "Submit")
            page.wait_for_selector(f"#submitted_assignments_list .list_item:has-text('{ASSIGNMENT}')")
        seen["page_config"] = students["bob"].evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        )
        seen["teacher_page_config"] = teacher.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        )
        seen["news"] = (
            students["bob"]
            .request.get(
                f"{hub['url']}/user/bob/lab/api/settings/@jupyterlab/apputils-extension:notification"
            )
            .json()
        )

        # The instructor grades in a terminal of their server: the course's grading command.
        grading = subprocess.run(
            [
                sys.executable,
                "-m",
                "course_admin.grading",
                "--root",
                str(hub["course"]),
                "--jobs",
                "2",
                ASSIGNMENT,
            ],
            env={**hub["env"], "COURSE_EXCHANGE": str(layout.exchange)},
            capture_output=True,
            text=True,
        )
        seen["grading"] = grading
        if grading.returncode:
            pytest.fail(f"grading failed:\n{grading.stdout[-3000:]}\n{grading.stderr[-3000:]}")
        seen["release_feedback"] = _post(
            teacher, hub, INSTRUCTOR, f"formgrader/api/assignment/{ASSIGNMENT}/release_feedback"
        )

        for name, page in students.items():
            page.reload()
            page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
            _assignment_list(page)
            _click_in_list(page, "submitted_assignments_list", "Fetch Feedback")
            page.wait_for_selector("#submitted_assignments_list a:has-text('view feedback')")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            if name == "alice":
                page.screenshot(path=str(SCREENSHOTS / "hub-assignment-list.png"))
            listing = page.request.get(f"{hub['url']}/user/{name}/api/contents/{ASSIGNMENT}/feedback").json()
            stamp = listing["content"][0]["name"]
            page.goto(f"{hub['url']}/user/{name}/files/{ASSIGNMENT}/feedback/{stamp}/{ASSIGNMENT}.html")
            seen["pages"][name] = {
                "score": page.locator("body").inner_text().split("\n", 1)[0],
                "outputs": "\n".join(page.locator(".output_area").all_inner_texts()),
            }
            if name == "alice":
                page.screenshot(path=str(SCREENSHOTS / "hub-feedback.png"))
            seen["pages"][name]["home"] = sorted(
                item["name"]
                for item in page.request.get(f"{hub['url']}/user/{name}/api/contents").json()["content"]
            )
        bob = students["bob"]
        seen["bob_opens_alice"] = bob.request.get(
            f"{hub['url']}/user/alice/api/contents/{ASSIGNMENT}", max_redirects=0
        ).status
        seen["bob_opens_teacher"] = bob.request.get(
            f"{hub['url']}/user/{INSTRUCTOR}/api/contents/solutions", max_redirects=0
        ).status
        browser.close()
    return seen


def test_students_fetch_and_submit_and_the_instructor_grades_on_postgresql(hub, term):
    assert term["release"].get("success"), term["release"]
    assert term["grading"].returncode == 0, term["grading"].stdout[-3000:] + term["grading"].stderr[-2000:]
    assert "collected" in term["grading"].stdout
    got = scores(hub["course"], ASSIGNMENT)
    assert set(got) == {"alice", "bob"}
    assert all(score == top for score, top in got["alice"].values()), got["alice"]
    failed = {test for test, (score, top) in got["bob"].items() if score < top}
    assert failed == set(term["mistake"]["failing_tests"]), failed
    assert not (hub["course"] / "gradebook.db").exists(), "the gradebook went to SQLite, not PostgreSQL"


def test_each_student_reads_their_own_feedback(term):
    alice, bob = term["pages"]["alice"], term["pages"]["bob"]
    assert term["release_feedback"].get("success"), term["release_feedback"]
    assert alice["score"].startswith(ASSIGNMENT) and bob["score"].startswith(ASSIGNMENT)
    assert term["mistake"]["message"] not in alice["outputs"] and "DB:" not in alice["outputs"]
    assert term["mistake"]["message"] in bob["outputs"]
    assert "DB: None" in bob["outputs"] and "postgresql" not in bob["outputs"], (
        "the gradebook's address reached a student"
    )
    for shot in ("hub-assignment-list.png", "hub-feedback.png"):
        assert (SCREENSHOTS / shot).stat().st_size > 10_000


def test_a_student_sees_only_their_own_home_and_exchange(hub, term):
    layout = hub["layout"]
    for name in ("alice", "bob"):
        assert term["pages"][name]["home"] == [ASSIGNMENT], term["pages"][name]["home"]
    assert term["bob_opens_alice"] in (302, 403, 404), term["bob_opens_alice"]
    assert term["bob_opens_teacher"] in (302, 403, 404), term["bob_opens_teacher"]
    # Inside bob's sandbox (the command his server runs in): the exchange holds only what is his.
    probe = (
        "import os, sys\n"
        f"course, state = {str(layout.root)!r}, {str(layout.state)!r}\n"
        "for path in [course + '/solutions', course + '/nbgrader_config.py', state + '/passwords.csv',\n"
        "             state + '/homes/alice']:\n"
        "    print(path, os.path.exists(path))\n"
        f"print('inbound', sorted(os.listdir({str(layout.course_exchange('inbound'))!r})))\n"
        f"print('feedback', len(os.listdir({str(layout.course_exchange('feedback'))!r})))\n"
    )
    result = subprocess.run(
        course_hub.student_command(layout, "bob", [sys.executable, "-c", probe]),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(line.endswith(" False") for line in lines[:4]), lines
    assert all(name.startswith("bob+") for name in ast.literal_eval(lines[4].split(" ", 1)[1])), lines
    assert lines[5] == "feedback 1", lines


def test_students_lab_has_no_create_assignment_and_no_news_prompt(term):
    disabled = term["page_config"].get("disabledExtensions", [])
    for plugin in ("create-assignment", "formgrader", "course-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled, disabled
    assert "@jupyter/nbgrader:create-assignment" not in term["teacher_page_config"].get(
        "disabledExtensions", []
    )
    assert term["news"]["schema"]["properties"]["fetchNews"]["default"] == "false", term["news"]


def test_nothing_leaves_the_machine(term):
    # nbgrader's feedback page (its own template) asks a CDN for MathJax; offline, its formulas show as
    # TeX. The browser here is offline: that request is refused like any other. Everything else is local.
    outside = sorted({u for u in term["external"] if "/mathjax/" not in u.lower()})
    assert not outside, outside[:5]


def test_make_hub_checks_the_students_file(tmp_path):
    bad = tmp_path / "students.csv"
    bad.write_text("id,first_name\nAlice Smith,Alice\n")
    with pytest.raises(ValueError, match="id 'Alice Smith'"):
        course_hub.read_students(bad)
    bad.write_text("id\nalice\nalice\n")
    with pytest.raises(ValueError, match="appears twice"):
        course_hub.read_students(bad)
    with pytest.raises(ValueError, match="students must be a CSV"):
        course_hub.read_students(tmp_path / "missing.csv")


def test_passwords_are_kept_and_private(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    students = tmp_path / "students.csv"
    students.write_text("id,first_name,last_name,email\ncarol,Carol,C,\n")
    first = course_hub.setup(course, tmp_path / "state", students, "teacher").accounts()
    second = course_hub.setup(course, tmp_path / "state", students, "teacher").accounts()
    assert first == second and set(first) == {"teacher", "carol"}
    assert (tmp_path / "state" / "passwords.csv").stat().st_mode & 0o077 == 0
    with open(tmp_path / "state" / "passwords.csv", newline="") as f:
        assert len(list(csv.DictReader(f))) == 2
