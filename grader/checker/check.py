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
might be a kink (``grader.checker.kinks``); 2 per entry of a failing parameter when
the loss looks imprecise, to repeat its check with a step suited to float32;
1 to make sure the loss is deterministic (an unseeded dropout mask makes
every finite difference meaningless, and is reported as such); and, in
``check_layer``, 1 forward call whose cache goes to backward with 2·dout, to
tell a backward that ignores dout (the same gradients for both) from other bugs.

Fast mode's guarantee
---------------------
For each parameter, draw v ~ N(0, I) (seeded) and compare the analytic
⟨g, v⟩ with the numerical directional derivative ‖v‖·(f(x + h·v̂) −
f(x − h·v̂)) / 2h, v̂ = v / ‖v‖.  The screen fails when they differ by more
than ``PASS·max|g| + r·‖v‖`` (r the finite-difference resolution of
``grader.checker.compare``) -- a tolerance that does not grow with the size of the
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
that is nevertheless computed in float32 is reported as a precision problem,
not as a wrong gradient (see ``grader.checker.verdict``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .compare import PASS, resolution
from .diagnosis import format_index
from .verdict import FLOAT32_LOSS, Evidence, Judge, all_float32, gradient_scale, overall_error
from .numerical import central_differences, directional_differences
from .report import ParamReport, Report
from .returns import (
    MISSING,
    describe_inputs,
    known_slips,
    NOT_A_DICT,
    Gradient,
    as_gradient,
    forward_result,
    layer_gradients,
    loss_value,
    mutation_problem,
    restore,
    working_arrays,
)
from .safety import StudentCodeError, call, describe_exception, quarantine

__all__ = ["check_layer", "gradcheck"]

MODES = ("full", "sampled", "fast")


def gradcheck(loss_fn, params: dict, grads: dict, *, mode: str = "full", h: float = 1e-5,
              n_samples: int = 20, n_directions: int = 4, seed: int = 0, title: str = "the loss",
              slips: dict | None = None) -> Report:
    """Check analytic gradients ``grads`` of the scalar ``loss_fn(params)``.

    ``params`` and ``grads`` map names to arrays (grads[name] has the shape of
    params[name], in loss units per parameter unit).  ``mode`` is 'full',
    'sampled' (``n_samples`` seeded entries per parameter) or 'fast'
    (``n_directions`` seeded random directions per parameter, see the module
    docstring); ``h`` is the finite-difference step in parameter units.
    ``slips`` maps a description of a known mistake to the gradients it
    would give ({name: array}); a failing gradient that equals one is
    diagnosed with that description.  ``loss_fn`` gets a dict of fresh copies
    at every call (the caller's arrays are also perturbed in place, for a
    loss that reads a model's arrays directly); a loss that changes its
    argument fails the check.
    Never raises because of ``loss_fn`` or ``grads``: every failure becomes a
    failed ``Report``.
    """
    settings = _Settings(mode, h, n_samples, n_directions, seed)
    names = list(params)
    arrays, pristine = {}, {}
    loss = _Loss(None, (), "the loss function", loss_value)
    with quarantine() as captured:
        try:
            arrays, copies = working_arrays(params)
            pristine = {name: arrays[name].copy() for name in names if name not in copies}
            handing = _Handing(arrays)
            loss.fn = lambda: handing.call(loss_fn, lambda handed: (handed,))
            analytic = {name: as_gradient(grads.get(name, MISSING) if isinstance(grads, dict) else NOT_A_DICT)
                        for name in names}
            reports, overall, problem = _check(loss, arrays, analytic, settings, known_slips(slips, names))
            problem = (mutation_problem(arrays, pristine, "the loss function", "params")
                       or handing.problem("the loss function", "params") or problem)
        except StudentCodeError as error:
            problem = f"{error}; the call got params {describe_inputs(arrays)}" if arrays else str(error)
            reports, overall = _unchecked(names, problem), float("inf")
            restore(arrays, pristine)
        except Exception as error:  # the checker must not crash a grading cell, even on its own bugs
            problem = f"the checker failed ({describe_exception(error, 'internally')}); please report this"
            reports, overall = _unchecked(names, problem), float("inf")
            restore(arrays, pristine)
    return _report(title, settings, reports, overall, loss.n_evals, problem, captured)


def check_layer(forward, backward, inputs, *, seed: int = 0, mode: str = "full", h: float = 1e-5,
                n_samples: int = 20, n_directions: int = 4, title: str | None = None,
                slips: dict | None = None) -> Report:
    """Check ``backward`` against ``forward`` for a layer.

    ``forward(*inputs) -> (out, cache)`` and ``backward(dout, cache) -> grads``
    with one gradient per input, in the order of ``inputs`` (a dict name →
    array, or a single array named 'x'; backward may then return the bare
    array).  Every call of forward gets its own float64 copies of the inputs,
    so a forward that works in place cannot disturb the check, but it fails
    the check all the same (its caller's arrays would change): the mutation is
    charged to this layer.  ``dout`` is standard normal, drawn from ``seed``.
    ``slips`` maps a description of a known mistake to a function
    ``(inputs dict, dout) -> gradients`` (as backward returns them, e.g. from
    ``grader.checker.slips.elementwise_slips``); a failing gradient that equals one
    is diagnosed with that description.  Other options as for ``gradcheck``.
    Never raises because of the layer.
    """
    settings = _Settings(mode, h, n_samples, n_directions, seed)
    title = title or _layer_title(forward)
    named = inputs if isinstance(inputs, dict) else {"x": inputs}
    names = list(named)
    loss, arrays = _Loss(None, (), "forward", float), {}
    with quarantine() as captured:
        try:
            arrays = {name: np.array(value, dtype=np.float64) for name, value in named.items()}
            handing = _Handing(arrays)
            loss.n_evals = 1
            out, cache = forward_result(handing.call(forward, tuple, role="forward"))
            dout = np.random.default_rng(seed).standard_normal(out.shape)
            f_x = float(np.vdot(out, dout))
            gradients = layer_gradients(call(backward, dout, cache, role="backward"), names)
            analytic = {name: as_gradient(gradients.get(name, MISSING)) for name in names}
            candidates = {description: layer_gradients(slip({n: a.copy() for n, a in arrays.items()}, dout), names)
                          for description, slip in (slips or {}).items()}
            candidates.update(_mask_of_dout(arrays, dout))

            def layer_value():
                value, _ = forward_result(handing.call(forward, tuple, role="forward"))
                if value.shape != dout.shape:
                    raise StudentCodeError(
                        f"forward's output changed shape from {dout.shape} to {value.shape} when an input changed"
                    )
                return float(np.vdot(value, dout))

            loss.fn = layer_value
            reports, overall, nondeterminism = _check(loss, arrays, analytic, settings, known_slips(candidates, names),
                                                      f_x, all_float32(out.ravel()))
            problem = handing.problem("forward", "its input") or nondeterminism
            if not all(report.ok for report in reports.values()):
                loss.n_evals += 1
                fresh_forward = lambda: forward_result(handing.call(forward, tuple, role="forward"))  # noqa: E731
                _name_ignored_dout(reports, gradients, fresh_forward, backward, dout, names)
        except StudentCodeError as error:
            problem = f"{error}; the layer got inputs {describe_inputs(arrays)}" if arrays else str(error)
            reports, overall = _unchecked(names, problem), float("inf")
        except Exception as error:  # the checker must not crash a grading cell, even on its own bugs
            problem = f"the checker failed ({describe_exception(error, 'internally')}); please report this"
            reports, overall = _unchecked(names, problem), float("inf")
    return _report(title, settings, reports, overall, loss.n_evals, problem, captured)


IGNORES_DOUT = (
    "is not multiplied by the upstream gradient dout: backward returns the same gradients for dout and for 2·dout, "
    "so it passes on only the layer's local derivative; multiply it by dout (the chain rule)"
)
MASK_OF_DOUT = (
    "dout where dout > 0 and 0 elsewhere: the mask taken from dout instead of x (ReLU passes dout where its "
    "input x > 0: dout * (x > 0), with x from the cache)"
)


def _mask_of_dout(arrays: dict, dout: np.ndarray) -> dict:
    """The known slip of a ReLU-like backward that masks dout by its own sign, for inputs of dout's shape."""
    masked = np.where(dout > 0, dout, 0.0)
    gradients = {name: masked for name, array in arrays.items() if array.shape == dout.shape}
    return {MASK_OF_DOUT: gradients} if gradients else {}


def _name_ignored_dout(reports: dict, gradients: dict, fresh_forward, backward, dout, names) -> None:
    """Diagnose a backward that ignores dout: called again on a fresh cache with 2·dout, it returns the same.

    Spends one forward and one backward call, only after a failed check.  A
    correct backward is linear in dout, so doubling dout doubles every
    non-zero gradient; equal results mean dout never entered the computation.
    """
    try:
        _, cache = fresh_forward()
        again = layer_gradients(call(backward, 2 * dout, cache, role="backward"), names)
        first = {name: as_gradient(gradients.get(name, MISSING)).array for name in names}
        second = {name: as_gradient(again.get(name, MISSING)).array for name in names}
    except StudentCodeError:
        return
    same = all(first[name] is not None and second[name] is not None and first[name].shape == second[name].shape
               and np.any(first[name]) and np.array_equal(first[name], second[name]) for name in names)
    if not same:
        return
    for report in reports.values():
        if not report.ok and report.verdict in ("wrong", "look closer"):
            report.diagnosis = IGNORES_DOUT


class _Handing:
    """Hands student code fresh copies of the working arrays and notices which ones it changed.

    The working arrays (perturbed in place by ``grader.checker.numerical``) never reach
    student code, so nothing it does to its arguments can move the point
    being checked.  Costs one copy and one comparison of every array per call.
    """

    def __init__(self, arrays: dict):
        self.arrays = arrays
        self.changed: list[str] = []  # names of the arrays some call changed, in order

    def call(self, fn, pack, role: str | None = None):
        """fn(*pack(copies)) for a dict of copies; with ``role``, failures become StudentCodeError."""
        handed = {name: array.copy() for name, array in self.arrays.items()}
        args = pack(handed) if pack is not tuple else tuple(handed.values())
        value = call(fn, *args, role=role) if role else fn(*args)
        for name, copy in handed.items():
            if name not in self.changed and copy.tobytes() != self.arrays[name].tobytes():
                self.changed.append(name)
        return value

    def problem(self, who: str, what: str) -> str | None:
        if not self.changed:
            return None
        return (
            f"{who} changed {what} {', '.join(self.changed)} in place (the checker gave it copies, so the gradients "
            "were still checked, but a caller's arrays would change under it): compute into a new array, e.g. "
            "np.maximum(x, 0) instead of np.maximum(x, 0, out=x), or x = x.copy() first"
        )


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
        except BaseException as exc:  # noqa: BLE001 -- see grader.checker.safety
            raise StudentCodeError(describe_exception(exc, self.role)) from None
        return value if type(value) is float else self.convert(value)


def _check(loss: _Loss, arrays: dict, analytic: dict, settings: _Settings, slips: dict, f_x=None,
           float32_hint=False):
    """Measure every parameter, then judge each one.

    Returns (reports, overall rel. error, a problem of the loss itself or None).
    ``slips`` maps each parameter's name to [(description, gradient array)].

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
        loss_is_float32 = loss_is_float32 or all_float32(values)
        finite = values[np.isfinite(values)]
        judge = Judge(
            loss=loss,
            arrays=arrays,
            h=settings.h,
            f_x=f_x,
            scale=gradient_scale(evidence),
            resolution=resolution(float(np.max(np.abs(finite))), settings.h),
            imprecision=FLOAT32_LOSS if loss_is_float32 else None,
            slips=slips,
        )
        reports, pairs = {}, []
        for e in evidence:
            reports[e.name], pair = judge(e)
            pairs.append(pair)
        judge.revisit()
    doubtful = judge.saw_mismatch or not all(report.ok for report in reports.values())
    return reports, overall_error(pairs), _nondeterminism(loss, f_x) if doubtful else None


def _nondeterminism(loss: _Loss, f_x: float) -> str | None:
    """Evaluate the loss once more at the same point; say so if the value changed."""
    again = float(loss())
    if again == f_x:
        return None
    return (
        f"the loss is not deterministic: two evaluations at the same parameters gave {f_x:.6g} and {again:.6g} "
        "(a random dropout mask or sampling without a fixed seed?), so finite differences are meaningless"
    )


def _measure(loss, name, x, gradient: Gradient, settings: _Settings, screen_noise: float) -> Evidence:
    """Spend the evaluations one parameter needs in the chosen mode."""
    evidence = Evidence(name, x.shape, gradient)
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
        tolerance = PASS * np.max(np.abs(g)) + noise * lengths
        passed = bool(np.all(np.abs(analytic - numeric) <= tolerance))
    return (analytic, numeric) if passed else None


def _layer_title(forward) -> str:
    name = getattr(forward, "__name__", "layer")
    return "the layer" if name == "<lambda>" else name.removesuffix("_forward")


def _unchecked(names, reason: str) -> dict:
    return {name: ParamReport(name, "error", float("inf"), "not checked", diagnosis="was not checked: " + reason)
            for name in names}


def _report(title, settings: _Settings, reports, overall, n_evals, problem, captured) -> Report:
    """Assemble the Report.  A numpy warning fails the check only next to a failing gradient.

    An overflow in exp(-x) at x = -1000 warns although 1/(1 + inf) = 0 is the
    right value: the verdict on a gradient follows the gradient.  The warning
    is then a note; when some gradient fails (or the loss is not finite,
    which fails on its own), it is part of the problem, being a likely cause.
    """
    notes = []
    if problem is None and captured.numerical_problems:
        warned = "numpy warned while the code ran (" + "; ".join(captured.numerical_problems) + ")"
        if all(report.ok for report in reports.values()):
            notes.append(warned + ", but every value checked is finite and every gradient matches, so this costs nothing")
        else:
            problem = warned + ": an overflow, division by zero or invalid value, e.g. exp of large numbers or log of 0"
    return Report(
        title=title,
        mode=settings.mode,
        h=settings.h,
        params=reports,
        n_evals=n_evals,
        rel_error=overall,
        problem=problem,
        notes=notes,
        warnings=captured.warnings,
        stderr=captured.stderr,
    )
