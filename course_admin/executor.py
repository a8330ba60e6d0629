"""Grading where the student's code cannot reach the verdict.

``TrustedExecute`` takes the place of nbgrader's ``Execute`` preprocessor during ``autograde``:

- the student's cells (solution cells, and any cell that is not a locked cell of the release) run in
  a *worker* process, sandboxed where the machine allows (``course_admin.sandbox``);
- the test cells run here, in the grading process, with the oracles. Each name the student's code
  defines is bound to a proxy that calls into the worker (``course_admin.remote``), so a test cell
  reads exactly as it does in the student's notebook;
- the locked cells that are not tests (setup, data) run in both.

Which cells are trusted is decided by the gradebook (the instructor's release), never by the
submission's metadata, and their source is taken from the gradebook too. A test passes when its
code, run here, raises nothing. A student cell that crashes or hangs costs that cell: the worker is
restarted and the cells before it are run again. Limits are CPU seconds of the student's process,
so a busy machine does not turn correct code into a timeout.
"""

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import types
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_output
from traitlets import Bool, Float, Int, List, Unicode

from course_admin import remote, sandbox


def _limit_memory(gigabytes):
    def limit():
        import resource

        size = int(gigabytes * 2**30)
        resource.setrlimit(resource.RLIMIT_DATA, (size, size))

    return limit


class StudentProcess:
    """A worker running the student's code, and the channel to it."""

    def __init__(self, workdir, *, cpu_limit, wall_limit, memory_gb, use_sandbox, hide=()):
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        argv = [sys.executable, "-m", "course_admin.worker", str(to_worker_r), str(from_worker_w)]
        if use_sandbox:
            argv = sandbox.command(argv, workdir, hide)
        # The grader's secrets stay with the grader: the gradebook's URL (a password), the hub's folders.
        secret = (
            "COURSE_DB_URL",
            "COURSE_EXCHANGE",
            "COURSE_HUB_",
            "PG",
            "JUPYTERHUB_API_TOKEN",
            "JPY_API_TOKEN",
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(secret)}
        env.update(
            HOME=str(workdir),
            IPYTHONDIR=str(Path(workdir) / ".ipython"),
            MPLBACKEND="Agg",
            TF_CPP_MIN_LOG_LEVEL="3",
            TF_ENABLE_ONEDNN_OPTS="0",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("JPY_SESSION_NAME", None)
        for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(threads, "1")  # students are graded one per core
        self.proc = subprocess.Popen(
            argv,
            pass_fds=(to_worker_r, from_worker_w),
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=None if env.get("COURSE_WORKER_DEBUG") else subprocess.DEVNULL,
            stderr=None if env.get("COURSE_WORKER_DEBUG") else subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_limit_memory(memory_gb) if sys.platform.startswith("linux") else None,
        )
        os.close(to_worker_r)
        os.close(from_worker_w)
        self.channel = remote.Channel(
            from_worker_r,
            to_worker_w,
            self.proc.pid,
            cpu_limit=cpu_limit,
            wall_limit=wall_limit,
            on_lost=lambda why: self.kill(),
        )
        header, _ = self.channel._receive()
        if header.get("type") != "result":
            raise remote.WorkerLost("the student's process did not start")

    def request(self, message):
        return self.channel.request(message)

    def kill(self):
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=30)

    def close(self):
        self.kill()
        self.channel.close()


