"""JupyterHub configuration for the course (``make hub``; ``course_admin.hub`` sets the COURSE_HUB_* variables).

Loopback only by default (``make hub HUB_IP=0.0.0.0`` opens it to the lab's network). The pieces an
instructor may want to change are the authenticator (``CourseAuthenticator``: passwords for a lab
machine; a university hub uses OAuth or LTI) and the limits at the end.
"""

import os
import sys
from pathlib import Path

from course_admin.hub import Layout, _spawner_classes

c = get_config()  # noqa: F821 (injected by JupyterHub)
layout = Layout.from_env()
CourseAuthenticator, CourseSpawner = _spawner_classes()

c.JupyterHub.ip = os.environ.get("COURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('COURSE_HUB_PROXY_PORT', '8001')}"
# configurable-http-proxy comes from npm, installed into the course's .venv by the Makefile.
c.ConfigurableHTTPProxy.command = [
    str(Path(sys.prefix) / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.debug = False

c.JupyterHub.db_url = f"sqlite:///{layout.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(layout.state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(layout.state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

c.JupyterHub.authenticator_class = CourseAuthenticator
c.CourseAuthenticator.passwords_file = str(layout.passwords)
c.Authenticator.allowed_users = set(layout.accounts())
c.Authenticator.admin_users = {layout.instructor}

c.JupyterHub.spawner_class = CourseSpawner
c.Spawner.default_url = "/lab"
# Run as root (a container, a CI machine), servers are still kept apart by the sandbox, which drops
# root's capabilities; Jupyter only wants to be told.
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.environment = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
# A lab machine under load starts servers slowly: wait rather than fail a student's login.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
