"""The judge's end of its connection to a grading kernel, and the proxies that use it.

The judge (grader.trusted.judge) runs test code on the trusted side. A name that the
student's answers define is a ``RemoteObject`` there: calling it, reading its
attributes or doing arithmetic with it is a request to the kernel
(grader.in_kernel.remote), carried by a ``KernelLink`` as plain data
(grader.in_kernel.wire). What comes back is decoded strictly (``decode``): numbers,
strings, numeric arrays and containers of them, or another ``RemoteObject`` for
what is not data.

What a kernel can and cannot do to the trusted side:

- it answers with data, never code: no pickle, dtypes from a fixed list, sizes,
  nesting and string lengths capped (grader.limits);
- a ``RemoteObject`` never lets the kernel decide a comparison or a truth value:
  ``==``, ``<``, ``bool()``, ``hash()`` work on the proxy itself (identity, always
  true), never on the student's object. ``float()``, ``len()``, ``np.asarray()`` fetch
  data, and the test compares that data itself. So an object whose ``__eq__`` always
  says True earns nothing;
- it can call back only the functions the judge passed to it, during the judged cell;
- a request that runs past the deadline is interrupted (``JudgeTimeout``); a kernel
  that does not stop, dies or breaks the protocol makes every later request fail
  (``KernelGone``), which fails only that student's tests.
"""

from __future__ import annotations

import builtins
import keyword
import os
import secrets
import socket
import time
from collections.abc import Callable, MutableMapping

import numpy as np

from grader.in_kernel.remote import BIT_GENERATORS, OPERATORS, PYTHON_TYPES
from grader.in_kernel.wire import ARRAY_DTYPES, WireError, pack_array, read_frame, unpack_array, write_frame
from grader.limits import INTERRUPT_GRACE_SECONDS, MAX_JUDGE_DEPTH, MAX_JUDGE_STRING_CHARS

ACCEPT_SECONDS = 10  # for a kernel to connect once asked to serve (it may be busy importing)


class KernelGone(Exception):
    """The kernel died, stopped answering, or broke the protocol: nothing more can be asked of it."""


class JudgeTimeout(Exception):
    """A call into the student's code ran past the judged cell's time limit and was interrupted."""


class StudentError(Exception):
    """Base of the exceptions raised by the student's code in the kernel, when not a builtin one."""

    student_frames: tuple[str, ...] = ()


