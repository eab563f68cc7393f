"""The trusted judge's parts, without Jupyter: the wire format, the proxies, the plan.

The kernel side (grader.in_kernel.remote) runs in a thread here, or, where a test needs
to interrupt or break it, in a child process; the end-to-end behaviour (real kernels,
real submissions) is in tests/test_forged_grades.py and the autograde suites.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import struct
import threading
import time

import nbformat
import numpy as np
import pytest

from grader.in_kernel import remote
from grader.in_kernel.wire import WireError, pack_array, read_frame, unpack_array, write_frame
from grader.limits import MAX_JUDGE_HEADER_MB, MIB
from grader.trusted.judge import plan, segments_of_test_cell
from grader.trusted.judge_link import JudgeTimeout, KernelGone, KernelLink, RemoteName, StudentError

STUDENT_CODE = '''
import numpy as np

def central_difference_gradient(f, x, h=1e-5):
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        plus = f(x)
        x[index] = old - h
        minus = f(x)
        x[index] = old
        gradient[index] = (plus - minus) / (2 * h)
    return gradient

def forgets_to_restore(x):
    x[0] += 1.0
    return float(x.sum())

def same_array(x):
    return x

def fails(x):
    x[0] = 42.0
    raise ValueError("x is wrong")

def raises_custom():
    class GradientProblem(Exception):
        pass
    raise GradientProblem("custom")

def draws(rng):
    return rng.normal(size=3)

class Value:
    def __init__(self, data):
        self.data, self.grad = data, 0.0
    def __mul__(self, other):
        return Value(self.data * (other.data if isinstance(other, Value) else other))
    __rmul__ = __mul__
    def __eq__(self, other):   # a forger's equality: always True
        return True
    def __bool__(self):
        return True

class AlwaysEqual(float):
    def __eq__(self, other):
        return True

def forged_float():
    return AlwaysEqual(0.5)

def prints(x):
    print("printed by the student")
    return x

def uses_layer(x):
    return layer(x) + 1.0

def layer(x):
    return 2.0 * x
'''


@pytest.fixture()
def kernel(tmp_path):
    """A KernelLink to a server thread running STUDENT_CODE's namespace."""
    namespace: dict = {}
    exec(STUDENT_CODE, namespace)  # noqa: S102 - the test's own stand-in for a student's notebook
    threads = []

    def start(path):
        thread = threading.Thread(target=remote.serve, args=(path, namespace), daemon=True)
        thread.start()
        threads.append(thread)
        return thread

    link = KernelLink(start, lambda thread: thread.join(5), lambda: None, lambda: str(tmp_path))
    link.begin(10)
    yield link, namespace
    link.end()
    assert not any(thread.is_alive() for thread in threads), "the server did not stop when told"


def test_a_student_function_runs_on_the_judges_inputs_with_callbacks(kernel):
    link, _ = kernel
    calls = []

    def cube_sum(x):
        calls.append(x.copy())
        return float(np.sum(x ** 3))

    x = np.array([[1.0, 2.0], [3.0, 4.0]]).T       # Fortran-ordered, as a transposed matrix is
    gradient = RemoteName(link, "central_difference_gradient")(cube_sum, x)
    assert isinstance(gradient, np.ndarray) and np.allclose(gradient, 3 * x ** 2)
    assert len(calls) == 2 * x.size                 # every evaluation came back to the judge's function
    assert np.array_equal(x, np.array([[1.0, 2.0], [3.0, 4.0]]).T)


def test_changes_to_an_argument_come_back_and_a_returned_argument_is_itself(kernel):
    link, _ = kernel
    x = np.zeros(3)
    RemoteName(link, "forgets_to_restore")(x)
    assert x.tolist() == [1.0, 0.0, 0.0]
    assert RemoteName(link, "same_array")(x) is x


def test_an_error_in_student_code_is_raised_here_with_its_changes(kernel):
    link, _ = kernel
    x = np.zeros(2)
    with pytest.raises(ValueError, match="x is wrong") as raised:
        RemoteName(link, "fails")(x)
    assert x[0] == 42.0
    assert any("fails" in frame for frame in raised.value.student_frames)
    with pytest.raises(StudentError, match="custom") as custom:
        RemoteName(link, "raises_custom")()
    assert type(custom.value).__name__ == "GradientProblem"
    with pytest.raises(NameError, match="not_defined"):
        RemoteName(link, "not_defined")()


def test_a_random_generator_is_sent_with_its_state_and_advanced(kernel):
    link, _ = kernel
    rng = np.random.default_rng(5)
    drawn = RemoteName(link, "draws")(rng)
    assert np.array_equal(drawn, np.random.default_rng(5).normal(size=3))
    assert np.array_equal(rng.normal(size=2), np.random.default_rng(5).normal(size=5)[3:])


