"""Calls across the process boundary between the trusted grader and the student's worker.

The grader (trusted) runs the test cells; the worker runs the student's code. They talk over a
pair of pipes in frames of ``[8-byte length][payload]``:

- trusted -> worker: ``pickle`` (the worker may unpickle what the grader sends: it is the grader's data).
  Callables become callback ids, so a test's ``lambda`` given to a student function is called back.
- worker -> trusted: a JSON header plus raw array buffers, decoded by ``decode`` into plain data
  only (numbers, str, bytes, None, NumPy arrays of numeric dtype, tuples, lists, dicts). Anything
  else stays in the worker and arrives as a ``Handle``. Nothing the worker sends can run code in the
  grader: no pickle, no objects with methods, whitelisted exception names.

Both sides block on their own request and serve the other side's requests while they wait, so
calls can nest (a test calls the student's ``numerical_gradient``, which calls back the test's ``f``,
which calls the student's forward pass).
"""

import builtins
import functools
import io
import json
import os
import pickle
import select
import struct
import time
import types

import numpy as np

MAX_MESSAGE = 1 << 30  # a student result larger than 1 GiB is refused
MAX_DEPTH = 64
_NUMERIC_KINDS = "biufc"
# Builtin exception types the student's code may raise, recreated by name with the message only.
_SAFE_EXCEPTIONS = {
    name: cls
    for name, cls in vars(builtins).items()
    if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, Warning)
}


class ProtocolError(Exception):
    """The other side sent something that is not a valid message."""


class WorkerLost(Exception):
    """The student's process died, or was stopped for running too long."""


class StudentException(Exception):
    """An exception of a type that is not a plain builtin, raised by student code."""


def remote_exception(name, message):
    """An exception instance for a student's ``name: message`` (builtin types kept, others wrapped)."""
    cls = _SAFE_EXCEPTIONS.get(name)
    if cls is None:
        exc = StudentException(f"{name}: {message}")
    else:
        try:
            exc = cls(message)
        except Exception:
            exc = StudentException(f"{name}: {message}")
    exc.remote_name = name
    return exc


# ---------------------------------------------------------------------------------------------
# Framing


def write_frame(fd, payload):
    data = struct.pack(">Q", len(payload)) + payload
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd, n):
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other process closed the channel")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd):
    (n,) = struct.unpack(">Q", _read_exact(fd, 8))
    if n > MAX_MESSAGE:
        raise ProtocolError(f"message of {n} bytes is larger than the limit")
    return _read_exact(fd, n)


# ---------------------------------------------------------------------------------------------
# Worker -> trusted: plain data only


class _InWorker:
    """Something that lives in the student's worker: calling it or reading an attribute asks the worker."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self._channel.request({"op": "call", "target": self._target, "args": args, "kwargs": kwargs})

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._channel.request({"op": "getattr", "target": self._target, "name": name})


class Handle(_InWorker):
    """An object that lives in the student's worker: it can be called, passed back, its attributes read."""

    __slots__ = ("_channel", "_id", "_class_names", "_callable")

    def __init__(self, channel, hid, class_names, is_callable):
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_id", hid)
        object.__setattr__(self, "_class_names", tuple(class_names))
        object.__setattr__(self, "_callable", bool(is_callable))

    @property
    def _target(self):
        return ("h", self._id)

    def __setattr__(self, name, value):
        raise AttributeError("an object of the student's code cannot be changed from a test")

    def __repr__(self):
        return f"<student object of class {self._class_names[0] if self._class_names else '?'}>"


def encode(value, store):
    """(header, buffers) for ``value``; objects that are not plain data go to ``store`` (a dict) as handles."""
    buffers = []

    def array(arr, scalar=False):
        arr = np.ascontiguousarray(arr).reshape(np.shape(arr))  # ascontiguousarray makes 0-d arrays 1-d
        buffers.append(arr.tobytes())
        return {"nd": len(buffers) - 1, "dtype": arr.dtype.str, "shape": list(arr.shape), "scalar": scalar}

    def enc(v, depth):
        if depth > MAX_DEPTH:
            return handle(v)
        if v is None or isinstance(v, (bool, str)):
            return v if not isinstance(v, str) else {"s": v}
        if isinstance(v, int) and type(v) in (int, bool):
            return {"i": str(v)}
        if type(v) is float:
            return {"f": repr(v)}
        if isinstance(v, np.ndarray) and v.dtype.kind in _NUMERIC_KINDS and type(v) is np.ndarray:
            return array(v)
        if isinstance(v, np.generic) and np.asarray(v).dtype.kind in _NUMERIC_KINDS:
            return array(np.asarray(v), scalar=True)
        if type(v) in (bytes, bytearray):
            buffers.append(bytes(v))
            return {"b": len(buffers) - 1}
        if type(v) is tuple:
            return {"t": [enc(x, depth + 1) for x in v]}
        if type(v) is list:
            return {"l": [enc(x, depth + 1) for x in v]}
        if type(v) is dict:
            return {"d": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in v.items()]}
        if type(v) is complex:
            return array(np.asarray(v), scalar=True)
        module = type(v).__module__ or ""
        if module.startswith(("tensorflow", "keras", "jax")) and hasattr(v, "numpy"):
            try:
                arr = np.asarray(v.numpy())
                if arr.dtype.kind in _NUMERIC_KINDS:
                    return array(arr)
            except Exception:
                pass
        return handle(v)

    def handle(v):
        hid = len(store) + 1
        while hid in store:
            hid += 1
        store[hid] = v
        try:
            names = [c.__name__ for c in type(v).__mro__]
        except Exception:
            names = ["object"]
        return {"h": hid, "cls": [str(n) for n in names][:32], "callable": bool(callable(v))}

    return enc(value, 0), buffers