def _code_names(code):
    names = set(code.co_names) | set(code.co_varnames)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _error_output(ename, evalue):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class TrustedExecute(Preprocessor):
    """Run a submission with its tests out of the student's reach (see the module's docstring)."""

    enabled = Bool(True).tag(config=True)
    cpu_limit = Float(120.0, help="CPU seconds one student cell or call may use before it is stopped").tag(
        config=True
    )
    wall_limit = Float(1200.0, help="seconds one student cell or call may wait (catches sleeping code)").tag(
        config=True
    )
    memory_gb = Float(4.0, help="memory limit (GB) of the student's process").tag(config=True)
    max_restarts = Int(4, help="times the student's process is restarted after a crash or a stop").tag(
        config=True
    )
    sandbox = Unicode("auto", help="'auto' (sandbox where possible), 'require', or 'off'").tag(config=True)
    hide = List(Unicode(), help="more folders the student's code must not see").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        trusted = self._trusted_sources(info)
        use_sandbox = self._use_sandbox()
        course_root = Path(os.getcwd())
        hide = list(self.hide)  # the sandbox hides the checked-out course (the packages' folder) itself
        db_url = info.get("db_url", "")
        if db_url.startswith("sqlite:///"):
            hide.append(str(Path(db_url[len("sqlite:///") :]).parent))
        hide += [str(p) for p in (course_root, *course_root.parents) if (p / "nbgrader_config.py").exists()]
        workdir = Path(tempfile.mkdtemp(prefix="course-grading-"))
        self._run = _Run(self, workdir, use_sandbox, hide)
        try:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    self._run.cell(cell, index + 1, trusted)
        finally:
            self._run.close()
            shutil.rmtree(workdir, ignore_errors=True)
        resources.setdefault("course", {})["sandboxed"] = use_sandbox
        return nb, resources

    def _use_sandbox(self):
        if self.sandbox == "off" or not sandbox.wanted():
            return False
        ok, why = sandbox.available()
        if not ok and self.sandbox == "require":
            raise RuntimeError(f"grading requires the sandbox, but {why}")
        if not ok:
            self.log.warning("GRADING WITHOUT A SANDBOX: %s", why)
        return ok

    def _trusted_sources(self, info):
        """{grade_id: ("test" | "setup", source)} from the gradebook; None outside nbgrader."""
        if not info.get("db_url"):
            return None
        from nbgrader.api import Gradebook, MissingEntry

        out = {}
        with Gradebook(info["db_url"]) as gb:
            try:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return {}
            graded = {c.name for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            for cell in notebook.source_cells:
                if cell.cell_type != "code" or not cell.locked or cell.name in solutions:
                    continue
                out[cell.name] = ("test" if cell.name in graded else "setup", cell.source)
        return out


class _Run:
    """One submission's execution: the worker, the trusted namespace, the cells that ran."""

    def __init__(self, config, workdir, use_sandbox, hide):
        self.config = config
        self.workdir, self.use_sandbox, self.hide = workdir, use_sandbox, hide
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self.proxies = set()
        self.replay = []  # sources the worker has run, to run again after a restart
        self.restarts = 0
        self.worker = None
        self.broken = None
        self._start()

    def _start(self):
        try:
            self.worker = StudentProcess(
                self.workdir,
                cpu_limit=self.config.cpu_limit,
                wall_limit=self.config.wall_limit,
                memory_gb=self.config.memory_gb,
                use_sandbox=self.use_sandbox,
                hide=self.hide,
            )
        except (remote.WorkerLost, OSError) as exc:
            self.worker, self.broken = None, f"the student's process could not start ({exc})"

    def _restart(self):
        if self.worker is not None:
            self.worker.close()
        self.worker = None
        if self.restarts >= self.config.max_restarts:
            self.broken = "the student's code crashed or was stopped too many times"
            return
        self.restarts += 1
        self._start()
        for source, setup in self.replay:
            if self.worker is None:
                return
            try:
                self.worker.request({"op": "exec", "source": source, "setup": setup})
            except remote.WorkerLost:
                self._restart()
                return
        self._rebind()

    def _rebind(self):
        for name in self.proxies:
            value = self.namespace.get(name)
            if isinstance(value, remote.StudentFunction) and self.worker is not None:
                value._channel = self.worker.channel

    def close(self):
        if self.worker is not None:
            self.worker.close()

    # -- cells -------------------------------------------------------------------------------

    def cell(self, cell, count, trusted):
        cell.outputs = []
        cell.execution_count = count
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if trusted is None:  # outside nbgrader: the metadata decides
            meta = cell.metadata.get("nbgrader", {})
            kind = None
            if meta.get("locked") and not meta.get("solution"):
                kind = "test" if meta.get("grade") else "setup"
            source = cell.source
        else:
            kind, source = trusted.get(grade_id, (None, cell.source))
        if kind in (None, "setup"):
            self._student_cell(cell, source, record=kind is None, setup=kind == "setup")
        if kind in ("setup", "test"):
            self._trusted_cell(cell, source, is_test=kind == "test")

    def _student_cell(self, cell, source, record, setup=False):
        if self.worker is None:
            if record:
                cell.outputs.append(_error_output("WorkerLost", self.broken or "no student process"))
            return
        try:
            result = self.worker.request({"op": "exec", "source": source, "setup": setup})
        except remote.WorkerLost as exc:
            if record:
                cell.outputs.append(_error_output("WorkerLost", str(exc)))
            self._restart()
            return
        self.replay.append((source, setup))
        if record and result.get("output"):
            cell.outputs.append(new_output("stream", name="stdout", text=result["output"]))
        if record and result.get("error"):
            ename, evalue = result["error"]
            cell.outputs.append(_error_output(ename, evalue))

    def _bind_student_names(self, code):
        """Bind the student's names that the trusted namespace does not define; returns {name: proxy}."""
        bound = {}
        if self.worker is None:
            return bound
        try:
            names = self.worker.request({"op": "names"})
        except remote.WorkerLost:
            self._restart()
            return bound
        wanted = _code_names(code)
        for name, kind in names.items():
            if name in self.namespace and name not in self.proxies:
                continue  # what the trusted cells defined wins
            if kind == "callable":
                bound[name] = remote.StudentFunction(self.worker.channel, name)
            elif kind == "data" and name in wanted:
                try:
                    bound[name] = self.worker.request({"op": "get", "name": name})
                except Exception:
                    continue
        self.namespace.update(bound)
        self.proxies |= set(bound)
        return bound

    def _trusted_cell(self, cell, source, is_test):
        stdout = io.StringIO()
        try:
            code = compile(source, f"<cell {cell.get('id', '')}>", "exec")
        except SyntaxError as exc:
            if is_test:
                cell.outputs.append(_error_output("SyntaxError", str(exc)))
            return
        bound = self._bind_student_names(code)
        error = None
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()):
            try:
                exec(code, self.namespace)
            except remote.WorkerLost as exc:
                error = ("WorkerLost", str(exc))
                self._restart()
            except Exception as exc:
                error = (getattr(exc, "remote_name", None) or type(exc).__name__, str(exc))
        # A name the trusted code has just defined is trusted from now on, not the student's.
        self.proxies -= {n for n, obj in bound.items() if self.namespace.get(n) is not obj}
        if not is_test:
            return  # a setup cell's outputs are the worker's
        text = stdout.getvalue()
        if text:
            cell.outputs.append(new_output("stream", name="stdout", text=text[:20_000]))
        if error:
            cell.outputs.append(_error_output(*error))
