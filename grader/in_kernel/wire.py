"""The judge's wire format: plain data between the trusted judge and the grading kernel.

Both ends of grader.trusted.judge_link (the trusted side) and grader.in_kernel.remote
(the kernel side) speak it over one Unix stream socket. A *frame* is a JSON header
and the raw bytes of the numpy arrays it mentions:

    8 bytes   header length H (big-endian)
    4 bytes   number of buffers B
    H bytes   the header: UTF-8 JSON
    B times:  8 bytes length L, then L bytes of one array's data

Values inside a header are JSON trees in which every dict is *tagged* by its ``"$"``
key (``{"$": "tuple", "v": [...]}``, ``{"$": "nd", "b": 0, "dtype": "float64", ...}``),
so that no value can pose as another. There is no pickle anywhere: a frame can only
ever decode to numbers, strings, numeric arrays and containers of them (and, on the
trusted side, to proxies of objects that stay in the kernel).

``read_frame`` refuses a frame over ``MAX_JUDGE_MESSAGE_MB`` (grader.limits) before
reading its body, so a kernel cannot make the judge allocate without bound.
"""

from __future__ import annotations

import json
import socket
import struct
import time
import weakref

import numpy as np

from grader.limits import MAX_JUDGE_HEADER_MB, MAX_JUDGE_MESSAGE_MB, MIB