class KernelLink:
    """Requests to one grading kernel, each judged cell in a *session* of its own.

    ``start_serving(path)`` asks the kernel to run ``grader.in_kernel.remote.serve(path)``
    and returns what ``finish_serving`` needs to wait for that execution to end;
    ``interrupt()`` interrupts the kernel; ``socket_folder()`` is a folder that both this
    process and the (sandboxed) kernel can reach.
    """

    def __init__(self, start_serving: Callable[[str], object], finish_serving: Callable[[object], None],
                 interrupt: Callable[[], None], socket_folder: Callable[[], str]):
        self._start_serving, self._finish_serving = start_serving, finish_serving
        self._interrupt, self._socket_folder = interrupt, socket_folder
        self._connection: socket.socket | None = None
        self._serving = None
        self._callbacks: dict[int, Callable] = {}
        self._proxies: dict[int, RemoteObject] = {}
        self._next_request = 0
        self.deadline = float("inf")
        self.hidden = False  # whether the session's calls come from hidden tests
        self.broken: str | None = None  # why the kernel can no longer be asked anything
        self.stuck = False  # it ignored an interrupt: it must be replaced

    # --- sessions ---------------------------------------------------------------------------
    def begin(self, seconds: float, hidden: bool = False) -> None:
        """Start a judged cell (or its ``hidden`` tests): its requests must all be answered
        within ``seconds``."""
        self.deadline = time.monotonic() + seconds
        self.hidden = hidden

    def end(self) -> None:
        """End the judged cell: the kernel stops serving and goes back to running cells."""
        self._callbacks.clear()
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        try:
            write_frame(connection, {"op": "stop"}, deadline=time.monotonic() + INTERRUPT_GRACE_SECONDS)
        except (WireError, TimeoutError):
            pass
        connection.close()
        if not self.broken:
            self._finish_serving(self._serving)

    def replace_kernel(self) -> None:
        """The kernel was replaced by a new one: its objects are gone, it can be asked again."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._proxies.clear()
        self.broken, self.stuck = None, False

    def _connect(self) -> socket.socket:
        if self.broken:
            raise KernelGone(self.broken)
        if self._connection is not None:
            return self._connection
        path = os.path.join(self._socket_folder(), f"judge-{secrets.token_hex(4)}.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            # the kernel runs as another user in the sandbox: the socket is made connectable
            # by all as it is created (a chmod after it would follow a link the kernel put there)
            umask = os.umask(0)
            try:
                listener.bind(path)
            finally:
                os.umask(umask)
            listener.listen(1)
            listener.settimeout(ACCEPT_SECONDS)
            self._serving = self._start_serving(path)
            try:
                self._connection, _ = listener.accept()
            except OSError:
                self._fail("the kernel did not start answering the grader's requests")
            finally:
                os.unlink(path)
        return self._connection

    def _fail(self, reason: str, *, stuck: bool = False):
        self.broken = reason
        self.stuck = self.stuck or stuck
        raise KernelGone(reason)

    # --- requests ---------------------------------------------------------------------------
    def request(self, op: str, **fields):
        """Perform ``op`` in the kernel and return its result (see grader.in_kernel.remote)."""
        connection = self._connect()
        self._next_request += 1
        request = f"j{self._next_request}"
        buffers: list[bytes] = []
        sent: dict[int, object] = {}
        header = {"op": op, "id": request}
        for key, value in fields.items():
            header[key] = value if key in ("name", "spec") else self.encode(value, buffers, sent)
        try:
            write_frame(connection, header, buffers, self.deadline)
            return self._await_reply(connection, request, sent)
        except TimeoutError:  # it does not read what it is sent: it cannot be asked anything more
            self._fail("the kernel stopped reading the grader's requests", stuck=True)
        except WireError as error:
            self._fail(f"the kernel stopped answering ({error})")

    def _await_reply(self, connection: socket.socket, request: str, sent: dict):
        interrupted_at = None
        while True:
            deadline = self.deadline if interrupted_at is None else interrupted_at + INTERRUPT_GRACE_SECONDS
            try:
                header, buffers = read_frame(connection, deadline)
            except TimeoutError:
                if interrupted_at is not None:
                    self._fail("the kernel did not stop when interrupted", stuck=True)
                self._interrupt()
                interrupted_at = time.monotonic()
                continue
            if header.get("op") == "callback":
                self._answer_callback(connection, header, buffers)
                continue
            if header.get("reply") != request:
                self._fail("the kernel answered a question it was not asked")
            try:
                self._apply_writeback(header.get("writeback") or [], buffers, sent)
                raised = remote_exception(header["error"]) if "error" in header else None
                value = None if raised else self.decode(header.get("value"), buffers, sent)
            except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
                self._fail(f"the kernel's answer could not be read ({type(error).__name__}: {error})")
            if interrupted_at is not None:
                raise JudgeTimeout()
            if raised:
                raise raised
            return value

    def _answer_callback(self, connection: socket.socket, header: dict, buffers: list[bytes]) -> None:
        """The student's code called a function the judge passed in: call it here, reply."""
        reply = {"reply": header.get("id")}
        out: list[bytes] = []
        try:
            function = self._callbacks[header["callback"]]
            args, kwargs = self.decode(header["args"], buffers, {}), self.decode(header["kwargs"], buffers, {})
            if not isinstance(args, tuple) or not isinstance(kwargs, dict) or not all(isinstance(k, str) for k in kwargs):
                raise TypeError("malformed arguments")
        except (KeyError, TypeError, ValueError, WireError, RecursionError) as error:
            self._fail(f"the kernel made a call the grader cannot read ({type(error).__name__}: {error})")
        try:
            reply["value"] = self.encode(function(*args, **kwargs), out, {})
        except (KernelGone, JudgeTimeout):
            raise
        except Exception as error:  # the test's own function failed (its assertion, say): the student sees it
            out = []
            reply["error"] = {"type": type(error).__name__, "message": str(error)[:MAX_JUDGE_STRING_CHARS]}
        write_frame(connection, reply, out, self.deadline)

    def _apply_writeback(self, changes: list, buffers: list[bytes], sent: dict) -> None:
        """Change the judge's arguments as the student's code changed them in the kernel."""
        arrays_first = sorted(changes, key=lambda change: not isinstance(sent.get(change["r"]), np.ndarray))
        for change in arrays_first:
            original = sent[change["r"]]
            value = self.decode(change["value"], buffers, sent, top_level=False)
            if isinstance(original, np.ndarray):
                if isinstance(value, np.ndarray) and value.shape == original.shape and original.flags.writeable:
                    np.copyto(original, value, casting="unsafe")
            elif isinstance(original, dict) and isinstance(value, dict):
                original.clear()
                original.update(value)
            elif isinstance(original, list) and isinstance(value, list):
                original[:] = value
            elif isinstance(original, np.random.Generator) and isinstance(value, np.random.Generator):
                original.bit_generator.state = value.bit_generator.state

    # --- values -----------------------------------------------------------------------------
    def encode(self, value, buffers: list[bytes], sent: dict, depth: int = 0):
        """``value`` for the kernel. Arrays, dicts, lists and generators get a ``ref``, recorded
        in ``sent``, so that the reply can return them or say how they changed."""
        if depth > MAX_JUDGE_DEPTH:
            raise ValueError("a value nested too deeply to send to the kernel")
        for ref, original in sent.items():
            if original is value and isinstance(value, (np.ndarray, dict, list, np.random.Generator)):
                return {"$": "ref", "r": ref}
        if value is None or type(value) in (bool, int, float, str):
            return value
        if isinstance(value, RemoteObject):
            return object.__getattribute__(value, "_target")
        if isinstance(value, np.generic):
            return {**pack_array(np.asarray(value), buffers), "$": "np"}
        for plain in (bool, int, float, str):  # a subclass goes as its plain value
            if isinstance(value, plain):
                return plain(value)
        if isinstance(value, complex):
            return {"$": "complex", "re": value.real, "im": value.imag}
        if isinstance(value, np.ndarray):
            sent[len(sent)] = value
            return {**pack_array(value, buffers), "r": len(sent) - 1}
        if isinstance(value, (tuple, set, frozenset)):
            tag = "tuple" if isinstance(value, tuple) else type(value).__name__ if type(value) in (set, frozenset) else "set"
            return {"$": tag, "v": [self.encode(item, buffers, sent, depth + 1) for item in value]}
        if isinstance(value, list):
            sent[len(sent)] = value
            ref = len(sent) - 1
            return {"$": "list", "r": ref, "v": [self.encode(item, buffers, sent, depth + 1) for item in value]}
        if isinstance(value, dict):
            sent[len(sent)] = value
            ref = len(sent) - 1
            return {"$": "dict", "r": ref, "k": [self.encode(key, buffers, sent, depth + 1) for key in value],
                    "v": [self.encode(item, buffers, sent, depth + 1) for item in value.values()]}
        if isinstance(value, np.random.Generator) and type(value.bit_generator).__name__ in BIT_GENERATORS:
            sent[len(sent)] = value
            return {"$": "rng", "r": len(sent) - 1, "bitgen": type(value.bit_generator).__name__,
                    "state": value.bit_generator.state}
        if isinstance(value, np.ufunc) and getattr(np, value.__name__, None) is value:
            return {"$": "ufunc", "name": value.__name__}
        if isinstance(value, np.dtype) and value.name in ARRAY_DTYPES:
            return {"$": "dtype", "name": value.name}
        if isinstance(value, type) and issubclass(value, np.generic) and np.dtype(value).name in ARRAY_DTYPES:
            return {"$": "nptype", "name": np.dtype(value).name}
        if isinstance(value, type) and value.__name__ in PYTHON_TYPES and PYTHON_TYPES[value.__name__] is value:
            return {"$": "pytype", "name": value.__name__}
        if callable(value):
            self._callbacks[id(value)] = value
            return {"$": "callback", "id": id(value), "name": getattr(value, "__name__", "f")}
        raise TypeError(f"the grader cannot send a {type(value).__name__} to the student's code")

    def decode(self, tree, buffers: list[bytes], sent: dict, depth: int = 0, top_level: bool = True):
        """A value from the kernel: data, one of ``sent`` (the arguments), or a ``RemoteObject``.
        Raises ``WireError`` for anything else."""
        if depth > MAX_JUDGE_DEPTH:
            raise WireError("a value nested too deeply")
        kind = type(tree)
        if tree is None or kind in (bool, int, float):
            return tree
        if kind is str:
            return tree[:MAX_JUDGE_STRING_CHARS]
        if kind is not dict:
            raise WireError(f"an untagged {kind.__name__}")
        tag = tree.get("$")
        if tag == "ref" and top_level:
            if tree.get("r") not in sent:
                raise WireError("a reference to nothing the grader sent")
            return sent[tree["r"]]
        if tag == "nd":
            return unpack_array(tree, buffers)
        if tag == "np":
            array = unpack_array(tree, buffers)
            if array.shape != ():
                raise WireError("a numpy scalar with a shape")
            return array[()]
        if tag == "complex":
            real, imaginary = tree.get("re"), tree.get("im")
            if type(real) not in (int, float) or type(imaginary) not in (int, float):
                raise WireError("a malformed complex number")
            return complex(real, imaginary)
        if tag in ("tuple", "list", "set", "frozenset"):
            items = tree.get("v")
            if not isinstance(items, list):
                raise WireError(f"a malformed {tag}")
            decoded = [self.decode(item, buffers, sent, depth + 1) for item in items]
            try:
                return {"tuple": tuple, "list": list, "set": set, "frozenset": frozenset}[tag](decoded)
            except TypeError as error:  # an unhashable item of a set
                raise WireError(f"a malformed {tag}: {error}") from None
        if tag == "dict":
            keys, values = tree.get("k"), tree.get("v")
            if not isinstance(keys, list) or not isinstance(values, list) or len(keys) != len(values):
                raise WireError("a malformed dict")
            try:
                return {self.decode(key, buffers, sent, depth + 1): self.decode(value, buffers, sent, depth + 1)
                        for key, value in zip(keys, values)}
            except TypeError as error:
                raise WireError(f"a malformed dict: {error}") from None
        if tag == "rng":
            if tree.get("bitgen") not in BIT_GENERATORS:
                raise WireError("an unknown random generator")
            bit_generator = getattr(np.random, tree["bitgen"])()
            try:
                bit_generator.state = tree.get("state")
            except (TypeError, ValueError, KeyError) as error:
                raise WireError(f"a malformed random generator state: {error}") from None
            return np.random.Generator(bit_generator)
        if tag == "handle":
            handle = tree.get("id")
            if type(handle) is not int:
                raise WireError("a malformed handle")
            if handle not in self._proxies:
                self._proxies[handle] = proxy_class(tree.get("type"))(self, {"$": "handle", "id": handle})
            return self._proxies[handle]
        raise WireError(f"an unknown tag {tag!r}")


