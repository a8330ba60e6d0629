"""The boundary between the grader and the student's process: plain data crosses, code does not."""

import numpy as np
import pytest

from course_admin import remote, sandbox
from course_admin.executor import StudentProcess

STUDENT_CODE = """
import numpy as np

def double(x):
    return 2 * x, {"n": x.size}

def scalars():
    return np.float64(0.5), np.mean(np.ones(3)), np.array(2.0), np.int64(3), 1.5

def perturb_and_restore(f, x):
    old = x[0]
    x[0] = old + 1.0
    up = f(x)
    x[0] = old
    return up

def update_in_place(x, param):
    x += 1
    param["running"] = param.get("running", 0) + 1
    return None

class Scheduler:
    def __init__(self, lr):
        self.lr = lr
    def __call__(self, step):
        return self.lr / (1 + step)

def weird():
    class Sneaky(float):
        def __eq__(self, other):
            return True
    return Sneaky(1.0), object()

def fails():
    raise ValueError("alpha must be >= 0")

def spin():
    while True:
        pass

def die():
    import os
    os._exit(3)

def read(path):
    with open(path) as f:
        return f.read()

def connect():
    import socket
    socket.create_connection(("127.0.0.1", 9), timeout=2)
"""


@pytest.fixture(params=["plain", "sandboxed"])
def student(request, tmp_path):
    if request.param == "sandboxed" and not sandbox.available()[0]:
        pytest.skip(sandbox.available()[1])
    proc = StudentProcess(
        tmp_path, cpu_limit=3, wall_limit=60, memory_gb=4, use_sandbox=request.param == "sandboxed"
    )
    assert proc.request({"op": "exec", "source": STUDENT_CODE})["error"] is None
    yield proc
    proc.close()


def fn(proc, name):
    return remote.StudentFunction(proc.channel, name)


def test_results_come_back_as_plain_data(student):
    out, info = fn(student, "double")(np.arange(3.0))
    assert type(out) is np.ndarray and out.tolist() == [0.0, 2.0, 4.0] and info == {"n": 3}


def test_numpy_scalars_keep_their_shape(student):
    a, b, c, d, e = fn(student, "scalars")()
    assert np.shape(a) == np.shape(b) == np.shape(c) == np.shape(d) == () and e == 1.5
    assert float(a) == 0.5 and float(b) == 1.0 and float(c) == 2.0 and int(d) == 3


def test_objects_that_are_not_data_stay_in_the_worker(student):
    value, other = fn(student, "weird")()
    assert isinstance(value, remote.Handle) and isinstance(other, remote.Handle)
    assert value != 2.0  # a float subclass with a lying __eq__ never reaches the grader


def test_callbacks_nest_and_in_place_changes_are_copied_back(student):
    x = np.array([1.0, 2.0])
    up = fn(student, "perturb_and_restore")(lambda v: float(fn(student, "double")(v)[0].sum()), x)
    assert up == pytest.approx(8.0) and x.tolist() == [1.0, 2.0]
    param = {}
    fn(student, "update_in_place")(x, param)
    assert x.tolist() == [2.0, 3.0] and param == {"running": 1}


def test_instances_are_handles_that_can_be_called(student):
    schedule = fn(student, "Scheduler")(0.5)
    assert isinstance(schedule, remote.Handle) and "Scheduler" in schedule._class_names
    assert schedule(1) == pytest.approx(0.25) and schedule.lr == 0.5


def test_student_exceptions_keep_their_type_and_message(student):
    with pytest.raises(ValueError, match="alpha"):
        fn(student, "fails")()


def test_an_endless_loop_is_stopped_by_cpu_time_and_a_crash_is_reported(student):
    with pytest.raises(remote.WorkerLost, match="CPU time"):
        fn(student, "spin")()


def test_a_student_process_that_exits_is_reported(student):
    with pytest.raises(remote.WorkerLost, match="ended its own process"):
        fn(student, "die")()


def test_the_sandbox_hides_the_course_and_the_network(tmp_path):
    if not sandbox.available()[0]:
        pytest.skip(sandbox.available()[1])
    secret = sandbox.PACKAGE_DIRS[0].parent / "solutions"
    proc = StudentProcess(tmp_path, cpu_limit=30, wall_limit=60, memory_gb=4, use_sandbox=True)
    try:
        proc.request({"op": "exec", "source": STUDENT_CODE})
        with pytest.raises(FileNotFoundError):
            fn(proc, "read")(str(next(secret.glob("*/*.ipynb"))))
        with pytest.raises(OSError):
            fn(proc, "connect")()
    finally:
        proc.close()


def test_malformed_messages_are_refused():
    header, buffers = remote.unpack(
        remote.pack({"value": {"nd": 0, "dtype": "|O", "shape": [1]}}, [b"x" * 8])
    )
    with pytest.raises(remote.ProtocolError):
        remote.decode(header["value"], buffers, None)
    with pytest.raises(remote.ProtocolError):
        remote.decode({"nd": 0, "dtype": "<f8", "shape": [3]}, [b"x" * 8], None)


def test_setup_cells_import_tensorflow_only_when_student_code_uses_it(tmp_path):
    proc = StudentProcess(tmp_path, cpu_limit=60, wall_limit=120, memory_gb=4, use_sandbox=False)
    try:
        setup = "import keras\nimport numpy as np\nimport tensorflow as tf"
        assert proc.request({"op": "exec", "source": setup, "setup": True})["error"] is None
        probe = "import sys\nloaded = 'tensorflow' in sys.modules"
        proc.request({"op": "exec", "source": probe})
        assert proc.request({"op": "get", "name": "loaded"}) is False
        proc.request({"op": "exec", "source": "value = float(tf.constant(2.0))\n" + probe})
        assert proc.request({"op": "get", "name": "value"}) == 2.0
        assert proc.request({"op": "get", "name": "loaded"}) is True
    finally:
        proc.close()


def test_a_callable_object_of_the_grader_is_called_back(student):
    namespace = {"__name__": "__main__"}  # what a test cell defines lives in the grader's __main__
    exec("class Bowl:\n    def __call__(self, v):\n        return float(v.sum())", namespace)
    assert fn(student, "perturb_and_restore")(namespace["Bowl"](), np.array([1.0, 2.0])) == 4.0