#: dtypes an array may have on the wire: numbers and booleans, native byte order.
ARRAY_DTYPES = frozenset({"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                          "float16", "float32", "float64", "longdouble", "complex64", "complex128", "clongdouble"})
_DTYPE_NAMES = {np.dtype(name): name for name in ARRAY_DTYPES}
_PREFIX = struct.Struct(">QI")
_CHUNK = 1 << 16
#: Bytes received on a connection beyond the frame being read (the start of the next one).
_received: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LENGTH = struct.Struct(">Q")


class WireError(Exception):
    """The other end sent something that is not a frame of this format, or went away."""


def pack_array(array: np.ndarray, buffers: list[bytes]) -> dict:
    """The tag of ``array`` (numeric dtype), its bytes appended to ``buffers``.

    A Fortran-ordered array (a transposed matrix, say) stays Fortran-ordered: whether
    ``x.reshape(-1)`` is a view depends on it, and tests check that."""
    dtype = array.dtype.newbyteorder("=") if array.dtype.byteorder not in "=|" else array.dtype
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        raise TypeError(f"an array of dtype {array.dtype} cannot be sent")
    order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
    buffers.append(_bytes_view(np.require(np.asarray(array), dtype, order)))
    return {"$": "nd", "b": len(buffers) - 1, "dtype": name, "shape": list(array.shape), "order": order}


def _bytes_view(array: np.ndarray) -> memoryview:
    """The bytes of a C- or Fortran-contiguous ``array`` in memory order, without copying them
    (the frame is sent before anything can change them)."""
    in_memory_order = array.T if not array.flags.c_contiguous else array
    return memoryview(in_memory_order.reshape(-1).view(np.uint8))


def unpack_array(tag: dict, buffers: list[bytearray | None]) -> np.ndarray:
    """A writable array from its tag, over its buffer (a ``bytearray`` of its own, as
    ``read_frame`` returns it), which is taken out of ``buffers``: two arrays of one frame never
    share memory. ``WireError`` if the tag does not describe one."""
    try:
        dtype, shape, order, data = tag["dtype"], tag["shape"], tag["order"], buffers[tag["b"]]
        if data is None:
            raise WireError("two arrays in one buffer")
        buffers[tag["b"]] = None
        if dtype not in ARRAY_DTYPES or order not in ("C", "F") or not isinstance(shape, list):
            raise WireError(f"not an array: dtype {dtype!r}, order {order!r}")
        if not all(type(n) is int and n >= 0 for n in shape) or len(shape) > 32:
            raise WireError(f"not an array shape: {shape!r}")
        return np.frombuffer(data, dtype=np.dtype(dtype)).reshape(shape, order=order)
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise WireError(f"a malformed array: {error}") from None


def write_frame(connection: socket.socket, header: dict, buffers: list[bytes] = (),
                deadline: float | None = None) -> None:
    """Send one frame (see the module docstring). ``TimeoutError`` once ``deadline``
    (``time.monotonic()``) passes before it is all sent (the other end does not read it);
    ``WireError`` if the connection breaks."""
    text = json.dumps(header, separators=(",", ":")).encode()
    parts = [_PREFIX.pack(len(text), len(buffers)), text]
    for buffer in buffers:
        parts += [_LENGTH.pack(len(buffer)), buffer]
    try:
        if sum(len(part) for part in parts) <= _CHUNK:  # one system call for a small frame
            parts = [b"".join(parts)]
        for part in parts:  # a large array is sent from where it is, not copied into the frame first
            _set_timeout(connection, deadline)
            connection.sendall(part)
    except socket.timeout:
        raise TimeoutError() from None
    except OSError as error:
        raise WireError(f"the connection broke while sending: {error}") from None


def read_frame(connection: socket.socket, deadline: float | None = None) -> tuple[dict, list[bytes]]:
    """Receive one frame: (header, buffers). ``TimeoutError`` once ``deadline``
    (``time.monotonic()``) passes; ``WireError`` for anything malformed or too large."""
    budget = [MAX_JUDGE_MESSAGE_MB * MIB]
    header_length, count = _PREFIX.unpack(_read_exactly(connection, _PREFIX.size, deadline, budget))
    if header_length > MAX_JUDGE_HEADER_MB * MIB:
        raise WireError(f"a header over the limit of {MAX_JUDGE_HEADER_MB} MiB")
    text = _read_exactly(connection, header_length, deadline, budget)
    if count > 100_000:
        raise WireError(f"a frame of {count} buffers")
    buffers = [_read_exactly(connection, _LENGTH.unpack(_read_exactly(connection, _LENGTH.size, deadline, budget))[0],
                             deadline, budget) for _ in range(count)]
    try:
        header = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise WireError(f"a header that is not JSON: {error}") from None
    if not isinstance(header, dict):
        raise WireError("a header that is not a JSON object")
    return header, buffers


def _read_exactly(connection: socket.socket, size: int, deadline: float | None, budget: list[int]) -> bytearray:
    """``size`` bytes, counted against ``budget[0]`` (bytes this frame may still use). Small reads
    take large chunks (one system call for a small frame), keeping what follows for the next
    read; a large one is received straight into the bytearray returned."""
    if size > budget[0]:
        raise WireError(f"a frame over the limit of {MAX_JUDGE_MESSAGE_MB} MiB")
    budget[0] -= size
    received = _received.setdefault(connection, bytearray())
    if size > max(_CHUNK, len(received)):
        data = bytearray(size)
        filled = len(received)
        data[:filled] = received
        received.clear()
        view = memoryview(data)
        while filled < size:
            filled += _receive(connection, deadline, lambda: connection.recv_into(view[filled:]))
        return data
    while len(received) < size:
        received += _receive(connection, deadline, lambda: connection.recv(_CHUNK))
    data = received[:size]
    del received[:size]
    return data


def _receive(connection: socket.socket, deadline: float | None, receive):
    """What ``receive()`` (one ``recv`` or ``recv_into`` of ``connection``) returns by ``deadline``:
    ``TimeoutError`` after it, ``WireError`` if the connection breaks or is closed."""
    _set_timeout(connection, deadline)
    try:
        received = receive()
    except socket.timeout:
        raise TimeoutError() from None
    except OSError as error:
        raise WireError(f"the connection broke: {error}") from None
    if not received:
        raise WireError("the other end closed the connection")
    return received


def _set_timeout(connection: socket.socket, deadline: float | None) -> None:
    """Make ``connection``'s next operation end by ``deadline`` (None: wait without end);
    ``TimeoutError`` if it has passed."""
    if deadline is None or deadline == float("inf"):
        connection.settimeout(None)
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError()
    connection.settimeout(remaining)
