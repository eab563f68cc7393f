# Kind g: the kernel's end of the judge's connection replaced by one that answers the first
# request with a frame that is not one: a correct length prefix, then bytes that are not
# JSON, then more garbage. The judge must give up on this kernel (its tests score 0), not crash.
# Answers: square wrong (x + x), cube wrong (x). Deserves square_tests 0, cube_tests 0.
# %% square
import socket
import struct

import grader.in_kernel.remote as _remote
from grader.in_kernel.wire import read_frame

print("ARMED @@NAME@@")


def _garbage_serve(path, namespace=None):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    try:
        read_frame(connection)
        junk = b"{'this is': not JSON ]]]" + bytes(range(256))
        connection.sendall(struct.pack(">QI", len(junk), 0) + junk + b"\xff" * 4096)
        while True:
            read_frame(connection)
    except Exception:  # noqa: BLE001 - the judge hung up
        return
    finally:
        connection.close()


_remote.serve = _garbage_serve


def square(x):
    return x + x
# %% cube
def cube(x):
    return x
