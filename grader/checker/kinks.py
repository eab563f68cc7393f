"""Kinks: telling a non-differentiable point from a wrong gradient.

At a ReLU or a max, f has a corner: left slope a, right slope b.  When the
corner lies inside [x − h, x + h] the central difference averages the two
slopes and disagrees with a correct analytic derivative by up to |b − a|/2.
Such a coordinate is *inconclusive*, not wrong.  It is recognised in two
steps, and only for coordinates that would otherwise fail:

1. **Candidate.**  With f(x) (computed once per check) the one-sided slopes
   s₊ = (f(x+h) − f(x))/h and s₋ = (f(x) − f(x−h))/h are free.  At a kink the
   analytic derivative is one of the two slopes (or between them), so it must
   lie in [min(s₋, s₊), max(s₋, s₊)], widened by a tenth of their gap.
   Where x does not influence f at all (a dead ReLU) both slopes are exactly
   0, so a gradient that ignores the ReLU mask is never a candidate.
2. **Confirmation.**  A smooth f is a parabola on [x − h, x + h] up to
   O(h³·f''').  The parabola through f(x − h), f(x), f(x + h) predicts
   f(x ± h/10); two more evaluations check the prediction.  A corner anywhere
   in the interval misses it by about as much as the mismatch itself (worked
   out for every corner position: 0.9–1.1 times the mismatch, in slope
   units), a smooth function by round-off.  A wrong derivative at a smooth
   point is therefore never excused, however curved f is.
3. **The smooth side.**  A corner lies on one side of x (or exactly at x),
   so at least one of the one-sided slopes over h/10 is that of a smooth
   piece and equals the analytic derivative.  Noise (a float32 or random
   loss) misses the parabola too, but its slopes match nothing: such
   coordinates are reported as *erratic*, a sign of an imprecise loss.
"""

from __future__ import annotations

import numpy as np

from dataclasses import dataclass

from .numerical import Differences, central_differences

__all__ = ["KinkScan", "find_kinks"]

CONFIRM_STEP = 10  # the confirming evaluations are at x ± h / CONFIRM_STEP
HULL_SLACK = 0.1  # widen the slope interval by this fraction of its width
EXPLAINED = 0.25  # the parabola must miss by at least this fraction of the mismatch
ROUND_OFF_MARGIN = 4  # ... and by this many finite-difference resolutions
SMOOTH_SIDE = 0.1  # a slope over h/10 must match the analytic derivative to this fraction of the mismatch


@dataclass(frozen=True)
class KinkScan:
    """Bool masks over the checked coordinates (k,): kinks, and erratic ones (noise, not kinks)."""

    kinks: np.ndarray
    erratic: np.ndarray


def find_kinks(loss, x: np.ndarray, around: Differences, f_x: float, analytic: np.ndarray,
               mismatched: np.ndarray, h: float, resolution: float) -> KinkScan:
    """Find which of the checked coordinates are kinks, and which behave erratically.

    ``around`` holds f(x ± h) at the checked flat indices, ``analytic`` the
    analytic derivatives there (k,), ``mismatched`` which of them disagree.
    Costs 2 evaluations of ``loss`` per candidate.
    """
    left_step = around.at - around.down
    right_step = around.up - around.at
    right_slope = (around.plus - f_x) / right_step
    left_slope = (f_x - around.minus) / left_step
    gap = np.abs(right_slope - left_slope)
    slack = HULL_SLACK * gap + resolution
    candidate = (
        mismatched
        & (analytic >= np.minimum(left_slope, right_slope) - slack)
        & (analytic <= np.maximum(left_slope, right_slope) + slack)
    )
    kinks = np.zeros(len(analytic), dtype=bool)
    erratic = np.zeros(len(analytic), dtype=bool)
    if not candidate.any():
        return KinkScan(kinks, erratic)
    near = central_differences(loss, x, around.indices[candidate], h / CONFIRM_STEP)
    a, b = left_step[candidate], right_step[candidate]
    rise_right = around.plus[candidate] - f_x
    rise_left = around.minus[candidate] - f_x
    curvature = (a * rise_right + b * rise_left) / (a * b * (a + b))
    slope = (rise_right - curvature * b**2) / b

    def parabola(t):
        return f_x + slope * t + curvature * t**2

    near_right = near.up - near.at
    near_left = near.at - near.down
    miss = np.maximum(
        np.abs(near.plus - parabola(near_right)) / near_right,
        np.abs(near.minus - parabola(-near_left)) / near_left,
    )
    mismatch = np.abs(analytic[candidate] - around.slopes[candidate])
    not_a_parabola = miss > np.maximum(EXPLAINED * mismatch, ROUND_OFF_MARGIN * resolution)
    near_right_slope = (near.plus - f_x) / near_right
    near_left_slope = (f_x - near.minus) / near_left
    off_smooth_side = np.minimum(
        np.abs(analytic[candidate] - near_right_slope), np.abs(analytic[candidate] - near_left_slope)
    )
    on_smooth_side = off_smooth_side <= SMOOTH_SIDE * mismatch + CONFIRM_STEP * resolution
    kinks[candidate] = not_a_parabola & on_smooth_side
    erratic[candidate] = not_a_parabola & ~on_smooth_side
    return KinkScan(kinks, erratic)