def test_a_students_object_stays_in_the_kernel_and_never_decides_a_comparison(kernel):
    link, _ = kernel
    a = RemoteName(link, "Value")(3.0)
    product = 2 * a * a
    assert type(a).__name__ == "Value"
    assert product.data == 18.0
    assert not (a == product) and (a == a)          # identity, not the forger's __eq__
    assert isinstance(RemoteName(link, "forged_float")(), float)
    assert RemoteName(link, "forged_float")() != 1.0  # a float subclass arrives as a plain float


def test_a_test_can_swap_a_layer_in_the_kernels_globals(kernel):
    from grader.trusted.judge_link import NotebookNamespace

    link, _ = kernel
    names = NotebookNamespace({}, {"layer", "uses_layer"}, link)
    original = names["layer"]
    names["layer"] = lambda x: 10.0 * x            # the judge's function, called back from the kernel
    assert RemoteName(link, "uses_layer")(1.0) == 11.0
    names["layer"] = original
    assert RemoteName(link, "uses_layer")(1.0) == 3.0


# --- what a hostile kernel can send -------------------------------------------------------------


def _hostile_server(path: str, frame: bytes) -> None:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    read_frame(connection)
    connection.sendall(frame)
    time.sleep(3)


def _frame(header: dict, *buffers: bytes) -> bytes:
    text = json.dumps(header).encode()
    return struct.pack(">QI", len(text), len(buffers)) + text + b"".join(
        struct.pack(">Q", len(buffer)) + buffer for buffer in buffers)


_ONE_FLOAT = {"$": "nd", "b": 0, "dtype": "float64", "shape": [1], "order": "C"}


@pytest.mark.parametrize("frame", [
    struct.pack(">QI", (MAX_JUDGE_HEADER_MB + 1) * MIB, 0),                       # a huge header
    struct.pack(">QI", 2, 0) + b"[]",                                             # not an object
    _frame({"reply": "j1", "value": {"$": "ref", "r": 7}}),                       # a reference to nothing
    _frame({"reply": "j1", "value": {"$": "nd", "b": 0, "dtype": "object", "shape": [1], "order": "C"}}),
    _frame({"reply": "j1", "value": {"$": "pickle", "v": "gASV"}}),                # an unknown tag
    _frame({"reply": "j1", "value": json.loads("[" * 50 + "]" * 50)}),            # an untagged list
    _frame({"reply": "j1", "value": {"$": "set", "v": [{"$": "list", "v": []}]}}),  # an unhashable set item
    _frame({"reply": "j1", "value": {"$": "tuple", "v": [_ONE_FLOAT, _ONE_FLOAT]}}, bytes(8)),  # one buffer, 2 arrays
    _frame({"reply": "j2", "value": 1}),                                          # an answer to another question
    _frame({"op": "callback", "id": "k1", "callback": 12345, "args": {"$": "tuple", "v": []},
            "kwargs": {"$": "dict", "k": [], "v": []}}),                          # a callback it was never given
], ids=["huge", "not-an-object", "dangling-ref", "object-array", "unknown-tag", "untagged", "unhashable",
        "shared-buffer", "wrong-id", "unknown-callback"])
def test_a_malformed_answer_breaks_the_link_and_nothing_else(tmp_path, frame):
    process = []

    def start(path):
        child = multiprocessing.get_context("fork").Process(target=_hostile_server, args=(path, frame))
        child.start()
        process.append(child)
        return child

    link = KernelLink(start, lambda child: None, lambda: None, lambda: str(tmp_path))
    link.begin(5)
    try:
        with pytest.raises(KernelGone):
            RemoteName(link, "anything")(1)
        assert link.broken
        with pytest.raises(KernelGone):  # later requests fail at once
            RemoteName(link, "anything")(2)
    finally:
        link.end()
        process[0].kill()


