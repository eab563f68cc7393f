"""The two entry points: ``gradcheck`` and ``check_layer``.

``gradcheck(loss_fn, params, grads)`` checks the gradients ``grads`` of a
scalar ``loss_fn(params)``; ``check_layer(forward, backward, inputs)`` checks
a layer written in the (out, cache) / (dout, cache) convention by applying
``gradcheck`` to the scalar ``sum(forward(*inputs)[0] * dout)`` for a seeded
random upstream gradient ``dout`` (never all ones: with ones, a backward that
forgets to multiply by dout would pass).

Modes and their cost in loss evaluations (N entries in P parameters)
--------------------------------------------------------------------
=========  =============================================================
full       1 + 2·N: every entry.
sampled    1 + 2·Σ_p min(n_samples, size_p): seeded entries of *every*
           parameter, so a small bias is never skipped.
fast       1 + 2·n_directions·P, plus 2·size_p for each parameter that
           fails the screen below and is then checked entry by entry.
=========  =============================================================

The extra 1 is f(params) itself, which kink detection needs.  Only failing
checks (and checks with kinks) spend more: 2 evaluations per coordinate that
might be a kink (``grader.kinks``); 2 per entry of a failing parameter when
the loss looks imprecise, to repeat its check with a step suited to float32;
and 1 to make sure the loss is deterministic (an unseeded dropout mask makes every finite
difference meaningless, and is reported as such).

Fast mode's guarantee
---------------------
For each parameter, draw v ~ N(0, I) (seeded) and compare the analytic
⟨g, v⟩ with the numerical directional derivative ‖v‖·(f(x + h·v̂) −
f(x − h·v̂)) / 2h, v̂ = v / ‖v‖.  The screen fails when they differ by more
than ``PASS·max|g| + r·‖v‖`` (r the finite-difference resolution of
``grader.compare``) -- a tolerance that does not grow with the size of the
array.  If entry i is off by δ ≥ 1e-3·max|g|, the difference is δ·v_i plus
round-off, so one direction misses it only when |v_i| < PASS/1e-3 = 0.01,
which has probability 0.8 %; all four default directions miss it with
probability 0.008⁴ ≈ 4e-9.  A parameter that fails the screen is checked
entry by entry, so its verdict and diagnosis are exactly those of full mode.

Precision
---------
The loss always sees float64 arrays: float64 parameters are perturbed in
place (and restored bit for bit, so a ``loss_fn`` that reads a model's arrays
directly still works); any other dtype is checked on a float64 copy.  A loss
that is *computed* in float32 anyway (it returns float32, or every value it
returns is a float32 number) cannot be checked at h = 1e-5: its round-off
ε₃₂·|f|/h ≈ 1e-2·|f| swamps the differences.  A failing parameter of such a
loss is checked again at h = ``FLOAT32_STEP`` and reported with the verdict
'precision' (the gradient agrees as far as float32 allows) or 'wrong'.  A
loss that merely rounds its parameters to float32 returns float64 values but
is just as noisy; it shows as many erratic entries (more than ``NOISY_SHARE``
of them, see ``grader.kinks``) that agree at the larger step, and is
reported the same way.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from . import compare as tiers
from .compare import Comparison, compare, rel_error, resolution
from .diagnosis import diagnose_shape, diagnose_values, format_index, non_finite_problem
from .kinks import find_kinks
from .numerical import Differences, central_differences, directional_differences
from .report import Entry, ParamReport, Report
from .safety import StudentCodeError, call, describe_exception, quarantine, student_numerics

__all__ = ["check_layer", "gradcheck"]

MODES = ("full", "sampled", "fast")
FLOAT32_STEP = 1e-2  # ≈ the optimal central-difference step for float32, cbrt(3·ε₃₂)
FLOAT32_AGREEMENT = 1e-2  # how well a correct gradient of a float32 loss agrees at FLOAT32_STEP
NOISY_SHARE = 0.2  # more erratic entries than this share (see grader.kinks) suggest a noisy loss
SHOWN_ENTRIES = 3  # worst entries listed per failing parameter
FLOAT32_LOSS = "the loss is computed in float32 (every value it returns is a float32 number)"
NOISY_LOSS = (
    "the loss is imprecise ({count} of {total} entries vary erratically at the scale of h, but agree at a "
    "larger step: typical of parameters rounded to float32 inside the loss)"
)


def gradcheck(loss_fn, params: dict, grads: dict, *, mode: str = "full", h: float = 1e-5,
              n_samples: int = 20, n_directions: int = 4, seed: int = 0, title: str = "the loss") -> Report:
    """Check analytic gradients ``grads`` of the scalar ``loss_fn(params)``.

    ``params`` and ``grads`` map names to arrays (grads[name] has the shape of
    params[name], in loss units per parameter unit).  ``mode`` is 'full',
    'sampled' (``n_samples`` seeded entries per parameter) or 'fast'
    (``n_directions`` seeded random directions per parameter, see the module
    docstring); ``h`` is the finite-difference step in parameter units.
    Never raises because of ``loss_fn`` or ``grads``: every failure becomes a
    failed ``Report``.
    """
    settings = _Settings(mode, h, n_samples, n_directions, seed)
    names = list(params)
    loss, arrays, pristine = _Loss(loss_fn, (params,), "the loss function", _scalar), {}, {}
    with quarantine() as captured:
        try:
            arrays, copies = _working_arrays(params)
            pristine = {name: arrays[name].copy() for name in names if name not in copies}
            loss.args = (params if not copies else {**params, **copies},)
            analytic = {name: _as_gradient(grads.get(name, _MISSING) if isinstance(grads, dict) else _NOT_A_DICT)
                        for name in names}
            reports, overall, problem = _check(loss, arrays, analytic, settings)
            problem = _mutation_problem(arrays, pristine, "the loss function", "params") or problem
        except StudentCodeError as error:
            reports, overall, problem = _unchecked(names, settings, str(error)), float("inf"), str(error)
            _restore(arrays, pristine)
        except Exception as error:  # the checker must not crash a grading cell, even on its own bugs
            problem = f"the checker failed ({describe_exception(error, 'internally')}); please report this"
            reports, overall = _unchecked(names, settings, problem), float("inf")
            _restore(arrays, pristine)
    return _report(title, settings, reports, overall, loss.n_evals, problem, captured)


def check_layer(forward, backward, inputs, *, seed: int = 0, mode: str = "full", h: float = 1e-5,
                n_samples: int = 20, n_directions: int = 4, title: str | None = None) -> Report:
    """Check ``backward`` against ``forward`` for a layer.

    ``forward(*inputs) -> (out, cache)`` and ``backward(dout, cache) -> grads``
    with one gradient per input, in the order of ``inputs`` (a dict name →
    array, or a single array named 'x'; backward may then return the bare
    array).  Inputs are checked on float64 copies; the caller's arrays are
    never touched.  ``dout`` is standard normal, drawn from ``seed``.  Other
    options as for ``gradcheck``.  Never raises because of the layer.
    """
    settings = _Settings(mode, h, n_samples, n_directions, seed)
    title = title or _layer_title(forward)
    named = inputs if isinstance(inputs, dict) else {"x": inputs}
    names = list(named)
    loss = _Loss(None, (), "forward", float)
    with quarantine() as captured:
        try:
            xs = [np.array(value, dtype=np.float64) for value in named.values()]
            pristine = {name: x.copy() for name, x in zip(names, xs)}
            arrays = dict(zip(names, xs))
            loss.n_evals = 1
            out, cache = _forward_result(call(forward, *xs, role="forward"))
            dout = np.random.default_rng(seed).standard_normal(out.shape)
            f_x = float(np.vdot(out, dout))
            gradients = _layer_gradients(call(backward, dout, cache, role="backward"), names)
            problem = _mutation_problem(arrays, pristine, "forward or backward", "inputs")
            analytic = {name: _as_gradient(gradients.get(name, _MISSING)) for name in names}

            def layer_value():
                value, _ = _forward_result(call(forward, *xs, role="forward"))
                if value.shape != dout.shape:
                    raise StudentCodeError(
                        f"forward's output changed shape from {dout.shape} to {value.shape} when an input changed"
                    )
                return float(np.vdot(value, dout))

            loss.fn = layer_value
            reports, overall, nondeterminism = _check(loss, arrays, analytic, settings, f_x, _all_float32(out.ravel()))
            problem = problem or _mutation_problem(arrays, pristine, "forward", "inputs") or nondeterminism
        except StudentCodeError as error:
            reports, overall, problem = _unchecked(names, settings, str(error)), float("inf"), str(error)
        except Exception as error:  # the checker must not crash a grading cell, even on its own bugs
            problem = f"the checker failed ({describe_exception(error, 'internally')}); please report this"
            reports, overall = _unchecked(names, settings, problem), float("inf")
    return _report(title, settings, reports, overall, loss.n_evals, problem, captured)


@dataclass(frozen=True)
class _Settings:
    mode: str
    h: float
    n_samples: int
    n_directions: int
    seed: int

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {self.mode!r}")
        if not (isinstance(self.h, (int, float)) and 0 < self.h < 1):
            raise ValueError(f"h must be a small positive step, not {self.h!r}")
        if self.n_samples < 1 or self.n_directions < 1:
            raise ValueError("n_samples and n_directions must be at least 1")

    def rng(self, name: str, purpose: str) -> np.random.Generator:
        """A generator that depends on the seed, the parameter and the purpose only."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode()), zlib.crc32(purpose.encode())])


