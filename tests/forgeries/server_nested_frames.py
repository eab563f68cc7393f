# Kind g: the kernel's end of the judge's connection replaced by one that answers the first
# request with a JSON header nested 1,500,000 levels deep (3 MB, under the header limit: a
# RecursionError in any recursive JSON parser). Were that accepted, the next answer would be a
# well-formed header whose value is nested 450 levels deep in tagged tuples (fine for
# json.loads, far past what the judge decodes, MAX_JUDGE_DEPTH).
# Answers: square wrong (x ** 0.5), cube wrong (x + 3). Deserves square_tests 0, cube_tests 0.
# %% square
import json
import socket
import struct

import grader.in_kernel.remote as _remote
from grader.in_kernel.wire import read_frame

print("ARMED @@NAME@@")
_answered = [0]


def _nested_serve(path, namespace=None):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    try:
        while True:
            header, _ = read_frame(connection)
            if header.get("op") == "stop":
                return
            _answered[0] += 1
            if _answered[0] == 1:
                text = b"[" * 1_500_000 + b"]" * 1_500_000
            else:
                value = 1.0
                for _ in range(450):
                    value = {"$": "tuple", "v": [value]}
                text = json.dumps({"reply": header.get("id"), "value": value}).encode()
            connection.sendall(struct.pack(">QI", len(text), 0) + text)
    except Exception:  # noqa: BLE001 - the judge hung up
        return
    finally:
        connection.close()


_remote.serve = _nested_serve


def square(x):
    return x ** 0.5
# %% cube
def cube(x):
    return x + 3
