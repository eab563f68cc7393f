"""Finite differences: the numerical half of every gradient check.

The derivative of a scalar loss f along coordinate i is estimated by the
central difference

    (f(x + h·e_i) − f(x − h·e_i)) / ((x_i + h) − (x_i − h)),

dividing by the step that was *actually* stored in the array rather than by
2h: for x_i = 3.7 the float64 numbers 3.7 ± 1e-5 are not exactly 2e-5 apart,
and for float32 arrays they are far from it.  Its error is discussed in
``grader.checker.compare``.

Every coordinate is perturbed in place and restored to its saved value, so
the array ends bit for bit as it started, even when f raises.  Student code
never receives the array being perturbed: ``numerical_gradient`` hands f a
fresh copy at every call, so an f that works in place (``np.maximum(x, 0,
out=x)``) cannot move the point at which the next derivative is taken.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Differences", "central_differences", "directional_differences", "numerical_gradient"]


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f(x)``.

    ``x`` is a writable floating-point array of any shape; it is perturbed in
    place one coordinate at a time (so an f that ignores its argument and reads
    x through a closure still works) and restored bit for bit.  f itself gets a
    copy of the perturbed x at every call: whatever it does to its argument is
    lost.  Returns a float64 array of the shape of ``x`` (units: f's units per
    unit of x).  Costs exactly ``2 * x.size`` calls of f and as many copies of x.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError("numerical_gradient needs a floating-point numpy array to perturb")
    if not x.flags.writeable:
        raise ValueError("numerical_gradient perturbs x in place, but x is read-only")
    _require_representable_step(x, h)
    saved = x.copy()
    try:
        differences = central_differences(lambda: float(f(x.copy())), x, np.arange(x.size), h)
    finally:
        np.copyto(x, saved)  # also undoes what f wrote into x through a closure
    return differences.slopes.reshape(x.shape)


def _require_representable_step(x: np.ndarray, h: float) -> None:
    """Raise ValueError when x ± h rounds back to x for some entry (0/0 otherwise)."""
    wide = x.astype(np.float64)
    lost = (wide + h).astype(x.dtype) == (wide - h).astype(x.dtype)
    if np.any(lost):
        largest = float(np.max(np.abs(wide[lost])))
        smallest_step = float(np.spacing(x.dtype.type(largest)))
        raise ValueError(
            f"h={h:g} is lost in {x.dtype} arithmetic: x ± h rounds to x for {int(lost.sum())} "
            f"entr{'y' if lost.sum() == 1 else 'ies'} (|x| up to {largest:g}); use h ≥ {smallest_step:.1g} "
            f"or a float64 array"
        )


@dataclass(frozen=True)
class Differences:
    """Loss values around x for k coordinates (all arrays have shape (k,)).

    ``indices`` are flat indices into x; ``at`` the values x_i; ``plus`` and
    ``minus`` the loss at x ± h·e_i; ``up``/``down`` the perturbed values
    x_i ± h as stored.
    """

    indices: np.ndarray
    at: np.ndarray
    plus: np.ndarray
    minus: np.ndarray
    up: np.ndarray
    down: np.ndarray

    @property
    def slopes(self) -> np.ndarray:
        """The central-difference derivatives, shape (k,)."""
        with np.errstate(all="ignore"):  # NaN or inf losses give NaN slopes, reported by the caller
            return (self.plus - self.minus) / (self.up - self.down)


def central_differences(loss, x: np.ndarray, indices: np.ndarray, h: float) -> Differences:
    """Evaluate ``loss()`` at x ± h along each flat index in ``indices``.

    ``loss`` takes no argument: it reads x, which is perturbed in place.  Costs
    exactly ``2 * len(indices)`` calls.  If ``loss`` raises, x is restored and
    the exception carries the attribute ``coordinate`` (the flat index).
    """
    flat = _flat_view(x)
    indices = np.asarray(indices, dtype=np.intp)
    original = np.asarray(flat[indices], dtype=x.dtype)
    up = (original.astype(np.float64) + h).astype(x.dtype)
    down = (original.astype(np.float64) - h).astype(x.dtype)
    plus = np.empty(len(indices))
    minus = np.empty(len(indices))
    # Python floats hold float32 and float64 values exactly and index fastest.
    rows = zip(indices.tolist(), original.tolist(), up.tolist(), down.tolist())
    for k, (i, saved, x_up, x_down) in enumerate(rows):
        try:
            flat[i] = x_up
            plus[k] = loss()
            flat[i] = x_down
            minus[k] = loss()
        except Exception as exc:
            exc.coordinate = i
            raise
        finally:
            flat[i] = saved
    return Differences(
        indices=indices,
        at=original.astype(np.float64),
        plus=plus,
        minus=minus,
        up=up.astype(np.float64),
        down=down.astype(np.float64),
    )


def directional_differences(loss, x: np.ndarray, directions: np.ndarray, h: float) -> np.ndarray:
    """Central differences of ``loss()`` along unit vectors, shape (d,).

    ``directions`` has shape (d, *x.shape), each of unit 2-norm; the result is
    (f(x + h·u) − f(x − h·u)) / 2h for each u.  Costs exactly 2·d calls; x is
    restored bit for bit from a saved copy.
    """
    saved = x.copy()
    slopes = np.empty(len(directions))
    try:
        for k, direction in enumerate(directions):
            np.add(saved, h * direction, out=x, casting="unsafe")
            plus = loss()
            np.subtract(saved, h * direction, out=x, casting="unsafe")
            minus = loss()
            slopes[k] = (plus - minus) / (2 * h)
    finally:
        np.copyto(x, saved)
    return slopes


class _StridedFlat:
    """Flat-index access to a non-contiguous array (slower, but still in place)."""

    def __init__(self, x: np.ndarray):
        self._x = x

    def __getitem__(self, i):
        return self._x[np.unravel_index(i, self._x.shape)]

    def __setitem__(self, i, value):
        self._x[np.unravel_index(i, self._x.shape)] = value


def _flat_view(x: np.ndarray):
    """A 1-D view of x that writes through to x."""
    flat = x.reshape(-1)
    return flat if np.shares_memory(flat, x) else _StridedFlat(x)
