"""The course's JupyterHub on one machine (``make hub``): accounts from a CSV, sandboxed students, an exchange.

    python -m course_admin.hub [--root .] [--state hub/state] [--students hub/students.csv]
                               [--instructor instructor] [--ip 127.0.0.1] [--port 8000] [--setup-only]

- **Accounts**: the instructor, and one per row of the students' CSV (nbgrader's format: ``id``,
  ``first_name``, ``last_name``, ``email``). Each account gets a random password, written once to
  ``<state>/passwords.csv`` (readable by its owner only) for the instructor to hand out. This is
  password auth for a lab machine; a university hub uses its own login (OAuth, LTI).
- **The instructor's server** runs in the course folder: formgrader, Create Assignment, ``make grade``.
- **Each student's server** runs in a bubblewrap sandbox (the same Unix user as the hub; no root
  needed) that shows the Python installation and ``course_utils`` read-only, the student's own home
  (``<state>/homes/<id>``), the released assignments, and the student's own exchange folders
  (``course_admin.exchange``). The course folder (``solutions/``, the gradebook, ``submitted/``),
  the hub's state and the other students' homes are not there. Students' JupyterLab shows no
  Create Assignment, formgrader or course list (``hub/student/``).
- **The gradebook** is the course's: SQLite, or PostgreSQL when ``COURSE_DB_URL`` names one.
"""

import argparse
import csv
import hmac
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from course_admin import sandbox

STUDENT_SETTINGS = Path(__file__).resolve().parents[1] / "hub" / "student"
STUDENT_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")  # no '+': nbgrader's exchange splits file names on it
FIELDS = ("id", "first_name", "last_name", "email")


def read_students(path):
    """Rows of the students' CSV (nbgrader's columns: id, first_name, last_name, email)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"students must be a CSV file with an 'id' column, got {str(path)!r} (no such file)")
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "id" not in rows[0]:
        raise ValueError(f"students: {path} needs a header row with an 'id' column")
    seen = set()
    for line, row in enumerate(rows, start=2):
        sid = (row.get("id") or "").strip()
        if not STUDENT_ID.match(sid):
            raise ValueError(
                f"students: {path}, line {line}: id {sid!r} must be lower-case letters, digits, '.', '_' or '-'"
            )
        if sid in seen:
            raise ValueError(f"students: {path}, line {line}: id {sid!r} appears twice")
        seen.add(sid)
        row["id"] = sid
    return [{k: (row.get(k) or "").strip() for k in FIELDS} for row in rows]


def course_id(root):
    """The course id in ``<root>/nbgrader_config.py``."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    return config.CourseDirectory.course_id


class Layout:
    """Where the hub keeps its state for the course at ``root``."""

    def __init__(self, root, state, instructor="instructor"):
        self.root = Path(root).resolve()
        self.state = Path(state).resolve()
        self.instructor = instructor
        self.course_id = course_id(self.root)
        self.exchange = self.state / "exchange"
        self.passwords = self.state / "passwords.csv"
        self.student_config = self.state / "student-config"

    def course_exchange(self, part, student=None):
        path = self.exchange / self.course_id / part
        return path / student if student else path

    def home(self, user):
        return self.state / "homes" / user

    def config_path(self, student):
        """JUPYTER_CONFIG_PATH of ``student``'s server: the course's student settings, then their nbgrader config."""
        return os.pathsep.join([str(STUDENT_SETTINGS), str(self.student_config / student)])

    def write_student_config(self, student):
        # nbgrader names a submission after the Unix user (the hub's, for everyone): say who it is.
        folder = self.student_config / student
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "nbgrader_config.py").write_text(
            "# Written by course_admin.hub: this student's view of the course's exchange.\n"
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {self.course_id!r}\n"
            f"c.CourseDirectory.student_id = {student!r}\n"
            f"c.Exchange.root = {str(self.exchange)!r}\n"
        )

    def accounts(self):
        """{user: password} from the passwords file."""
        with self.passwords.open(newline="") as f:
            return {row["user"]: row["password"] for row in csv.DictReader(f)}

    def env(self):
        """What ``hub/jupyterhub_config.py`` reads."""
        return {
            "COURSE_HUB_ROOT": str(self.root),
            "COURSE_HUB_STATE": str(self.state),
            "COURSE_HUB_INSTRUCTOR": self.instructor,
        }

    @classmethod
    def from_env(cls):
        return cls(
            os.environ["COURSE_HUB_ROOT"], os.environ["COURSE_HUB_STATE"], os.environ["COURSE_HUB_INSTRUCTOR"]
        )


def setup(root, state, students_csv, instructor="instructor"):
    """Create the hub's state for the course at ``root``: passwords, homes, exchange, student config."""
    if not STUDENT_ID.match(instructor):
        raise ValueError(f"instructor must be a lower-case account name, got {instructor!r}")
    students = read_students(students_csv)
    if instructor in {s["id"] for s in students}:
        raise ValueError(f"instructor {instructor!r} is also a student in {students_csv}")
    layout = Layout(root, state, instructor)
    layout.state.mkdir(parents=True, exist_ok=True)
    layout.state.chmod(0o700)
    known = layout.accounts() if layout.passwords.exists() else {}
    users = [instructor, *(s["id"] for s in students)]
    passwords = {u: known.get(u) or secrets.token_urlsafe(9) for u in users}
    layout.passwords.touch(mode=0o600)
    with layout.passwords.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["user", "password"])
        writer.writerows(passwords.items())
    for user in users:
        layout.home(user).mkdir(parents=True, exist_ok=True)
    layout.course_exchange("outbound").mkdir(parents=True, exist_ok=True)
    for student in students:
        for part in ("inbound", "feedback"):
            layout.course_exchange(part, student["id"]).mkdir(parents=True, exist_ok=True)
        layout.write_student_config(student["id"])
    _import_students(layout, students)
    return layout