def pack(header, buffers):
    head = json.dumps(header, allow_nan=False).encode()
    parts = [struct.pack(">I", len(head)), head, struct.pack(">I", len(buffers))]
    for b in buffers:
        parts.append(struct.pack(">Q", len(b)))
        parts.append(b)
    return b"".join(parts)


def unpack(payload):
    try:
        (hlen,) = struct.unpack_from(">I", payload, 0)
        header = json.loads(payload[4 : 4 + hlen])
        pos = 4 + hlen
        (count,) = struct.unpack_from(">I", payload, pos)
        pos += 4
        buffers = []
        for _ in range(count):
            (blen,) = struct.unpack_from(">Q", payload, pos)
            pos += 8
            buffers.append(payload[pos : pos + blen])
            pos += blen
    except (struct.error, ValueError) as exc:
        raise ProtocolError(f"malformed message: {exc}") from None
    return header, buffers


def decode(tree, buffers, channel, depth=0):
    """Plain data from an ``encode``d tree; anything unexpected is a ``ProtocolError``."""
    if depth > MAX_DEPTH + 2:
        raise ProtocolError("nesting too deep")
    if tree is None or type(tree) is bool:
        return tree
    if type(tree) is not dict or len(tree) < 1:
        raise ProtocolError("unexpected value")
    if "s" in tree and type(tree["s"]) is str:
        return tree["s"]
    if "i" in tree and type(tree["i"]) is str and len(tree["i"]) < 5000:
        return int(tree["i"])
    if "f" in tree and type(tree["f"]) is str and len(tree["f"]) < 40:
        return float(tree["f"])
    if "nd" in tree:
        dtype = np.dtype(str(tree["dtype"]))
        if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject:
            raise ProtocolError(f"array of dtype {dtype} refused")
        shape = tuple(int(s) for s in tree["shape"])
        data = buffers[int(tree["nd"])]
        if len(data) != int(np.prod(shape, dtype=np.int64)) * dtype.itemsize:
            raise ProtocolError("array buffer of the wrong size")
        arr = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        return arr[()] if tree.get("scalar") else arr
    if "b" in tree:
        return bytes(buffers[int(tree["b"])])
    if "t" in tree:
        return tuple(decode(x, buffers, channel, depth + 1) for x in tree["t"])
    if "l" in tree:
        return [decode(x, buffers, channel, depth + 1) for x in tree["l"]]
    if "d" in tree:
        out = {}
        for k, v in tree["d"]:
            key = decode(k, buffers, channel, depth + 1)
            try:
                hash(key)
            except TypeError:
                raise ProtocolError("unhashable dict key") from None
            out[key] = decode(v, buffers, channel, depth + 1)
        return out
    if "h" in tree:
        return Handle(channel, int(tree["h"]), [str(c) for c in tree.get("cls", [])], tree.get("callable"))
    raise ProtocolError("unknown value tag")


# ---------------------------------------------------------------------------------------------
# Trusted -> worker: pickle, with callables sent as callback ids


_CALLBACK_TYPES = (types.FunctionType, types.MethodType, functools.partial)


def _importable(fn):
    """A module-level function of an installed module: pickle sends it by name (NumPy's own reducers are)."""
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", "<")
    return isinstance(fn, types.FunctionType) and module not in (None, "__main__") and "<" not in qualname


class _Pickler(pickle.Pickler):
    def __init__(self, file, channel):
        super().__init__(file, protocol=5)
        self.channel = channel

    def persistent_id(self, obj):
        if isinstance(obj, Handle):
            return ("h", obj._id)
        if isinstance(obj, StudentFunction):
            return ("fn", obj._name)
        if (isinstance(obj, _CALLBACK_TYPES) and not _importable(obj)) or (
            callable(obj) and not isinstance(obj, type) and type(obj).__module__ == "__main__"
        ):
            return ("cb", self.channel.register_callback(obj))  # the grader's functions run in the grader
        return None


def dumps_for_worker(obj, channel):
    buf = io.BytesIO()
    _Pickler(buf, channel).dump(obj)
    return buf.getvalue()