class _Loss:
    """The scalar being differentiated: ``fn(*args)`` as a float, counting evaluations.

    Any failure of ``fn`` becomes a ``StudentCodeError`` naming ``role``.
    """

    def __init__(self, fn, args: tuple, role: str, convert):
        self.fn, self.args, self.role, self.convert = fn, args, role, convert
        self.n_evals = 0

    def __call__(self) -> float:
        self.n_evals += 1
        try:
            value = self.fn(*self.args)
        except (KeyboardInterrupt, StudentCodeError):
            raise
        except BaseException as exc:  # noqa: BLE001 -- see grader.safety
            raise StudentCodeError(describe_exception(exc, self.role)) from None
        return value if type(value) is float else self.convert(value)


@dataclass
class _Gradient:
    """A student's gradient as float64 (``array``), or why it cannot be used (``problem``)."""

    array: np.ndarray | None
    problem: str | None = None


@dataclass
class _Evidence:
    """What was measured for one parameter."""

    name: str
    shape: tuple
    gradient: _Gradient
    around: Differences | None = None  # elementwise differences
    directions: tuple[np.ndarray, np.ndarray] | None = None  # (analytic, numeric) directional derivatives
    coarse: Differences | None = None  # elementwise differences at FLOAT32_STEP, if needed


_MISSING = object()
_NOT_A_DICT = object()


