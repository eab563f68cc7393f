"""Judging: turning one parameter's measurements into a verdict and a diagnosis.

``Judge`` compares analytic and numerical derivatives with the rules of
``grader.checker.compare``, sets kinks aside (``grader.checker.kinks``), recognises a loss too
imprecise to check at the step h, and fills in the ``ParamReport``.

An imprecise loss is one computed in float32 (it returns float32, or every
value it returns is a float32 number), or one whose parameters are rounded to
float32 inside it: its round-off ε₃₂·|f|/h ≈ 1e-2·|f| at h = 1e-5 swamps the
differences, and many entries vary erratically.  A failing parameter of such
a loss is checked again at ``FLOAT32_STEP`` and gets the verdict 'precision'
when it agrees there as well as float32 allows, 'wrong' when it does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import compare as tiers
from .compare import Comparison, compare, rel_error
from .diagnosis import diagnose_shape, diagnose_values, format_index, non_finite_problem
from .kinks import find_kinks
from .numerical import Differences, central_differences
from .report import Entry, ParamReport
from .returns import Gradient
from .safety import student_numerics

__all__ = ["FLOAT32_LOSS", "Evidence", "Judge", "all_float32", "gradient_scale", "overall_error"]

FLOAT32_STEP = 1e-2  # ≈ the optimal central-difference step for float32, cbrt(3·ε₃₂)
FLOAT32_AGREEMENT = 1e-2  # how well a correct gradient of a float32 loss agrees at FLOAT32_STEP
NOISY_SHARE = 0.2  # more erratic entries than this share (see grader.checker.kinks) suggest a noisy loss
SHOWN_ENTRIES = 3  # mismatched entries listed per failing parameter (entries that agree are never listed)
FLOAT32_LOSS = "the loss is computed in float32 (every value it returns is a float32 number)"
NOISY_LOSS = (
    "the loss is imprecise ({count} of {total} entries vary erratically at the scale of h, but agree at a "
    "larger step: typical of parameters rounded to float32 inside the loss)"
)


@dataclass
class Evidence:
    """What was measured for one parameter."""

    name: str
    shape: tuple
    gradient: Gradient
    around: Differences | None = None  # elementwise differences
    directions: tuple[np.ndarray, np.ndarray] | None = None  # (analytic, numeric) directional derivatives
    coarse: Differences | None = None  # elementwise differences at FLOAT32_STEP, if needed


@dataclass
class Judge:
    """Turns one parameter's evidence into a ParamReport (and the values it compared)."""

    loss: Callable[[], float]  # the counted loss, read at ``arrays`` (perturbed in place)
    arrays: dict
    h: float
    f_x: float
    scale: float
    resolution: float
    imprecision: str | None  # why the loss is too imprecise to check at h, once known
    slips: dict = field(default_factory=dict)  # name → [(description, gradient)] of known mistakes
    unexplained: list = field(default_factory=list)  # failures judged while imprecision was unknown
    saw_mismatch: bool = False  # some entry disagreed at first (even if later explained as a kink)

    def __call__(self, e: Evidence):
        if e.directions is not None:
            analytic, numeric = e.directions
            error = rel_error(analytic, numeric)
            checked = f"{len(analytic)} random directions"
            verdict = "good" if error <= tiers.GOOD else "acceptable"  # it passed the screen
            return ParamReport(e.name, verdict, error, checked), (analytic, numeric)
        around = e.around
        numeric = around.slopes
        checked = _describe_checked(len(around.indices), int(np.prod(e.shape)))
        if e.gradient.problem:
            return self._failed(e, "error", e.gradient.problem, checked), None
        if not np.all(np.isfinite(numeric)):
            where = format_index(int(around.indices[~np.isfinite(numeric)][0]), e.shape)
            problem = f"cannot be checked: the loss is not finite when {e.name}{where} is moved by ±h"
            return self._failed(e, "error", problem, checked), None
        g = e.gradient.array
        if g.shape != e.shape:
            return self._failed(e, "wrong", diagnose_shape(g, e.shape, around.indices, numeric), checked), None
        bad_values = non_finite_problem(g)
        if bad_values:
            return self._failed(e, "wrong", bad_values, checked), None
        analytic = g.reshape(-1)[around.indices]
        verdict = self._compare(analytic, numeric)
        kinks = np.zeros(len(numeric), dtype=bool)
        self.saw_mismatch |= not verdict.ok
        if not verdict.ok and not self.imprecision:
            with student_numerics():
                scan = find_kinks(self.loss, self.arrays[e.name], around, self.f_x, analytic,
                                  verdict.mismatched, self.h, self.resolution)
            kinks = scan.kinks
            erratic = int(scan.erratic.sum())
            if erratic > NOISY_SHARE * len(kinks) and self._coarse_error(e, around.indices) <= FLOAT32_AGREEMENT:
                self.imprecision = NOISY_LOSS.format(count=erratic, total=len(kinks))
                kinks[:] = False
            elif kinks.any():
                verdict = self._compare(analytic[~kinks], numeric[~kinks])
        kept = np.flatnonzero(~kinks)
        report = ParamReport(
            name=e.name,
            verdict=_verdict(verdict, kinks.any()),
            rel_error=verdict.rel_error,
            checked=checked,
            graded_error=verdict.error,
            worst_index=_index(around.indices[kept[verdict.worst]], e.shape) if verdict.worst is not None else None,
            kinks=[_index(i, e.shape) for i in around.indices[kinks]],
        )
        if not verdict.ok:
            self._explain(report, e, analytic[kept], numeric[kept], around.indices[kept], verdict)
            if self.imprecision:
                self._explain_imprecision(report, e, around.indices)
            else:
                self.unexplained.append((report, e))
        return report, (analytic[kept], numeric[kept])

    def revisit(self):
        """Once the loss is known to be imprecise, re-explain the failures judged before that was known."""
        if self.imprecision:
            for report, e in self.unexplained:
                self._explain_imprecision(report, e, e.around.indices)
        self.unexplained = []

    def _compare(self, analytic, numeric) -> Comparison:
        return compare(analytic, numeric, scale=self.scale, resolution=self.resolution)

    def _explain(self, report: ParamReport, e: Evidence, analytic, numeric, indices, verdict: Comparison):
        """Fill in the diagnosis and the numpy.testing-style details of a failing parameter."""
        difference = np.abs(analytic - numeric)
        report.n_compared = len(indices)
        report.n_mismatched = int(verdict.mismatched.sum())
        report.max_abs_difference = float(difference.max())
        relative = np.divide(difference, np.abs(numeric), out=np.full_like(difference, np.inf), where=numeric != 0)
        report.max_rel_difference = float(np.max(relative, initial=0.0, where=difference > 0))
        shown = np.flatnonzero(verdict.mismatched)[:SHOWN_ENTRIES]  # index order: round-off cannot reorder it
        report.worst = [Entry(_index(indices[i], e.shape), float(numeric[i]), float(analytic[i])) for i in shown]
        report.diagnosis = self._diagnose(e, numeric, indices, verdict.mismatched)

    def _diagnose(self, e: Evidence, numeric, indices, mismatched) -> str:
        return diagnose_values(e.gradient.array, numeric, indices, mismatched, name=e.name,
                               values=self.arrays[e.name], slips=self.slips.get(e.name, []))

    def _coarse_differences(self, e: Evidence, indices) -> Differences:
        """Central differences at FLOAT32_STEP (computed once per parameter)."""
        if e.coarse is None:
            with student_numerics():
                e.coarse = central_differences(self.loss, self.arrays[e.name], indices, FLOAT32_STEP)
        return e.coarse

    def _coarse_error(self, e: Evidence, indices) -> float:
        analytic = e.gradient.array.reshape(-1)[indices]
        return rel_error(analytic, self._coarse_differences(e, indices).slopes)

    def _explain_imprecision(self, report: ParamReport, e: Evidence, indices):
        """Re-judge a failing parameter of an imprecise loss at a step its precision can resolve."""
        reason = self.imprecision
        error = self._coarse_error(e, indices)
        h, coarse = self.h, f"h={FLOAT32_STEP:g}"
        if error <= FLOAT32_AGREEMENT:
            report.verdict = "precision"
            report.diagnosis = (
                f"cannot be checked precisely: {reason}, and its round-off divided by h={h:g} swamps the "
                f"differences. At {coarse} the gradient agrees to rel. error {error:.1e}, as well as float32 "
                f"allows, so it is probably right: compute the loss in float64"
            )
        else:
            slopes = self._coarse_differences(e, indices).slopes
            mismatched = np.ones(len(indices), dtype=bool)
            report.diagnosis = (
                self._diagnose(e, slopes, indices, mismatched)
                + f" (checked at {coarse} because {reason}; rel. error {error:.1e})"
            )

    def _failed(self, e: Evidence, verdict: str, diagnosis: str, checked: str) -> ParamReport:
        return ParamReport(e.name, verdict, float("inf"), checked, diagnosis=diagnosis)


