"""What the browser tests share: Debian's Chromium, a free loopback port, a page kept off the network."""

import shutil
import socket

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium():
    """The Chromium binary; a clear failure (never a skip) where it is missing."""
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    return CHROMIUM


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keep_local(page, allowed, refused):
    """Let ``page`` load only URLs starting with ``allowed``; every other URL is refused and appended to ``refused``."""

    def route(r):
        if r.request.url.startswith(tuple(allowed)):
            return r.continue_()
        refused.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