def _check(loss: _Loss, arrays: dict, analytic: dict, settings: _Settings, f_x=None, float32_hint=False):
    """Measure every parameter, then judge each one.

    Returns (reports, overall rel. error, a problem of the loss itself or None).

    ``f_x`` is the loss at the unperturbed parameters if already known;
    ``float32_hint`` says the loss is known to be computed in float32.
    """
    if f_x is None:
        f_x = loss()
    loss_is_float32 = float32_hint or isinstance(f_x, np.float32)
    f_x = float(f_x)
    if not np.isfinite(f_x):
        raise StudentCodeError(f"the loss is {f_x} at the given parameters, so nothing can be checked")
    screen_noise = resolution(abs(f_x), settings.h)
    evidence = [
        _measure(loss, name, arrays[name], analytic[name], settings, screen_noise) for name in arrays
    ]
    with np.errstate(all="ignore"):
        values = [f_x] + [v for e in evidence if e.around is not None for v in (e.around.plus, e.around.minus)]
        values = np.concatenate([np.ravel(v) for v in values])
        loss_is_float32 = loss_is_float32 or _all_float32(values)
        finite = values[np.isfinite(values)]
        judge = _Judge(
            loss=loss,
            arrays=arrays,
            settings=settings,
            f_x=f_x,
            scale=_gradient_scale(evidence),
            resolution=resolution(float(np.max(np.abs(finite))), settings.h),
            imprecision=FLOAT32_LOSS if loss_is_float32 else None,
        )
        reports, pairs = {}, []
        for e in evidence:
            reports[e.name], pair = judge(e)
            pairs.append(pair)
        judge.revisit()
    doubtful = judge.saw_mismatch or not all(report.ok for report in reports.values())
    return reports, _overall_error(pairs), _nondeterminism(loss, f_x) if doubtful else None


def _nondeterminism(loss: _Loss, f_x: float) -> str | None:
    """Evaluate the loss once more at the same point; say so if the value changed."""
    again = float(loss())
    if again == f_x:
        return None
    return (
        f"the loss is not deterministic: two evaluations at the same parameters gave {f_x!r} and {again!r} "
        "(a random dropout mask or sampling without a fixed seed?), so finite differences are meaningless"
    )


def _measure(loss, name, x, gradient: _Gradient, settings: _Settings, screen_noise: float) -> _Evidence:
    """Spend the evaluations one parameter needs in the chosen mode."""
    evidence = _Evidence(name, x.shape, gradient)
    usable = gradient.array is not None and gradient.array.shape == x.shape and np.all(np.isfinite(gradient.array))
    try:
        if settings.mode == "fast" and usable and x.size:
            evidence.directions = _screen(loss, x, gradient.array, settings, name, screen_noise)
            if evidence.directions is not None:
                return evidence
        if settings.mode == "sampled":
            count = min(settings.n_samples, x.size)
            indices = np.sort(settings.rng(name, "samples").choice(x.size, size=count, replace=False))
        else:
            indices = np.arange(x.size)
        evidence.around = central_differences(loss, x, indices, settings.h)
    except StudentCodeError as error:
        where = f" while {name}{format_index(error.coordinate, x.shape)} was perturbed" if hasattr(error, "coordinate") else ""
        raise StudentCodeError(f"{error}{where}") from None
    return evidence