class StudentFunction(_InWorker):
    """A name the student's code defines, called in the worker: what a test cell sees instead of the function."""

    __slots__ = ("_channel", "_name", "__name__", "__qualname__")

    def __init__(self, channel, name):
        self._channel = channel
        self._name = name
        self.__name__ = name
        self.__qualname__ = name

    @property
    def _target(self):
        return ("fn", self._name)

    def __repr__(self):
        return f"<student function {self._name}>"


# ---------------------------------------------------------------------------------------------
# The trusted side of the channel


def process_tree_cpu_seconds(pid):
    """CPU seconds used by ``pid`` and its descendants (Linux /proc); None where unknown."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, IndexError, ValueError):
            if p == pid:
                return None
    return total / tick


class Channel:
    """The grader's end: sends requests to the worker and serves its callbacks while waiting.

    ``cpu_limit`` (CPU seconds of the worker's process tree per request) stops a stuck student
    call without penalising a slow machine; ``wall_limit`` (seconds) only catches code that sleeps.
    """

    def __init__(self, read_fd, write_fd, pid, *, cpu_limit=120.0, wall_limit=1200.0, on_lost=None):
        self.read_fd, self.write_fd, self.pid = read_fd, write_fd, pid
        self.cpu_limit, self.wall_limit = cpu_limit, wall_limit
        self.on_lost = on_lost
        self.callbacks = {}
        self.lost = None

    def register_callback(self, fn):
        cid = len(self.callbacks) + 1
        self.callbacks[cid] = fn
        return cid

    def _fail(self, why):
        self.lost = why
        if self.on_lost:
            self.on_lost(why)
        raise WorkerLost(why)

    def _receive(self):
        start, cpu0 = time.monotonic(), process_tree_cpu_seconds(self.pid)
        while True:
            ready, _, _ = select.select([self.read_fd], [], [], 0.5)
            if ready:
                try:
                    return unpack(read_frame(self.read_fd))
                except EOFError:
                    self._fail("the student's code ended its own process (a crash, os._exit or a kill)")
                except ProtocolError as exc:
                    self._fail(f"the student's process sent an invalid message ({exc})")
            cpu = process_tree_cpu_seconds(self.pid)
            if cpu is None:
                continue  # the pipe will report the end
            if cpu0 is not None and cpu - cpu0 > self.cpu_limit:
                self._fail(
                    f"the student's code was stopped after {self.cpu_limit:.0f} s of CPU time (an endless loop?)"
                )
            if time.monotonic() - start > self.wall_limit:
                self._fail(
                    f"the student's code was stopped after {self.wall_limit:.0f} s waiting (sleeping or stuck)"
                )

    def request(self, message):
        """Send ``message``; return the worker's decoded answer, or raise the student's exception."""
        if self.lost:
            raise WorkerLost(self.lost)
        try:
            write_frame(self.write_fd, b"R" + dumps_for_worker(message, self))
        except (BrokenPipeError, OSError):
            self._fail("the student's process is gone")
        while True:
            header, buffers = self._receive()
            kind = header.get("type") if type(header) is dict else None
            if kind == "callback":
                self._serve_callback(header, buffers)
                continue
            if kind == "result":
                value = decode(header["value"], buffers, self)
                self._copy_back(message, decode(header.get("mutated", {"l": []}), buffers, self))
                return value
            if kind == "error":
                raise remote_exception(str(header.get("name")), str(header.get("message"))[:2000])
            self._fail("the student's process sent an unexpected message")

    def _serve_callback(self, header, buffers):
        try:
            fn = self.callbacks[int(header["id"])]
            args = decode(header["args"], buffers, self)
            kwargs = decode(header["kwargs"], buffers, self)
            if type(args) is not tuple or type(kwargs) is not dict:
                raise ProtocolError("bad callback arguments")
            reply = ("ok", fn(*args, **{str(k): v for k, v in kwargs.items()}))
        except WorkerLost:
            raise
        except ProtocolError as exc:
            self._fail(f"the student's process sent an invalid callback ({exc})")
        except Exception as exc:  # the callback's own error goes back to the student's code
            reply = ("err", type(exc).__name__, str(exc))
        try:
            payload = dumps_for_worker(reply, self)
        except Exception as exc:
            payload = dumps_for_worker(("err", "TypeError", f"result cannot be sent: {exc}"), self)
        write_frame(self.write_fd, b"A" + payload)

    @staticmethod
    def _copy_back(message, mutated):
        if message.get("op") != "call" or type(mutated) is not list:
            return
        args, kwargs = message["args"], message["kwargs"]
        for item in mutated:
            try:
                key, new = item
                old = args[key] if isinstance(key, int) else kwargs[key]
                if isinstance(old, np.ndarray) and isinstance(new, np.ndarray) and old.shape == new.shape:
                    if old.flags.writeable:
                        np.copyto(old, new, casting="unsafe")
                elif isinstance(old, dict) and isinstance(new, dict):
                    old.clear()
                    old.update(new)
                elif isinstance(old, list) and isinstance(new, list):
                    old[:] = new
                elif isinstance(old, np.random.Generator) and isinstance(new, dict):
                    old.bit_generator.state = new
            except Exception:
                continue

    def close(self):
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass
