"""The student's side of grading: runs their cells and answers the grader's calls.

    python -m course_admin.worker READ_FD WRITE_FD

Started by ``course_admin.executor`` (inside the sandbox where there is one). It executes the cells
it is sent in an IPython shell, as the student's kernel would, and answers requests to call the
functions the student defined. Its stdout and stderr go nowhere the grader reads: what the
student prints is captured per request, up to a limit, and returned as text.
"""

import io
import os
import pickle
import sys

import numpy as np

from course_admin.remote import encode, pack, read_frame, write_frame

OUTPUT_LIMIT = 20_000


class BoundedText(io.TextIOBase):
    """A text stream that keeps the first ``OUTPUT_LIMIT`` characters and counts the rest."""

    def __init__(self):
        self.parts, self.size, self.dropped = [], 0, 0

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        room = OUTPUT_LIMIT - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(room, len(s))
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def flush(self):
        pass

    def text(self):
        tail = f"\n[... {self.dropped} more characters not kept]" if self.dropped else ""
        return "".join(self.parts) + tail


class Worker:
    def __init__(self, read_fd, write_fd):
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        self.read_fd, self.write_fd = read_fd, write_fd
        self.handles = {}
        config = Config()
        config.HistoryManager.enabled = False
        self.shell = InteractiveShell.instance(config=config)
        self.ns = self.shell.user_ns
        self.ns["__course_lazy__"] = _LazyModule
        self.baseline = set(self.ns)
        self.output = BoundedText()

    # -- messages -----------------------------------------------------------------------------

    def send(self, header, value=None, extra=None):
        trees = {}
        buffers = []
        for key, v in (("value", value), *(extra or {}).items()):
            tree, bufs = encode(v, self.handles)
            trees[key] = _shift(tree, len(buffers))
            buffers.extend(bufs)
        write_frame(self.write_fd, pack({**header, **trees}, buffers))

    def load(self, payload):
        return _Unpickler(io.BytesIO(payload), self).load()

    def serve(self):
        self.send({"type": "result"}, "ready")
        while True:
            frame = read_frame(self.read_fd)
            if frame[:1] == b"R":
                self.handle(self.load(frame[1:]))

    def handle(self, message):
        op = message.get("op")
        try:
            if op == "exec":
                source = lazy_imports(message["source"]) if message.get("setup") else message["source"]
                self.send({"type": "result"}, self.exec_cell(source))
            elif op == "names":
                self.send({"type": "result"}, self.names())
            elif op == "get":
                self.send({"type": "result"}, self.ns[message["name"]])
            elif op == "call":
                fn = self.target(message["target"])
                args, kwargs = message["args"], message["kwargs"]
                before = {k: v.copy() for k, v in _array_args(args, kwargs)}
                sys.stdout = sys.stderr = self.output = BoundedText()
                value = fn(*args, **kwargs)
                self.send({"type": "result"}, value, {"mutated": _mutated(args, kwargs, before)})
            elif op == "getattr":
                self.send({"type": "result"}, getattr(self.target(message["target"]), message["name"]))
            else:
                self.send({"type": "error", "name": "RuntimeError", "message": f"unknown request {op!r}"})
        except BaseException as exc:  # the student's exception, whatever it is, becomes an answer
            self.send({"type": "error", "name": _name(exc), "message": _message(exc)})

    def target(self, target):
        kind, key = target
        return self.ns[key] if kind == "fn" else self.handles[key]

    # -- cells ---------------------------------------------------------------------------------

    def exec_cell(self, source):
        sys.stdout = sys.stderr = self.output = BoundedText()
        result = self.shell.run_cell(source, store_history=False, silent=False)
        error = result.error_before_exec or result.error_in_exec
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        return {
            "error": None if error is None else [_name(error), _message(error)],
            "output": self.output.text(),
        }

    def names(self):
        """{name: "callable" | "data" | "other"} for the names the notebook's cells have defined."""
        out = {}
        for name, value in list(self.ns.items()):
            if name.startswith("_") or name in self.baseline or not isinstance(name, str):
                continue
            if type(value).__name__ == "module" or isinstance(value, _LazyModule):
                out[name] = "module"
            elif callable(value):
                out[name] = "callable"
            else:
                out[name] = "data"
        return out

    def callback(self, cid, args, kwargs):
        """Call the grader's callable ``cid`` and serve nested requests until it answers."""
        self.send({"type": "callback", "id": cid}, None, {"args": tuple(args), "kwargs": dict(kwargs)})
        while True:
            frame = read_frame(self.read_fd)
            if frame[:1] == b"R":
                self.handle(self.load(frame[1:]))
                continue
            reply = self.load(frame[1:])
            if reply[0] == "ok":
                return reply[1]
            import builtins

            cls = getattr(builtins, reply[1], None)
            if not (isinstance(cls, type) and issubclass(cls, Exception)):
                cls = RuntimeError
            raise cls(reply[2])


class _Callback:
    def __init__(self, worker, cid):
        self.worker, self.cid = worker, cid

    def __call__(self, *args, **kwargs):
        return self.worker.callback(self.cid, args, kwargs)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, worker):
        super().__init__(file)
        self.worker = worker

    def persistent_load(self, pid):
        kind, key = pid
        if kind == "cb":
            return _Callback(self.worker, key)
        if kind == "h":
            return self.worker.handles[key]
        return self.worker.ns[key]


def _shift(tree, offset):
    """Renumber the buffer references of an encoded tree by ``offset``."""
    if not offset or not isinstance(tree, dict):
        return tree
    if "nd" in tree:
        return {**tree, "nd": tree["nd"] + offset}
    if "b" in tree:
        return {**tree, "b": tree["b"] + offset}
    for key in ("t", "l"):
        if key in tree:
            return {key: [_shift(x, offset) for x in tree[key]]}
    if "d" in tree:
        return {"d": [[_shift(k, offset), _shift(v, offset)] for k, v in tree["d"]]}
    return tree


def _array_args(args, kwargs):
    for key, value in [*enumerate(args), *kwargs.items()]:
        if type(value) is np.ndarray and value.dtype.kind in "biufc":
            yield key, value


def _mutated(args, kwargs, before):
    changed = []
    for key, value in [*enumerate(args), *kwargs.items()]:
        if key in before:
            if value.shape != before[key].shape or not np.array_equal(value, before[key], equal_nan=True):
                changed.append((key, value))
        elif type(value) in (dict, list):
            changed.append((key, value))
        elif isinstance(value, np.random.Generator):
            changed.append((key, value.bit_generator.state))
    return changed


def _name(exc):
    try:
        return str(type(exc).__name__)
    except BaseException:
        return "Exception"


def _message(exc):
    try:
        return str(exc)[:2000]
    except BaseException:
        return "(the exception's message could not be read)"


LAZY_MODULES = ("tensorflow", "keras")


class _LazyModule:
    """Stands for a module that the setup cell imports for the tests: loaded on first use only."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr):
        import importlib

        return getattr(importlib.import_module(object.__getattribute__(self, "_name")), attr)


def lazy_imports(source):
    """``source`` with ``import tensorflow`` / ``import keras [as k]`` turned into lazy stand-ins.

    Setup cells import TensorFlow for the tests' oracles, which run in the grader; the student's
    process pays for TensorFlow only if the student's own code uses it.
    """
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    body = []
    for node in tree.body:
        if isinstance(node, ast.Import) and all(a.name in LAZY_MODULES for a in node.names):
            for alias in node.names:
                target = ast.Name(alias.asname or alias.name, ast.Store())
                call = ast.Call(ast.Name("__course_lazy__", ast.Load()), [ast.Constant(alias.name)], [])
                body.append(ast.Assign([target], call, lineno=node.lineno))
        else:
            body.append(node)
    tree.body = body
    return ast.unparse(ast.fix_missing_locations(tree))


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    read_fd, write_fd = int(args[0]), int(args[1])
    if not os.environ.get("COURSE_WORKER_DEBUG"):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # C libraries (TensorFlow's logging) write to the descriptors directly
        os.dup2(devnull, 2)
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        Worker(read_fd, write_fd).serve()
    except EOFError:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