def _verdict(comparison: Comparison, has_kinks: bool) -> str:
    """'good', 'acceptable' or 'inconclusive' when it passes; else 'look closer' or 'wrong'."""
    if not comparison.ok:
        return tiers.tier(comparison.error)
    if has_kinks:
        return "inconclusive"
    return "good" if comparison.error <= tiers.GOOD else "acceptable"


def _describe_checked(count: int, size: int) -> str:
    if count == size:
        return f"all {size} entries" if size != 1 else "its 1 entry"
    return f"{count} sampled entries of {size}"


def _index(flat_index, shape) -> tuple:
    return tuple(int(i) for i in np.unravel_index(int(flat_index), shape))


def gradient_scale(evidence: list[Evidence]) -> float:
    """G: the largest numerical gradient entry of the whole function (see grader.checker.compare)."""
    largest = 0.0
    for e in evidence:
        if e.around is not None and len(e.around.indices):
            slopes = e.around.slopes
            finite = slopes[np.isfinite(slopes)]
            largest = max(largest, float(np.max(np.abs(finite), initial=0.0)))
        elif e.directions is not None:  # screened: the analytic gradient is trusted to 1e-5
            largest = max(largest, float(np.max(np.abs(e.gradient.array))))
    return largest


def overall_error(pairs) -> float:
    """rel_error over every compared entry of every parameter; inf if one could not be compared."""
    if any(pair is None for pair in pairs):
        return float("inf")
    if not pairs:
        return 0.0
    return rel_error(np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs]))


def all_float32(values: np.ndarray) -> bool:
    """True when every (finite) value is exactly a float32 number -- a float32 computation."""
    finite = values[np.isfinite(values)]
    return len(np.unique(finite)) > 1 and bool(np.all(finite.astype(np.float32).astype(np.float64) == finite))