def _screen(loss, x, g, settings: _Settings, name: str, noise: float):
    """Directional screen of fast mode: (analytic, numeric) derivatives along v, or None if it fails."""
    v = settings.rng(name, "directions").standard_normal((settings.n_directions, *x.shape))
    lengths = np.sqrt(np.sum(v.reshape(len(v), -1) ** 2, axis=1))
    units = v / lengths.reshape(-1, *([1] * x.ndim))
    numeric = directional_differences(loss, x, units, settings.h) * lengths
    with np.errstate(all="ignore"):  # an absurd gradient (1e300) must not look like a numpy warning of the student's
        analytic = v.reshape(len(v), -1) @ g.reshape(-1)
        tolerance = tiers.PASS * np.max(np.abs(g)) + noise * lengths
        passed = bool(np.all(np.abs(analytic - numeric) <= tolerance))
    return (analytic, numeric) if passed else None


@dataclass
class _Judge:
    """Turns one parameter's evidence into a ParamReport (and the values it compared)."""

    loss: _Loss
    arrays: dict
    settings: _Settings
    f_x: float
    scale: float
    resolution: float
    imprecision: str | None  # why the loss is too imprecise to check at h, once known
    unexplained: list = field(default_factory=list)  # failures judged while imprecision was unknown
    saw_mismatch: bool = False  # some entry disagreed at first (even if later explained as a kink)

    def __call__(self, e: _Evidence):
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
                                  verdict.mismatched, self.settings.h, self.resolution)
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

    def _explain(self, report: ParamReport, e: _Evidence, analytic, numeric, indices, verdict: Comparison):
        """Fill in the diagnosis and the numpy.testing-style details of a failing parameter."""
        difference = np.abs(analytic - numeric)
        report.n_compared = len(indices)
        report.n_mismatched = int(verdict.mismatched.sum())
        report.max_abs_difference = float(difference.max())
        relative = np.divide(difference, np.abs(numeric), out=np.full_like(difference, np.inf), where=numeric != 0)
        report.max_rel_difference = float(np.max(relative, initial=0.0, where=difference > 0))
        order = np.argsort(difference)[::-1][:SHOWN_ENTRIES]
        report.worst = [Entry(_index(indices[i], e.shape), float(numeric[i]), float(analytic[i])) for i in order]
        report.diagnosis = diagnose_values(e.gradient.array, numeric, indices, verdict.mismatched)

    def _coarse_differences(self, e: _Evidence, indices) -> Differences:
        """Central differences at FLOAT32_STEP (computed once per parameter)."""
        if e.coarse is None:
            with student_numerics():
                e.coarse = central_differences(self.loss, self.arrays[e.name], indices, FLOAT32_STEP)
        return e.coarse

    def _coarse_error(self, e: _Evidence, indices) -> float:
        analytic = e.gradient.array.reshape(-1)[indices]
        return rel_error(analytic, self._coarse_differences(e, indices).slopes)

    def _explain_imprecision(self, report: ParamReport, e: _Evidence, indices):
        """Re-judge a failing parameter of an imprecise loss at a step its precision can resolve."""
        reason = self.imprecision
        error = self._coarse_error(e, indices)
        h, coarse = self.settings.h, f"h={FLOAT32_STEP:g}"
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
                diagnose_values(e.gradient.array, slopes, indices, mismatched)
                + f" (checked at {coarse} because {reason}; rel. error {error:.1e})"
            )

    def _failed(self, e: _Evidence, verdict: str, diagnosis: str, checked: str) -> ParamReport:
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


def _gradient_scale(evidence: list[_Evidence]) -> float:
    """G: the largest numerical gradient entry of the whole function (see grader.compare)."""
    largest = 0.0
    for e in evidence:
        if e.around is not None and len(e.around.indices):
            slopes = e.around.slopes
            finite = slopes[np.isfinite(slopes)]
            largest = max(largest, float(np.max(np.abs(finite), initial=0.0)))
        elif e.directions is not None:  # screened: the analytic gradient is trusted to 1e-5
            largest = max(largest, float(np.max(np.abs(e.gradient.array))))
    return largest


