# Kind g: the kernel's end of the judge's connection replaced, to answer the judge with made-up
# values. For the judge's first session (square_tests, its visible part)
# grader.in_kernel.remote.serve is replaced: every request, whatever it asks, is answered with
# the visible test's expected values [0, 1, 4], and a writeback sets the judge's own argument
# to them too. For every later session (square_tests' hidden part, cube_tests) the real serve
# runs, with _Server.perform patched to answer [0, 1, 8] to everything and describe() patched
# to turn every error into a success-looking one.
# The visible tests' expected values are public; the hidden ones are not, so fabricated
# answers must fail them.
# Answers: square and cube compute nothing. Deserves square_tests 0, cube_tests 0.
# %% square
import socket

import numpy as np

import grader.in_kernel.remote as _remote
from grader.in_kernel.wire import pack_array, read_frame, write_frame

print("ARMED @@NAME@@")
_sessions = [0]
_real_serve = _remote.serve


def _fabricating_serve(path, namespace=None):
    _sessions[0] += 1
    if _sessions[0] > 1:
        _remote._Server.perform = lambda self, header, buffers, sent: np.array([0.0, 1.0, 8.0])
        _remote.describe = lambda error: {"type": "str", "message": "passed", "frames": []}
        return _real_serve(path, namespace)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    try:
        while True:
            header, buffers = read_frame(connection)
            if header.get("op") == "stop":
                return
            out = []
            value = pack_array(np.array([0.0, 1.0, 4.0]), out)
            writeback = [{"r": 0, "value": pack_array(np.array([0.0, 1.0, 4.0]), out)}]
            write_frame(connection, {"reply": header.get("id"), "value": value, "writeback": writeback}, out)
    except Exception:  # noqa: BLE001 - the judge hung up
        return
    finally:
        connection.close()


_remote.serve = _fabricating_serve


def square(x):
    return x
# %% cube
def cube(x):
    return x
