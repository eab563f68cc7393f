"""Runs in the grading kernel: calls the student's code for the trusted judge, on its inputs.

When grader.trusted.execution judges a test cell, the test's code runs on the trusted
side (grader.trusted.judge), and every use of a name the student's answers define
becomes a request to this kernel: ``serve(path)`` connects to the judge's socket and
answers requests until told to stop. A request names a *target* (a global of the
notebook, or a *handle*: an object this kernel returned before), an operation (call
it, get an attribute, add it to something, ...) and its arguments, in the wire format
of grader.in_kernel.wire. The reply is the result as plain data, or a handle when the
result is not data (a ``Value``, a layer's cache object, a bound method).

Arguments keep their identity and their changes: an array or dict the judge sends is
sent back after the call if the student's code changed it in place (``x[i] += h``
without restoring it), and a result that *is* an argument comes back as that
argument. A function the judge passes in (a loss, a counting wrapper) stays on the
trusted side: calling it here is a *callback* request to the judge, answered while
the call waits.

It shares a process with student code, which may replace any of it. That costs the
student nothing but their own grade: the judge trusts no reply beyond its type, and
decides every verdict itself.
"""

from __future__ import annotations

import builtins
import linecache
import operator
import os
import socket
import sysconfig
import traceback

import numpy as np

from grader.in_kernel.wire import ARRAY_DTYPES, WireError, pack_array, read_frame, unpack_array, write_frame