def _import_students(layout, students):
    from course_admin.grading import run_nbgrader

    table = layout.state / "students-import.csv"
    with table.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(students)
    result = run_nbgrader(layout.root, "db", "student", "import", str(table))
    if result.returncode:
        raise RuntimeError(f"could not add the students to the gradebook:\n{result.stdout}{result.stderr}")


def student_command(layout, student, argv):
    """``argv`` in ``student``'s sandbox: their home, the releases and their own exchange folders only."""
    exchange = [
        (layout.course_exchange("outbound"), layout.course_exchange("outbound"), False),
        (layout.course_exchange("inbound", student), layout.course_exchange("inbound"), True),
        (layout.course_exchange("feedback", student), layout.course_exchange("feedback"), False),
    ]
    settings = [(p, p, False) for p in (STUDENT_SETTINGS, layout.student_config / student)]
    return sandbox.command(
        argv,
        layout.home(student),
        hide=[layout.root, layout.state],
        mounts=settings + exchange,
        network=True,  # the server talks to the hub over loopback
    )


def _spawner_classes():
    """JupyterHub's classes, imported only when the hub runs (the course does not need them otherwise)."""
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner
    from traitlets import Unicode

    class CourseAuthenticator(Authenticator):
        """Passwords from the hub's passwords file (``course_admin.hub.setup`` writes it)."""

        passwords_file = Unicode(config=True, help="CSV of user,password")

        async def authenticate(self, handler, data):
            with open(self.passwords_file, newline="") as f:
                accounts = {row["user"]: row["password"] for row in csv.DictReader(f)}
            user = (data.get("username") or "").strip()
            given = (data.get("password") or "").encode()
            if user in accounts and hmac.compare_digest(accounts[user].encode(), given):
                return user
            return None

    class CourseSpawner(SimpleLocalProcessSpawner):
        """The instructor's server in the course folder; each student's in their sandbox."""

        def _layout(self):
            return Layout.from_env()

        def user_env(self, env):
            layout = self._layout()
            env.update(USER=self.user.name, HOME=str(layout.home(self.user.name)), SHELL="/bin/bash")
            if self.user.name == layout.instructor:
                env["COURSE_EXCHANGE"] = str(layout.exchange)
                if os.environ.get("COURSE_DB_URL"):
                    env["COURSE_DB_URL"] = os.environ["COURSE_DB_URL"]
            else:
                env["JUPYTER_CONFIG_PATH"] = layout.config_path(self.user.name)
            return env

        def make_preexec_fn(self, name):
            layout = self._layout()
            workdir = layout.root if name == layout.instructor else layout.home(name)

            def preexec():
                os.chdir(workdir)

            return preexec

        async def start(self):
            layout = self._layout()  # setup() made every account's folders before the hub started
            name = self.user.name
            singleuser = [str(Path(sys.prefix) / "bin" / "jupyterhub-singleuser")]
            if name == layout.instructor:
                self.notebook_dir = str(layout.root)
                self.cmd = singleuser
            else:
                self.notebook_dir = str(layout.home(name))
                self.cmd = student_command(layout, name, singleuser)
            return await super().start()

    return CourseAuthenticator, CourseSpawner


def main(argv=None):
    parser = argparse.ArgumentParser(description="The course's JupyterHub on this machine.")
    parser.add_argument("--root", default=".", help="the course folder (default: the current folder)")
    parser.add_argument("--state", default="hub/state", help="the hub's state folder (default: hub/state)")
    parser.add_argument("--students", default="hub/students.csv", help="CSV of students (id,first_name,...)")
    parser.add_argument(
        "--instructor", default="instructor", help="the instructor's account (default: instructor)"
    )
    parser.add_argument("--ip", default="127.0.0.1", help="address to serve on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    parser.add_argument(
        "--setup-only", action="store_true", help="create the accounts and folders, do not start"
    )
    args = parser.parse_args(argv)
    ok, why = sandbox.available()
    if not ok:
        print(f"make hub needs bubblewrap to keep students apart: {why}", file=sys.stderr)
        return 2
    layout = setup(args.root, args.state, args.students, args.instructor)
    print(f"accounts and passwords: {layout.passwords}")
    if args.setup_only:
        return 0
    config = Path(__file__).resolve().parents[1] / "hub" / "jupyterhub_config.py"
    env = {**os.environ, **layout.env(), "COURSE_HUB_IP": args.ip, "COURSE_HUB_PORT": str(args.port)}
    print(f"JupyterHub on http://{args.ip}:{args.port}/ (Ctrl-C stops it)")
    command = [str(Path(sys.prefix) / "bin" / "jupyterhub"), "-f", str(config)]
    return subprocess.call(command, cwd=layout.state, env=env)


if __name__ == "__main__":
    sys.exit(main())