def remote_exception(description) -> Exception:
    """The exception that the student's code raised in the kernel, raised again here: the
    builtin exception of that name, or a ``StudentError`` subclass named like it."""
    if not isinstance(description, dict):
        raise WireError("a malformed error")
    name = str(description.get("type", "Exception"))[:100]
    message = str(description.get("message", ""))[:MAX_JUDGE_STRING_CHARS]
    frames = description.get("frames")
    frames = tuple(str(frame)[:300] for frame in frames[:5]) if isinstance(frames, list) else ()
    kind = getattr(builtins, name, None)
    if isinstance(kind, type) and issubclass(kind, Exception) and not issubclass(kind, (StopIteration,
                                                                                       StopAsyncIteration)):
        try:
            error = kind(message)
        except Exception:  # noqa: BLE001 - e.g. UnicodeDecodeError needs five arguments
            error = _named_exception(name)(message)
    else:
        error = _named_exception(name)(message)
    error.student_frames = frames
    return error


_EXCEPTION_CLASSES: dict[str, type] = {}
_PROXY_CLASSES: dict[str, type] = {}


def _identifier(name) -> str:
    name = str(name)[:100]
    return name if name.isidentifier() and not keyword.iskeyword(name) else "Unnamed"


def _named_exception(name: str) -> type:
    name = _identifier(name)
    if name not in _EXCEPTION_CLASSES:
        _EXCEPTION_CLASSES[name] = type(name, (StudentError,), {"__module__": "student"})
    return _EXCEPTION_CLASSES[name]