#: Operators a request may apply (the ``operator`` module's functions of these names).
OPERATORS = frozenset({"add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "neg", "pos", "abs"})
#: Bit generators a ``numpy.random.Generator`` may be rebuilt with.
BIT_GENERATORS = frozenset({"PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"})
PYTHON_TYPES = {"float": float, "int": int, "complex": complex, "bool": bool, "str": str}
MAX_MESSAGE_CHARS = 10_000
#: Where the frames of an error's traceback are not the student's: the grader and the libraries.
LIBRARY_FOLDERS = (os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   *{sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib")})

_handles: dict[int, object] = {}  # handle -> object, for the life of the kernel
_handle_of: dict[int, int] = {}   # id(object) -> its handle


class _JudgeStopped(BaseException):
    """The judge ended the session while the student's code waited for a callback."""


def serve(path: str, namespace: dict | None = None) -> None:
    """Connect to the judge at the Unix socket ``path`` and answer it until it says stop,
    with the notebook's globals (IPython's user namespace) or ``namespace``."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    try:
        _Server(connection, _notebook_namespace() if namespace is None else namespace).serve()
    finally:
        connection.close()


def _notebook_namespace() -> dict:
    """The namespace the notebook's cells run in."""
    try:
        from IPython import get_ipython

        return get_ipython().user_ns
    except (ImportError, AttributeError):
        import __main__

        return __main__.__dict__


class _Server:
    def __init__(self, connection: socket.socket, namespace: dict):
        self.connection = connection
        self.namespace = namespace
        self.next_request = 0

    def serve(self) -> None:
        """Answer requests until "stop" (or until the judge goes away)."""
        while True:
            try:
                header, buffers = read_frame(self.connection)
            except KeyboardInterrupt:  # an interrupt meant for a call that has just finished
                continue
            except WireError:
                return
            if header.get("op") == "stop":
                return
            try:
                self.answer(header, buffers)
            except _JudgeStopped:
                return

    def answer(self, header: dict, buffers: list[bytes]) -> None:
        """Perform one request and send its reply: the result, or the error it raised."""
        sent: dict[int, list] = {}  # ref -> [object as decoded, snapshot of an array]
        out: list[bytes] = []
        reply = {"reply": header.get("id")}
        try:
            result = self.perform(header, buffers, sent)
            memo = {id(entry[0]): ref for ref, entry in sent.items()}
            reply["value"] = encode(result, out, memo)
            reply["writeback"] = self.writeback(sent, out, memo)
        except _JudgeStopped:
            raise
        except BaseException as error:  # noqa: BLE001 - student code may raise anything, even SystemExit
            out = []
            reply = {"reply": header.get("id"), "error": describe(error)}
            try:
                memo = {id(entry[0]): ref for ref, entry in sent.items()}
                reply["writeback"] = self.writeback(sent, out, memo)
            except Exception:  # noqa: BLE001
                out = []
        write_frame(self.connection, reply, out)

    def perform(self, header: dict, buffers: list[bytes], sent: dict):
        op = header.get("op")

        def value(key):
            return self.decode(header.get(key), buffers, sent)

        if op == "call":
            return value("target")(*value("args"), **value("kwargs"))
        if op == "global":
            return self.global_value(header.get("name"))
        if op == "setglobal":
            self.namespace[str(header.get("name"))] = value("value")
            return None
        target = value("object")
        if op == "getattr":
            return getattr(target, str(header.get("name")))
        if op == "setattr":
            return setattr(target, str(header.get("name")), value("value"))
        if op == "getitem":
            return target[value("key")]
        if op == "setitem":
            target[value("key")] = value("value")
            return None
        if op == "operator" and header.get("name") in OPERATORS:
            return getattr(operator, header["name"])(target, *value("args"))
        if op == "len":
            return len(target)
        if op == "list":
            return list(target)
        if op == "array":
            return np.asarray(target)
        if op in ("float", "int", "complex", "index"):
            return {"float": float, "int": int, "complex": complex, "index": operator.index}[op](target)
        if op in ("repr", "str"):
            return repr(target) if op == "repr" else str(target)
        if op == "format":
            return format(target, str(header.get("spec")))
        raise ValueError(f"unknown request {op!r}")

    def global_value(self, name: str):
        """The object the notebook's global ``name`` is bound to now."""
        if name not in self.namespace:
            raise NameError(f"name {name!r} is not defined")
        return self.namespace[name]

    def decode(self, tree, buffers: list[bytes], sent: dict):
        """A value from the judge (see grader.in_kernel.wire)."""
        if tree is None or type(tree) in (bool, int, float, str):
            return tree
        tag, ref = tree["$"], tree.get("r")
        if tag == "ref":
            return sent[ref][0]
        if tag == "nd":
            snapshot = unpack_array(tree, buffers)
            value = snapshot.copy(order="K")  # the student's code gets an array that owns its data
        elif tag == "np":
            return unpack_array(tree, buffers)[()]
        elif tag == "complex":
            return complex(tree["re"], tree["im"])
        elif tag in ("tuple", "set", "frozenset"):
            items = [self.decode(item, buffers, sent) for item in tree["v"]]
            return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        elif tag == "list":
            value, snapshot = [], None
            if ref is not None:
                sent[ref] = [value, snapshot]
            value.extend(self.decode(item, buffers, sent) for item in tree["v"])
            return value
        elif tag == "dict":
            value, snapshot = {}, None
            if ref is not None:
                sent[ref] = [value, snapshot]
            for key, item in zip(tree["k"], tree["v"]):
                value[self.decode(key, buffers, sent)] = self.decode(item, buffers, sent)
            return value
        elif tag == "rng":
            if tree["bitgen"] not in BIT_GENERATORS:
                raise ValueError(f"unknown bit generator {tree['bitgen']!r}")
            bit_generator = getattr(np.random, tree["bitgen"])()
            bit_generator.state = tree["state"]
            value, snapshot = np.random.Generator(bit_generator), None
        elif tag == "handle":
            return _handles[tree["id"]]
        elif tag == "global":
            return self.global_value(tree["name"])
        elif tag == "callback":
            return self.callback(tree["id"], tree.get("name", "f"))
        elif tag == "ufunc" and isinstance(getattr(np, tree["name"], None), np.ufunc):
            return getattr(np, tree["name"])
        elif tag == "dtype" and tree["name"] in ARRAY_DTYPES:
            return np.dtype(tree["name"])
        elif tag == "nptype" and tree["name"] in ARRAY_DTYPES:
            return np.dtype(tree["name"]).type
        elif tag == "pytype":
            return PYTHON_TYPES[tree["name"]]
        else:
            raise ValueError(f"cannot decode {tag!r}")
        if ref is not None:
            sent[ref] = [value, snapshot]
        return value

    def writeback(self, sent: dict, out: list[bytes], memo: dict) -> list[dict]:
        """What the call changed of the judge's arguments: arrays changed in place, and every
        dict, list and random generator as it is now."""
        changes = []
        for ref, (value, snapshot) in sent.items():
            if isinstance(value, np.ndarray):
                if value.shape == snapshot.shape and np.array_equal(value, snapshot, equal_nan=True):
                    continue
                changes.append({"r": ref, "value": pack_array(value, out)})
            elif isinstance(value, (dict, list)):
                changes.append({"r": ref, "value": encode(value, out, memo, top_level_ref=False)})
            else:
                changes.append({"r": ref, "value": encode(value, out, {})})
        return changes

    def callback(self, callback_id: int, name: str):
        """A stand-in for a function that stays on the judge's side: calling it asks the judge."""

        def call_back(*args, **kwargs):
            self.next_request += 1
            request = f"k{self.next_request}"
            out: list[bytes] = []
            header = {"op": "callback", "id": request, "callback": callback_id,
                      "args": encode(args, out, {}), "kwargs": encode(kwargs, out, {})}
            write_frame(self.connection, header, out)
            while True:  # the judge may call us back while we wait for its answer
                reply, buffers = read_frame(self.connection)
                if reply.get("op") == "stop":
                    raise _JudgeStopped()
                if "op" in reply:
                    self.answer(reply, buffers)
                elif reply.get("reply") == request:
                    if "error" in reply:
                        raise _error_from(reply["error"])
                    return self.decode(reply.get("value"), buffers, {})

        call_back.__name__ = call_back.__qualname__ = str(name)
        return call_back


def encode(value, out: list[bytes], memo: dict, depth: int = 0, top_level_ref: bool = True):
    """``value`` as the judge may read it: data, a ``ref`` to an argument, or a handle."""
    if depth > 64:
        raise RecursionError("a value nested more than 64 levels deep")
    if top_level_ref and id(value) in memo:
        return {"$": "ref", "r": memo[id(value)]}
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is complex:
        return {"$": "complex", "re": value.real, "im": value.imag}
    if isinstance(value, np.ndarray) and value.dtype.name in ARRAY_DTYPES:
        return pack_array(np.asarray(value), out)
    if isinstance(value, np.generic) and value.dtype.name in ARRAY_DTYPES:
        return {**pack_array(np.asarray(value), out), "$": "np"}
    for plain in (float, int, str):  # a subclass (with its own __eq__, say) goes as the plain value
        if isinstance(value, plain):
            return plain.__new__(plain, value) if plain is not str else str.__str__(value)
    if kind in (tuple, list, set, frozenset):
        return {"$": kind.__name__, "v": [encode(item, out, memo, depth + 1) for item in value]}
    if kind is dict:
        return {"$": "dict", "k": [encode(key, out, memo, depth + 1) for key in value],
                "v": [encode(item, out, memo, depth + 1) for item in value.values()]}
    if kind is np.random.Generator:
        return {"$": "rng", "bitgen": type(value.bit_generator).__name__, "state": value.bit_generator.state}
    return _handle(value)


def _handle(value) -> dict:
    key = id(value)
    if key not in _handle_of:
        _handle_of[key] = len(_handles) + 1
        _handles[_handle_of[key]] = value
    return {"$": "handle", "id": _handle_of[key], "type": type(value).__name__}


def describe(error: BaseException) -> dict:
    """An exception as data: its type's name, its message and the student's frames."""
    try:
        message = str(error)
    except BaseException:  # noqa: BLE001 - a student's __str__ may raise
        message = "(an exception whose message could not be printed)"
    frames = [_frame_text(frame, line) for frame, line in traceback.walk_tb(error.__traceback__)
              if not frame.f_code.co_filename.startswith(LIBRARY_FOLDERS)]
    return {"type": type(error).__name__, "module": type(error).__module__, "message": message[:MAX_MESSAGE_CHARS],
            "frames": frames[-5:]}


def _frame_text(frame, line_number: int) -> str:
    """One frame as IPython shows it: ``Cell In[3], line 2, in square(x)`` and the line."""
    code = frame.f_code
    cells = getattr(getattr(_shell(), "compile", None), "_filename_map", {})
    where = (f"Cell In[{cells[code.co_filename]}]" if code.co_filename in cells
             else os.path.basename(code.co_filename))
    arguments = ", ".join(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    text = linecache.getline(code.co_filename, line_number).strip()
    return f"{where}, line {line_number}, in {code.co_name}({arguments})\n    {text}"[:300]


def _shell():
    try:
        from IPython import get_ipython

        return get_ipython()
    except ImportError:
        return None


def _error_from(description: dict) -> Exception:
    """The judge's error in a callback, raised here as the builtin exception it names."""
    kind = getattr(builtins, str(description.get("type")), None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = RuntimeError
    return kind(description.get("message", ""))