def _overall_error(pairs) -> float:
    """rel_error over every compared entry of every parameter; inf if one could not be compared."""
    if any(pair is None for pair in pairs):
        return float("inf")
    if not pairs:
        return 0.0
    return rel_error(np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs]))


def _all_float32(values: np.ndarray) -> bool:
    """True when every (finite) value is exactly a float32 number -- a float32 computation."""
    finite = values[np.isfinite(values)]
    return len(np.unique(finite)) > 1 and bool(np.all(finite.astype(np.float32).astype(np.float64) == finite))


def _working_arrays(params: dict):
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
            raise StudentCodeError(f"params[{name!r}] is not an array of numbers but {_describe(value)}") from None
    return arrays, copies


def _restore(arrays: dict, pristine: dict):
    for name, saved in pristine.items():
        np.copyto(arrays[name], saved)


def _mutation_problem(arrays: dict, pristine: dict, who: str, what: str) -> str | None:
    """Restore arrays that student code changed in place, and say so."""
    changed = [name for name, saved in pristine.items() if arrays[name].tobytes() != saved.tobytes()]
    if not changed:
        return None
    _restore(arrays, pristine)
    return (
        f"{who} modified {what} {', '.join(changed)} in place, so the check is meaningless "
        "(work on copies, e.g. x = x.copy(), or out-of-place operations)"
    )


def _scalar(value) -> float:
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
            f"the loss function returned {_describe(value)}: it must return a single number "
            "(forgot to sum or average?)"
        ) from None
    number = array.reshape(())[()]
    return number if array.dtype == np.float32 else float(number)


def _as_gradient(value) -> _Gradient:
    """Convert a student's gradient to a float64 array of its own, or explain why not."""
    if value is _MISSING:
        return _Gradient(None, "has no gradient: grads has no entry for it")
    if value is _NOT_A_DICT:
        return _Gradient(None, "has no gradient: grads must be a dict of arrays")
    if value is None:
        return _Gradient(None, "has no gradient: it is None (was it returned?)")
    try:
        if np.iscomplexobj(value):
            return _Gradient(None, "has a complex-valued gradient; gradients of a real loss are real")
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        return _Gradient(None, f"has a gradient that is not an array of numbers but {_describe(value)}")
    return _Gradient(array)


def _describe(value) -> str:
    """Short description of an unexpected value: 'an array of shape (3,)', "a str ('abc')"."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return f"a {type(value).__name__} ({text[:40] + '...' if len(text) > 40 else text})"


def _forward_result(result):
    """(out as float64 array, cache) from what forward returned, or StudentCodeError."""
    if not (isinstance(result, tuple) and len(result) == 2):
        got = f"a tuple of {len(result)} values" if isinstance(result, tuple) else _describe(result)
        raise StudentCodeError(f"forward must return (out, cache), but it returned {got}")
    out, cache = result
    try:
        array = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise StudentCodeError(f"forward's out must be an array of numbers, not {_describe(out)}") from None
    return array, cache


def _layer_gradients(result, names: list[str]) -> dict:
    """Match what backward returned to the inputs' names."""
    if isinstance(result, dict):
        return result
    if len(names) == 1:
        single = isinstance(result, tuple) and len(result) == 1
        return {names[0]: result[0] if single else result}
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        got = f"{len(result)} values" if isinstance(result, (tuple, list)) else _describe(result)
        raise StudentCodeError(
            f"backward returned {got}, but the layer has {len(names)} inputs "
            f"({', '.join(names)}): it must return one gradient per input, in that order"
        )
    return dict(zip(names, result))


def _layer_title(forward) -> str:
    name = getattr(forward, "__name__", "layer")
    return "the layer" if name == "<lambda>" else name.removesuffix("_forward")


def _unchecked(names, settings: _Settings, reason: str) -> dict:
    return {name: ParamReport(name, "error", float("inf"), "not checked", diagnosis="was not checked: " + reason)
            for name in names}


def _report(title, settings: _Settings, reports, overall, n_evals, problem, captured) -> Report:
    if problem is None and captured.numerical_problems:
        problem = (
            "numpy warned while the code ran (" + "; ".join(captured.numerical_problems) + "): "
            "an overflow, division by zero or invalid value, e.g. exp of large numbers or log of 0"
        )
    return Report(
        title=title,
        mode=settings.mode,
        h=settings.h,
        params=reports,
        n_evals=n_evals,
        rel_error=overall,
        problem=problem,
        warnings=captured.warnings,
        stderr=captured.stderr,
    )
