"""What student code hands back, checked and converted -- or explained.

Everything here turns a student's value into what the checker needs (a
float, a float64 array) or raises ``StudentCodeError`` / records a problem
in words a student understands: "returned None", "a tuple of 3 values",
"not an array of numbers but a str ('abc')".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .safety import StudentCodeError

__all__ = [
    "MISSING",
    "NOT_A_DICT",
    "Gradient",
    "as_gradient",
    "describe",
    "describe_inputs",
    "forward_result",
    "known_slips",
    "layer_gradients",
    "loss_value",
    "mutation_problem",
    "restore",
    "working_arrays",
]

@dataclass
class Gradient:
    """A student's gradient as float64 (``array``), or why it cannot be used (``problem``)."""

    array: np.ndarray | None
    problem: str | None = None


MISSING = object()


NOT_A_DICT = object()


def working_arrays(params: dict):
    """The float64 arrays the loss will read: the caller's own where possible, else copies.

    Returns (arrays, copies) where copies holds only the arrays that had to be copied.
    """
    arrays, copies = {}, {}
    for name, value in params.items():
        if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.flags.writeable:
            arrays[name] = value
            continue
        try:
            if value is None:
                raise TypeError
            arrays[name] = copies[name] = np.array(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise StudentCodeError(f"params[{name!r}] is not an array of numbers but {describe(value)}") from None
    return arrays, copies


def restore(arrays: dict, pristine: dict):
    for name, saved in pristine.items():
        np.copyto(arrays[name], saved)


def mutation_problem(arrays: dict, pristine: dict, who: str, what: str) -> str | None:
    """Restore arrays that student code changed in place, and say so."""
    changed = [name for name, saved in pristine.items() if arrays[name].tobytes() != saved.tobytes()]
    if not changed:
        return None
    restore(arrays, pristine)
    return (
        f"{who} modified {what} {', '.join(changed)} in place, so the check is meaningless "
        "(work on copies, e.g. x = x.copy(), or out-of-place operations)"
    )


def loss_value(value) -> float:
    """The loss value as a float (float32 kept as np.float32 so its precision can be noticed)."""
    if type(value) is float:
        return value
    if value is None:
        raise StudentCodeError("the loss function returned None: it must return the loss as a number")
    if isinstance(value, tuple):
        raise StudentCodeError(
            f"the loss function returned a tuple of {len(value)} values: it must return only the loss"
        )
    try:
        array = np.asarray(value)
        if array.size != 1 or array.dtype.kind not in "fiu":
            raise TypeError
    except (TypeError, ValueError):
        raise StudentCodeError(
            f"the loss function returned {describe(value)}: it must return a single number "
            "(forgot to sum or average?)"
        ) from None
    number = array.reshape(())[()]
    return number if array.dtype == np.float32 else float(number)


def as_gradient(value) -> Gradient:
    """Convert a student's gradient to a float64 array of its own, or explain why not."""
    if value is MISSING:
        return Gradient(None, "has no gradient: grads has no entry for it")
    if value is NOT_A_DICT:
        return Gradient(None, "has no gradient: grads must be a dict of arrays")
    if value is None:
        return Gradient(None, "has no gradient: it is None (was it returned?)")
    try:
        if np.iscomplexobj(value):
            return Gradient(None, "has a complex-valued gradient; gradients of a real loss are real")
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        return Gradient(None, f"has a gradient that is not an array of numbers but {describe(value)}")
    return Gradient(array)


def describe(value) -> str:
    """Short description of an unexpected value: 'an array of shape (3,)', "a str ('abc')"."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return f"a {type(value).__name__} ({text[:40] + '...' if len(text) > 40 else text})"


def describe_inputs(arrays: dict) -> str:
    """'x (3, 4) float64, w (4,) float64': which inputs a call got, by shape and dtype, never by value."""
    return ", ".join(f"{name} {array.shape} {array.dtype}" for name, array in arrays.items())


def known_slips(slips: dict | None, names: list[str]) -> dict:
    """name → [(description, float64 gradient)] from {description: {name: gradient}}.

    A slip that gives no usable array for a parameter (missing, wrong type) is
    left out for that parameter: it is a guess of the test cell, not evidence.
    """
    known = {name: [] for name in names}
    for description, gradients in (slips or {}).items():
        for name in names:
            gradient = as_gradient(gradients.get(name, MISSING) if isinstance(gradients, dict) else NOT_A_DICT)
            if gradient.array is not None:
                known[name].append((description, gradient.array))
    return known


def forward_result(result):
    """(out as float64 array, cache) from what forward returned, or StudentCodeError."""
    if not (isinstance(result, tuple) and len(result) == 2):
        got = f"a tuple of {len(result)} values" if isinstance(result, tuple) else describe(result)
        raise StudentCodeError(f"forward must return (out, cache), but it returned {got}")
    out, cache = result
    try:
        array = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise StudentCodeError(f"forward's out must be an array of numbers, not {describe(out)}") from None
    return array, cache


def layer_gradients(result, names: list[str]) -> dict:
    """Match what backward returned to the inputs' names."""
    if isinstance(result, dict):
        return result
    if len(names) == 1:
        single = isinstance(result, tuple) and len(result) == 1
        return {names[0]: result[0] if single else result}
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        got = f"{len(result)} values" if isinstance(result, (tuple, list)) else describe(result)
        raise StudentCodeError(
            f"backward returned {got}, but the layer has {len(names)} inputs "
            f"({', '.join(names)}): it must return one gradient per input, in that order"
        )
    return dict(zip(names, result))
