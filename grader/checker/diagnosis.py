"""Naming the bug: what a wrong analytic gradient most likely got wrong.

Each function returns one sentence for ``ParamReport.diagnosis``.  The usual
suspects, in the order they are tested:

* wrong shape -- transposed, an extra or missing axis, a bias summed over the
  wrong axis;
* NaN or inf entries;
* all zeros (the gradient was never filled in);
* a numerical gradient that is exactly 0 in every entry: the loss does not
  depend on the parameter at all (the forward pass never uses it).  A
  parameter the loss uses moves it by about h·|g| per step, far above the
  round-off ε·|f|; only f(x + h) == f(x − h) bit for bit, at every entry,
  gives exact zeros;
* a known slip named by the test cell (``grader.checker.slips``): the gradient a
  specific mistake would give, e.g. a derivative evaluated at the layer's
  output instead of its input;
* transposed values (a square matrix whose transpose matches), also beside an
  L2 term c·θ that is not transposed;
* a constant factor k, found by the least-squares fit k = <g, n> / <n, n>:
  k = -1 is a sign flip, k = 1/N or N a missing or extra 1/N;
* an extra term c·θ proportional to the parameter θ itself, found by the fit
  c = <g − n, θ> / <θ, θ>: c > 0 is the gradient of an L2 penalty (c/2)·Σθ²
  the loss does not have (or has once, and the gradient adds it twice);
  c < 0 a penalty the loss has and the gradient misses;
* exactly c·θ, when the numerical gradient is not: only the penalty's part of
  a parameter used twice (the other use's gradient overwritten, = for +=);
* non-zero exactly where the numerical gradient is exactly zero (a missing
  mask, e.g. ReLU's);
* a few wrong entries: how many and where.

Every fitted or named pattern must reproduce the analytic gradient to
``MATCH`` (10× the pass threshold) and remove 90 % (``EXPLAINS``) of its
difference from the numerical one, so a pattern is only named when it, and
not a few stray entries, is what is wrong.

In a hidden test (``grader.checker.disclosure.expected_values_shown()`` False, see
issue 10) the diagnoses stay the same -- the bug's name is what the student needs --
except a factor that is no simple fraction: printed to 6 digits beside the student's
own entries it would give the numerical gradient back, so it is rounded to 2.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .compare import PASS, rel_error
from .disclosure import expected_values_shown

__all__ = ["describe_factor", "diagnose_shape", "diagnose_values", "format_index", "non_finite_problem"]

FIT = 1e-3  # a fitted pattern must explain the analytic gradient to this relative error
FEW = 0.1  # "a few wrong entries": at most this fraction of the checked ones
LISTED = 5  # how many wrong indices a message lists
EXPLAINS = 0.1  # a fitted factor must remove 90 % of the difference
NAMED_FRACTION = 1e-4  # a factor this close to a simple fraction is named as that fraction
MATCH = 10 * PASS  # a named pattern must reproduce the gradient to this rel. error (round-off is ~1e-9)


def format_index(flat_index: int, shape: tuple) -> str:
    """'[2, 3]' for flat index 11 of a (4, 4) array; '[]' for a scalar."""
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat_index, shape)) + "]" if shape else "[]"


def non_finite_problem(gradient: np.ndarray) -> str | None:
    """'contains 2 NaN and 1 inf entries, the first at [0, 3]', or None when all are finite."""
    bad = ~np.isfinite(gradient)
    if not bad.any():
        return None
    n_nan = int(np.isnan(gradient).sum())
    n_inf = int(bad.sum()) - n_nan
    counts = " and ".join(part for part in (f"{n_nan} NaN" * bool(n_nan), f"{n_inf} inf" * bool(n_inf)) if part)
    first = format_index(int(np.flatnonzero(bad)[0]), gradient.shape)
    return f"contains {counts} entries, the first at {first}"


def diagnose_shape(gradient: np.ndarray, shape: tuple, indices: np.ndarray, numeric: np.ndarray) -> str:
    """Explain why ``gradient`` does not have the parameter's ``shape``.

    ``numeric`` holds the numerical derivatives at the flat ``indices`` (k,);
    they tell a transposed or merely reshaped gradient from a wrong one.
    """
    got = gradient.shape
    message = f"has shape {got} but the parameter has shape {shape}"
    if len(shape) == 2 and got == shape[::-1]:
        if _matches(gradient.T.reshape(-1)[indices], numeric):
            return message + ": it is the transpose of the correct gradient (transpose it back)"
        return message + ", the transposed shape (a transpose somewhere), and even transposed it does not match"
    if gradient.size == int(np.prod(shape)):
        if _matches(gradient.reshape(-1)[indices], numeric):
            return message + ": the values are right, only the shape is not (reshape, or drop keepdims)"
        return message + " (same number of entries, but they do not match even after reshaping)"
    if shape and sum(n > 1 for n in shape) <= 1 and sum(n > 1 for n in got) <= 1:
        return message + ": for a bias this usually means dout was summed over the wrong axis"
    return message


def diagnose_values(gradient: np.ndarray, numeric: np.ndarray, indices: np.ndarray, mismatched: np.ndarray, *,
                    name: str = "this parameter", values: np.ndarray | None = None, slips=()) -> str:
    """Say what is wrong with an analytic ``gradient`` of the right shape.

    ``numeric`` holds the numerical derivatives at the flat ``indices`` (shape
    (k,)), ``mismatched`` marks which of them disagree (shape (k,)).
    ``values`` is the parameter itself (shape of ``gradient``), for the test
    of a term proportional to it; ``slips`` lists (description, gradient) of
    known mistakes, each gradient of the shape of ``gradient``.
    """
    analytic = gradient.reshape(-1)[indices]
    checked = len(indices)
    if not np.any(analytic):
        return "is all zeros (was it ever computed and returned?)"
    if not np.any(numeric):
        return (
            f"is not zero, but the loss does not depend on {name} at all: its numerical gradient is exactly 0 in "
            f"every checked entry (moving {name} never changes the loss), so the forward pass never uses it. "
            "Is it left out of the computation (e.g. x @ W without + b)?"
        )
    for description, candidate in slips:
        if candidate.shape == gradient.shape and _explained(analytic, candidate.reshape(-1)[indices], numeric):
            return f"equals the gradient of a known mistake: {description}"
    square = gradient.ndim == 2 and gradient.shape[0] == gradient.shape[1]
    if square and _matches(gradient.T.reshape(-1)[indices], numeric):
        return "equals the transpose of the correct gradient (a transpose in the wrong place)"
    if square and values is not None:
        term = _transposed_but_term(gradient, numeric, indices, values)
        if term is not None:
            return (
                f"equals the transpose of the correct gradient except for a term {term:.3g}·{name}, proportional to "
                f"{name} itself: its data part is transposed (a transpose in the wrong place, e.g. X·dZᵀ instead "
                f"of dZ·Xᵀ) while its L2 part {term:.3g}·{name} is not"
            )
    factor = _fitted_factor(analytic, numeric)
    if factor is not None:
        return describe_factor(factor)
    if values is not None:
        term = _proportional_term(analytic, numeric, values.reshape(-1)[indices])
        if term is not None:
            return describe_proportional_term(term, name)
    if values is not None:
        share = _penalty_only(analytic, numeric, values.reshape(-1)[indices])
        if share is not None:
            return (
                f"equals {share:.3g}·{name}, proportional to {name} itself: only the gradient of its L2 penalty, "
                f"without the data loss's part. {name} is used twice (in a layer and in the penalty), so its "
                f"gradient is the sum of both parts: one assignment overwrites the other (= where += is needed)"
            )
    unaffected = numeric == 0.0
    if np.any(unaffected & (analytic != 0)) and _matches(analytic[~unaffected], numeric[~unaffected]):
        count = int(np.sum(unaffected & (analytic != 0)))
        return (
            f"is non-zero at {count} entries where the loss does not depend on the parameter at all "
            "(numerical gradient exactly 0): a missing mask, e.g. ReLU's (x > 0)"
        )
    wrong = np.flatnonzero(mismatched)
    n_wrong = len(wrong)
    where = _where(indices[wrong], gradient.shape)
    if n_wrong <= max(1, FEW * checked):
        return f"is wrong in {n_wrong} of {checked} checked entries, {where}; the others match"
    return (
        f"is wrong in {n_wrong} of {checked} checked entries ({where}): not a simple scale, sign, transpose, "
        "mask, unused-parameter or extra-term bug"
    )


def describe_proportional_term(c: float, name: str) -> str:
    """Put an extra term c·θ of the gradient (analytic ≈ numerical + c·θ) into words."""
    if c > 0:
        return (
            f"has an extra term {c:.3g}·{name}, proportional to {name} itself: the gradient of an L2 penalty "
            f"({c:.3g}/2)·Σ{name}² that the loss does not have (regularizing a parameter that should not be), "
            "or a penalty the loss has once but the gradient adds twice"
        )
    return (
        f"misses a term {-c:.3g}·{name}, proportional to {name} itself: the loss has an L2 penalty "
        f"({-c:.3g}/2)·Σ{name}² whose gradient {-c:.3g}·{name} is not in the analytic gradient"
    )


def _penalty_only(analytic: np.ndarray, numeric: np.ndarray, values: np.ndarray) -> float | None:
    """c with analytic ≈ c·values (to MATCH), when the numerical gradient is not itself ∝ values; else None."""
    norm2 = float(np.dot(values, values))
    if norm2 == 0.0:
        return None
    c = float(np.dot(analytic, values)) / norm2
    numeric_share = float(np.dot(numeric, values)) / norm2
    if c == 0.0 or _matches(numeric, numeric_share * values):
        return None
    return c if _explained(analytic, c * values, numeric) else None


def _transposed_but_term(gradient: np.ndarray, numeric: np.ndarray, indices: np.ndarray,
                         values: np.ndarray) -> float | None:
    """c ≠ 0 with gradient ≈ (correct − c·θ)ᵀ + c·θ: a transposed data part beside an L2 term c·θ; else None.

    Then gradientᵀ − numeric = c·(θᵀ − θ), fitted by least squares on the checked entries.
    """
    flipped = gradient.T.reshape(-1)[indices]
    skew = (values.T - values).reshape(-1)[indices]
    norm2 = float(np.dot(skew, skew))
    if norm2 == 0.0:
        return None
    c = float(np.dot(flipped - numeric, skew)) / norm2
    return c if c != 0.0 and _explained(flipped, numeric + c * skew, numeric) else None


def _proportional_term(analytic: np.ndarray, numeric: np.ndarray, values: np.ndarray) -> float | None:
    """c with analytic ≈ numeric + c·values (to MATCH), or None."""
    norm2 = float(np.dot(values, values))
    if norm2 == 0.0:
        return None
    c = float(np.dot(analytic - numeric, values)) / norm2
    return c if c != 0.0 and _explained(analytic, numeric + c * values, numeric) else None


def describe_factor(k: float) -> str:
    """Put a fitted factor k (analytic ≈ k · numerical) into words."""
    if abs(k + 1) <= FIT:
        return "has the wrong sign: scaled by -1 (a sign flip)"
    sign = "has the wrong sign and is " if k < 0 else "is "
    size = abs(k)
    fraction = Fraction(size).limit_denominator(64)
    close = fraction != 1 and abs(float(fraction) - size) <= NAMED_FRACTION * size
    if close and fraction.denominator == 1:
        n = fraction.numerator
        example = "as in d(x²/2)/dx = x" if n == 2 else f"such as an average over {n} items"
        return f"{sign}scaled by {k:g} (= {n}× too large, e.g. a missing 1/{n} {example})"
    if close and fraction.numerator == 1:
        n = fraction.denominator
        return f"{sign}scaled by {k:.4g} (= 1/{n}, e.g. a missing or extra 1/N with N = {n})"
    if close and fraction.denominator <= 16:
        return f"{sign}scaled by {k:.4g} (= {fraction.numerator}/{fraction.denominator})"
    if not expected_values_shown():
        return f"{sign}scaled by about {k:.2g} compared with the numerical gradient"
    return f"{sign}scaled by {k:.6g} compared with the numerical gradient"


def _fitted_factor(analytic: np.ndarray, numeric: np.ndarray) -> float | None:
    """k with analytic ≈ k·numeric, or None when no constant factor explains the difference.

    The fit must leave a residual below FIT of the gradient *and* below
    EXPLAINS of the original difference: one wrong entry among a thousand is
    "almost" a multiple of the right gradient, but scaling does not fix it.
    """
    norm2 = float(np.dot(numeric, numeric))
    if norm2 == 0.0:
        return None
    k = float(np.dot(analytic, numeric)) / norm2
    if k == 0.0:
        return None
    residual = np.linalg.norm(analytic - k * numeric)
    fits = residual <= FIT * np.linalg.norm(analytic)
    explains = residual <= EXPLAINS * np.linalg.norm(analytic - numeric)
    return k if fits and explains else None


def _matches(a: np.ndarray, b: np.ndarray) -> bool:
    return rel_error(a, b) <= MATCH


def _explained(analytic: np.ndarray, pattern: np.ndarray, numeric: np.ndarray) -> bool:
    """The pattern reproduces the analytic gradient (to MATCH) and removes 90 % of its difference from numeric."""
    return _matches(analytic, pattern) and (
        np.linalg.norm(analytic - pattern) <= EXPLAINS * np.linalg.norm(analytic - numeric)
    )


def _where(flat_indices: np.ndarray, shape: tuple) -> str:
    """'at [0, 1], [2, 1]' plus the row or column they share, if any."""
    listed = ", ".join(format_index(int(i), shape) for i in flat_indices[:LISTED])
    more = f" and {len(flat_indices) - LISTED} more" if len(flat_indices) > LISTED else ""
    text = f"at {listed}{more}"
    if len(shape) == 2 and len(flat_indices) > 1:
        rows, columns = np.unravel_index(flat_indices, shape)
        if np.all(rows == rows[0]):
            text += f" (all in row {rows[0]})"
        elif np.all(columns == columns[0]):
            text += f" (all in column {columns[0]})"
    return text