def proxy_class(type_name) -> type:
    """The RemoteObject subclass named like the student's type (so that messages can say
    "returned a Value")."""
    name = _identifier(type_name)
    if name not in _PROXY_CLASSES:
        _PROXY_CLASSES[name] = type(name, (RemoteObject,), {"__slots__": (), "__module__": "student"})
    return _PROXY_CLASSES[name]


class RemoteObject:
    """An object of the student's that stays in the kernel; every use of it is a request.

    Comparisons, ``bool`` and ``hash`` are the proxy's own (see the module docstring)."""

    __slots__ = ("_link", "_target", "__weakref__")

    def __init__(self, link: KernelLink, target: dict):
        object.__setattr__(self, "_link", link)
        object.__setattr__(self, "_target", target)

    def _ask(self, op: str, **fields):
        return object.__getattribute__(self, "_link").request(op, object=self, **fields)

    def __getattr__(self, name: str):
        if name.startswith("__") and name != "__name__":  # numpy and copy probe for protocols
            raise AttributeError(name)
        return self._ask("getattr", name=name)

    def __setattr__(self, name: str, value) -> None:
        self._ask("setattr", name=name, value=value)

    def __call__(self, *args, **kwargs):
        return object.__getattribute__(self, "_link").request("call", target=self, args=args, kwargs=kwargs)

    def __getitem__(self, key):
        return self._ask("getitem", key=key)

    def __setitem__(self, key, value) -> None:
        self._ask("setitem", key=key, value=value)

    def __len__(self) -> int:
        return _checked(self._ask("len"), int, "len()")

    def __iter__(self):
        return iter(_checked(self._ask("list"), list, "iter()"))

    def __array__(self, dtype=None, copy=None):
        array = _checked(self._ask("array"), np.ndarray, "numpy.asarray()")
        return array if dtype is None else array.astype(dtype)

    def __float__(self) -> float:
        return _checked(self._ask("float"), float, "float()")

    def __int__(self) -> int:
        return _checked(self._ask("int"), int, "int()")

    def __index__(self) -> int:
        return _checked(self._ask("index"), int, "operator.index()")

    def __complex__(self) -> complex:
        return _checked(self._ask("complex"), complex, "complex()")

    def __repr__(self) -> str:
        return self._text("repr")

    def __str__(self) -> str:
        return self._text("str")

    def __format__(self, spec: str) -> str:
        return _checked(self._ask("format", spec=spec), str, "format()") if spec else str(self)

    def _text(self, op: str) -> str:
        try:
            return _checked(self._ask(op), str, f"{op}()")
        except Exception:  # noqa: BLE001 - an error message must not fail for want of a repr
            return f"<{type(self).__name__} object in the student's kernel>"