def _deaf_server(path: str) -> None:
    """Connects, then reads nothing."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    time.sleep(30)


def test_a_kernel_that_stops_reading_cannot_hold_the_judge_past_its_deadline(tmp_path):
    children = []

    def start(path):
        child = multiprocessing.get_context("fork").Process(target=_deaf_server, args=(path,))
        child.start()
        children.append(child)
        return child

    link = KernelLink(start, lambda child: None, lambda: None, lambda: str(tmp_path))
    link.begin(2)
    started = time.monotonic()
    try:
        with pytest.raises(KernelGone):  # 8 MB: more than the socket holds unread
            RemoteName(link, "anything")(np.zeros(1_000_000))
        assert link.stuck and time.monotonic() - started < 10
    finally:
        link.end()
        children[0].kill()


def _slow_server(path: str, namespace_code: str) -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # pytest-xdist's workers ignore SIGINT
    namespace: dict = {}
    exec(namespace_code, namespace)  # noqa: S102
    remote.serve(path, namespace)


@pytest.mark.parametrize("code, stuck", [
    ("import time\ndef ready():\n    return True\ndef slow():\n    time.sleep(60)", False),
    ("import time\ndef ready():\n    return True\ndef slow():\n    while True:\n        try:\n"
     "            time.sleep(60)\n        except KeyboardInterrupt:\n            pass", True),
], ids=["interrupted", "swallows-the-interrupt"])
def test_a_call_past_its_deadline_is_interrupted_or_marks_the_kernel_stuck(tmp_path, monkeypatch, code, stuck):
    import grader.trusted.judge_link as judge_link

    monkeypatch.setattr(judge_link, "INTERRUPT_GRACE_SECONDS", 1)
    children = []

    def start(path):
        child = multiprocessing.get_context("fork").Process(target=_slow_server, args=(path, code))
        child.start()
        children.append(child)
        return child

    link = KernelLink(start, lambda child: None, lambda: os.kill(children[0].pid, signal.SIGINT),
                      lambda: str(tmp_path))
    link.begin(30)
    try:
        assert RemoteName(link, "ready")() is True  # serving: the interrupt cannot arrive before the call
        link.begin(1)
        with pytest.raises(KernelGone if stuck else JudgeTimeout):
            RemoteName(link, "slow")()
        assert link.stuck is stuck
    finally:
        link.end()
        children[0].kill()


def test_arrays_of_numbers_only_travel_each_in_a_buffer_of_its_own():
    buffers: list = []
    with pytest.raises(TypeError):
        pack_array(np.array([object()]), buffers)
    transposed = np.arange(6.0).reshape(2, 3).T
    tag = pack_array(transposed, buffers)
    received = [bytearray(buffer) for buffer in buffers]  # as read_frame gives them
    array = unpack_array(tag, received)
    assert tag["order"] == "F" and array.flags.f_contiguous and array.flags.writeable
    assert np.array_equal(array, transposed)
    with pytest.raises(WireError):  # its buffer is taken: a second array cannot share it
        unpack_array(tag, received)
    with pytest.raises(WireError):
        unpack_array({**tag, "shape": [7, 7]}, [bytearray(buffer) for buffer in buffers])


def test_frames_round_trip_small_and_large_and_a_closed_connection_is_a_wire_error():
    left, right = socket.socketpair()
    large = np.random.default_rng(0).standard_normal((300, 200))  # 480 kB: sent and received in place
    buffers: list = []
    tag = pack_array(large, buffers)
    write_frame(left, {"op": "x", "n": 1.5}, [b"abc"])
    sender = threading.Thread(target=write_frame, args=(left, {"op": "y", "a": tag}, buffers))
    sender.start()  # the socket's buffer is smaller than the frame: it is read while it is sent
    assert read_frame(right, time.monotonic() + 5) == ({"op": "x", "n": 1.5}, [b"abc"])
    header, received = read_frame(right, time.monotonic() + 5)
    sender.join()
    assert np.array_equal(unpack_array(header["a"], received), large)
    left.close()
    with pytest.raises(WireError):
        read_frame(right, time.monotonic() + 5)


# --- the plan: what the judge rebuilds of the instructor's notebook -----------------------------


def _notebook(*cells):
    made = []
    for kind, source in cells:
        marks = {"schema_version": 3, "grade_id": f"cell{len(made)}", "locked": kind != "answer",
                 "solution": kind == "answer", "grade": kind == "test"}
        if kind == "test":
            marks["points"] = 1
        made.append(nbformat.v4.new_code_cell(source, metadata={"nbgrader": marks} if kind != "plain" else {}))
    return nbformat.v4.new_notebook(cells=made)


def test_only_what_the_tests_use_is_rebuilt():
    units = plan(_notebook(
        ("plain", "import numpy as np\nimport matplotlib.pyplot as plt"),
        ("plain", "data = np.arange(3)\nunused = np.ones(9)\nplt.plot(data)\nresults = []\nresults.append(4)"),
        ("answer", "def square(x):\n    return x * x"),
        ("plain", "table = {d: square(d) for d in data}\nprint(table)"),
        ("test", "assert square(data).tolist() == [0, 1, 4]\nassert results == [4]"),
    ))
    needed = {statement.code.co_filename + ":" + ",".join(sorted(statement.defines))
              for unit in units for statement in unit.statements if statement.needed}
    assert needed == {"<cell 0>:np", "<cell 1>:data", "<cell 1>:results"}
    assert units[2].kind == "answer" and units[2].names == {"square"}


def test_a_test_cell_runs_in_segments_with_its_hidden_tests_apart():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nassert a == 2, 'hidden'\n### END HIDDEN TESTS\nprint('after')\n"
    segments = segments_of_test_cell(source, "<t>")
    assert [hidden for _, hidden in segments] == [False, True, False]
    namespace: dict = {}
    exec(segments[0][0], namespace)  # noqa: S102
    with pytest.raises(AssertionError) as raised:
        exec(segments[1][0], namespace)  # noqa: S102
    assert raised.traceback[-1].lineno + 1 == 3      # the cell's own line numbers
    indented = "for i in range(2):\n    ### BEGIN HIDDEN TESTS\n    assert i < 5\n    ### END HIDDEN TESTS\n"
    assert [hidden for _, hidden in segments_of_test_cell(indented, "<t>")] == [True]
