# Kind g: the kernel's end of the judge's connection replaced by one that answers with a frame
# announcing one array buffer of 2**40 bytes (a terabyte), and then a header length of 2**62.
# The judge must refuse it before reading or allocating it, give up on this kernel, not crash.
# Answers: square wrong (x * 0), cube blank. Deserves square_tests 0, cube_tests 0.
# %% square
import json
import socket
import struct

import grader.in_kernel.remote as _remote
from grader.in_kernel.wire import read_frame

print("ARMED @@NAME@@")


def _oversized_serve(path, namespace=None):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    try:
        header, _ = read_frame(connection)
        text = json.dumps({"reply": header.get("id"),
                           "value": {"$": "nd", "b": 0, "dtype": "float64", "shape": [2 ** 37], "order": "C"}}).encode()
        connection.sendall(struct.pack(">QI", len(text), 1) + text + struct.pack(">Q", 2 ** 40) + b"\0" * 65536)
        connection.sendall(struct.pack(">QI", 2 ** 62, 0) + b"\0" * 65536)
        while True:
            read_frame(connection)
    except Exception:  # noqa: BLE001 - the judge hung up
        return
    finally:
        connection.close()


_remote.serve = _oversized_serve


def square(x):
    return x * 0