def _operator(name: str, reflected: bool = False):
    def apply(self, *other):
        link = object.__getattribute__(self, "_link")
        operands = (*other, self) if reflected else (self, *other)
        first, *rest = operands
        return link.request("operator", name=name, object=first, args=tuple(rest))
    apply.__name__ = f"__{'r' if reflected else ''}{name}__"
    return apply


for _name in OPERATORS:
    setattr(RemoteObject, f"__{_name}__", _operator(_name))
    if _name not in ("neg", "pos", "abs"):
        setattr(RemoteObject, f"__r{_name}__", _operator(_name, reflected=True))


def _checked(value, kind: type, what: str):
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{what} of the student's object gave a {type(value).__name__}, not a {kind.__name__}")
    return value


class RemoteName(RemoteObject):
    """A global name of the student's notebook, looked up in the kernel at each use."""

    __slots__ = ("_name",)

    def __init__(self, link: KernelLink, name: str):
        super().__init__(link, {"$": "global", "name": name})
        object.__setattr__(self, "_name", name)

    @property
    def __name__(self) -> str:  # noqa: A003 - what function.__name__ gives, for messages
        return object.__getattribute__(self, "_name")


class NotebookNamespace(MutableMapping):
    """The notebook's globals as a test cell sees them through ``grader.notebook_globals()``
    when judged: the judge's namespace, where a name of the student's answers reads and
    writes the kernel's global of that name (a test that swaps a student's layer for a
    reference one, say, swaps it where the student's code looks it up)."""

    def __init__(self, namespace: dict, remote_names: set[str], link: KernelLink):
        self._namespace, self._remote_names, self._link = namespace, remote_names, link

    def __getitem__(self, name: str):
        if name in self._remote_names:
            return self._link.request("global", name=name)  # the object it is bound to now
        return self._namespace[name]

    def __setitem__(self, name: str, value) -> None:
        if name in self._remote_names:
            self._link.request("setglobal", name=name, value=value)
        else:
            self._namespace[name] = value

    def __delitem__(self, name: str) -> None:
        del self._namespace[name]

    def __iter__(self):
        return iter(self._namespace)

    def __len__(self) -> int:
        return len(self._namespace)
