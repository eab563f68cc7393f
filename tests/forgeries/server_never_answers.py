# Kind g: the kernel's end of the judge's connection replaced, once, by one that reads the
# first request and then never answers, swallowing every interrupt for up to 20 s. The judge
# must interrupt it, give up on that kernel (square_tests scores 0), start a new one and go on:
# cube is answered correctly and is judged in the new kernel as usual.
# A file in the working folder makes the hang happen only once (the new kernel runs this
# cell again). Answers: square wrong (x + x), cube right.
# Deserves square_tests 0, cube_tests 1 (at most).
# %% square
import os
import socket
import time

import grader.in_kernel.remote as _remote
from grader.in_kernel.wire import read_frame

print("ARMED @@NAME@@")
_ONCE = "forgery-hung-once"


def _silent_serve(path, namespace=None):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    read_frame(connection)
    until = time.monotonic() + 20
    while time.monotonic() < until:
        try:
            time.sleep(0.1)
        except BaseException:  # noqa: BLE001 - interrupts included
            pass
    connection.close()


if not os.path.exists(_ONCE):
    open(_ONCE, "w").close()
    _remote.serve = _silent_serve


def square(x):
    return x + x
# %% cube
def cube(x):
    return x ** 3
