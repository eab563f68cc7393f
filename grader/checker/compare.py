"""How close is close enough: the relative error and the verdict tiers.

Why these thresholds (float64, default step h = 1e-5)
------------------------------------------------------
A central difference (f(x+h) - f(x-h)) / 2h differs from f'(x) by two errors:

* truncation, h²·|f'''|/6 ≈ 2e-11·|f'''|, and
* round-off: each loss value carries an error of about ε·|f| with
  ε = 2.2e-16, and dividing by 2h magnifies it to ≈ ε·|f|/h ≈ 2e-11·|f|.

For the O(1) losses, gradients and curvatures of this course a correct
gradient therefore shows a relative error of 1e-11 … 1e-8, typically ~1e-9.

=============  ==========  ==============================================
tier           rel. error  meaning
=============  ==========  ==============================================
good           ≤ 1e-7      matches to the precision finite differences have
acceptable     ≤ 1e-5      still passes; expected near kinks or with large h
look closer    ≤ 1e-3      **fails**: too large for round-off (100× margin),
                           typical of a subtle bug, e.g. ×(1 + 1e-3) → 5e-4
wrong          > 1e-3      a bug
=============  ==========  ==============================================

The verdict threshold is ``PASS = 1e-5``, applied to every parameter on its
own: a wrong bias cannot hide behind a large, correct weight matrix.

Two rules keep correct gradients from failing on noise alone, and both are
reported rather than silent:

* **Scale.** A parameter whose whole gradient is tiny compared with the rest
  of the function (say 1e-35, from tanh(40)) would otherwise be judged on
  pure round-off, whose relative error is anything up to 1.  Its error is
  measured against ``max(‖g‖ + ‖n‖, SCALE_FLOOR·G)``, where G is the largest
  numerical gradient entry of the whole function.  So a tiny gradient is
  still held to an absolute error of 1e-5·1e-3·G = 1e-8·G, far below any real
  bug (a gradient 1e-4 of the rest with a 1 % error still fails) and far
  above float64 round-off (~1e-11·|f| at h = 1e-5).
* **Resolution.** Differences below ``RESOLUTION_FACTOR·ε·F/h`` (F the largest
  |loss| seen) are below what finite differences can resolve at all; a
  parameter whose entries all agree to that resolution passes.  With |f| ~ 1
  this is ~7e-10 per entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BUG", "GOOD", "PASS", "Comparison", "compare", "rel_error", "resolution", "tier"]

GOOD = 1e-7
PASS = 1e-5
BUG = 1e-3
EPS64 = float(np.finfo(np.float64).eps)
RESOLUTION_FACTOR = 32  # round-off of a sum of many terms is a few ε·|f|, not one
SCALE_FLOOR = 1e-3  # a parameter's gradient is measured against at least this fraction of G


def rel_error(a, b) -> float:
    """‖a − b‖₂ / (‖a‖₂ + ‖b‖₂): 0.0 when both are zero, inf if either is not finite.

    ``a`` and ``b`` must have the same shape (no broadcasting: a (3,) gradient is
    not "close" to a (3, 1) one).  The result lies in [0, 1].
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs equal shapes, got {a.shape} and {b.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    unit = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    if unit == 0.0:
        return 0.0
    a, b = a / unit, b / unit  # no overflow or underflow in the norms, even for 1e300 or 1e-300
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def tier(error: float) -> str:
    """Name the tier of a relative error: 'good', 'acceptable', 'look closer' or 'wrong'."""
    if error <= GOOD:
        return "good"
    if error <= PASS:
        return "acceptable"
    if error <= BUG:
        return "look closer"
    return "wrong"


def resolution(loss_magnitude: float, h: float) -> float:
    """Smallest gradient difference finite differences can resolve (loss units per x unit)."""
    return RESOLUTION_FACTOR * EPS64 * loss_magnitude / h


@dataclass(frozen=True)
class Comparison:
    """Analytic vs numerical values of one parameter's checked entries.

    ``rel_error`` is the plain formula of ``rel_error``; ``error`` is the graded
    error (against ``max(‖g‖ + ‖n‖, SCALE_FLOOR·scale)``); ``mismatched`` marks the entries
    (shape (k,)) that are individually off; ``worst`` is the position of the
    largest absolute difference.
    """

    rel_error: float
    error: float
    ok: bool
    mismatched: np.ndarray
    worst: int | None


def compare(analytic: np.ndarray, numeric: np.ndarray, *, scale: float, resolution: float) -> Comparison:
    """Compare 1-D arrays of analytic and numerical derivatives (same length k ≥ 0).

    ``scale`` is G, the largest numerical gradient entry of the whole function, and
    ``resolution`` the finite-difference resolution (see the module docstring).
    An entry is mismatched when its difference exceeds ``PASS/2`` of its own
    size or of the parameter's typical entry, and the resolution; with the
    factor 1/2 a failing parameter always has at least one mismatched entry.
    """
    if analytic.size == 0:
        return Comparison(0.0, 0.0, True, np.zeros(0, dtype=bool), None)
    difference = np.abs(analytic - numeric)
    size = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    denominator = max(size, SCALE_FLOOR * scale)
    distance = float(np.linalg.norm(difference))
    error = distance / denominator if denominator > 0 else (0.0 if distance == 0 else float("inf"))
    typical_entry = denominator / np.sqrt(analytic.size)
    tolerance = np.maximum(PASS / 2 * np.maximum(np.abs(analytic) + np.abs(numeric), typical_entry), resolution)
    ok = error <= PASS or bool(np.all(difference <= resolution))
    return Comparison(
        rel_error=rel_error(analytic, numeric),
        error=error,
        ok=ok,
        mismatched=np.zeros(analytic.size, dtype=bool) if ok else difference > tolerance,
        worst=int(np.argmax(difference)),
    )
