"""One-sentence assertions for nbgrader test cells.

    expect_layer(affine_forward, affine_backward, {"x": x, "w": w, "b": b})
    expect_gradients(two_layer_loss, params, grads)
    expect_close(softmax(z), expected, what="softmax(z)")

On success each prints one short line to stdout ("✓ affine: all 3 gradients
match (rel. error 3.1e-10)") and returns.  On failure each raises an
``AssertionError`` subclass whose message says what is wrong and where.  In
IPython that message *is* the whole error output (``_render_traceback_``):
the verdict and diagnosis, once, with no traceback into this package and no
path of the machine it runs on.  Nothing is ever written to stderr (nbgrader
scores any stderr output as 0).

In a hidden test (``grader.checker.disclosure.expected_values_shown()`` is False: the
trusted judge runs a test cell's ``### BEGIN HIDDEN TESTS`` part so, as issue 10
requires) a failure still says what is wrong -- which entries, the student's own
values, the slip it equals -- but never an expected value, nor a difference from
one (with the student's value, a difference would give the expected value back).
"""

from __future__ import annotations

import warnings

import numpy as np

from .check import check_layer, gradcheck
from .diagnosis import format_index
from .disclosure import expected_values_shown
from .report import Report

__all__ = ["CheckFailure", "GradientCheckError", "WrongAnswerError", "expect_close", "expect_gradients", "expect_layer"]

LISTED = 5  # offending entries listed by expect_close
# A slip computed by the test agrees with the student's code to round-off, ≈ ε·|f|/(h·|f'|) ≤ 1e-11
# for the course's steps h ≥ 1e-5, while two different slips differ by a factor or by O(h) ≥ 1e-5.
SLIP_RTOL = 1e-9
HIDDEN_NOTE = "(expected values of hidden tests are not shown)"


class CheckFailure(AssertionError):
    """A failed check whose message is all a student needs: IPython shows it instead of a traceback."""

    def _render_traceback_(self) -> list[str]:
        """The lines IPython shows for this error (it calls this instead of formatting a traceback)."""
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {line}" if number == 0 else line
                for number, line in enumerate(str(self).splitlines() or [""])]


class GradientCheckError(CheckFailure):
    """A gradient check failed; ``.report`` holds the full ``Report``."""

    def __init__(self, report: Report):
        super().__init__(str(report))
        self.report = report


class WrongAnswerError(CheckFailure):
    """A numeric answer is not close to the expected one."""


def expect_layer(forward, backward, inputs, **check_kwargs) -> Report:
    """Assert that ``backward`` is the gradient of ``forward`` (see ``check_layer``)."""
    return _expect(check_layer(forward, backward, inputs, **check_kwargs))


def expect_gradients(loss_fn, params: dict, grads: dict, **gradcheck_kwargs) -> Report:
    """Assert that ``grads`` are the gradients of ``loss_fn(params)`` (see ``gradcheck``)."""
    return _expect(gradcheck(loss_fn, params, grads, **gradcheck_kwargs))


def expect_close(actual, expected, *, what: str, rtol: float = 1e-7, atol: float = 0.0,
                 slips: dict | None = None) -> None:
    """Assert |actual − expected| ≤ atol + rtol·|expected| elementwise, with equal shapes.

    ``what`` names the answer in messages ("softmax(z)").  NaN matches NaN.
    ``slips`` maps a description of a known mistake to the value it gives
    (e.g. ``grader.checker.slips.central_difference_slips``); a wrong answer that
    equals one (to ``SLIP_RTOL``) is named by it.  Any ``actual`` -- None, a
    string, a list -- gives a ``WrongAnswerError``, never another exception.
    In a hidden test the message lists the differing entries with the student's
    values only (see the module docstring).
    """
    shown = expected_values_shown()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            problem = _closeness_problem(actual, np.asarray(expected, dtype=np.float64), rtol, atol, shown)
            if problem:
                problem = _named_slip(actual, slips or {}) or problem
    except Exception as error:  # an answer too strange to compare is still just a wrong answer
        problem = f"could not be compared with the expected value ({type(error).__name__}: {error})"
    if problem:
        raise WrongAnswerError(f"{what} {problem}")
    _say(f"✓ {what} matches the expected value")


def _named_slip(actual, slips: dict) -> str | None:
    """'is <description>' for the first slip ``actual`` equals, or None."""
    for description, value in slips.items():
        value = np.asarray(value, dtype=np.float64)
        if np.shape(actual) == value.shape and np.allclose(actual, value, rtol=SLIP_RTOL, atol=0):
            return f"is {description}"
    return None


def _expect(report: Report) -> Report:
    if report.ok:
        _say(_success_line(report))
        for note in report.notes:
            _say(f"  note: {note}")
        return report
    raise GradientCheckError(report)


def _success_line(report: Report) -> str:
    count = len(report.params)
    which = f"all {count} gradients match" if count != 1 else "the gradient matches"
    kinks = sum(len(param.kinks) for param in report.params.values())
    note = f", inconclusive at {kinks} kink(s)" if kinks else ""
    return f"✓ {report.title}: {which} (rel. error {report.rel_error:.1e}{note})"


def _say(line: str) -> None:
    """Print to stdout, falling back to ASCII if stdout cannot encode the check mark."""
    try:
        print(line)
    except UnicodeEncodeError:
        print(line.replace("✓", "OK:").encode("ascii", "replace").decode("ascii"))


def _closeness_problem(actual, expected: np.ndarray, rtol: float, atol: float, shown: bool = True) -> str | None:
    """Why ``actual`` is not close to ``expected``, in numpy.testing's style; None if it is.

    With ``shown`` False (a hidden test) the mismatches list only the student's values, and
    the maximal differences are left out: each is the expected value minus a listed one.
    """
    if actual is None:
        return "is None: did the function forget to `return` its result?"
    if isinstance(actual, (str, bytes)):
        return f"should be numeric, but it is a {type(actual).__name__} ({_short(actual)})"
    try:
        if np.iscomplexobj(actual):
            return f"should be numeric, but it is a {type(actual).__name__} of complex numbers ({_short(actual)})"
        actual = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return f"should be an array of numbers, but it is a {type(actual).__name__} ({_short(actual)})"
    if actual.shape != expected.shape:
        hint = ""
        if actual.shape == expected.shape[::-1] and actual.ndim == 2:
            hint = " (transposed?)"
        elif actual.size == expected.size:
            hint = " (same number of entries: a reshape or keepdims problem?)"
        return f"has shape {actual.shape} but the expected shape is {expected.shape}{hint}"
    difference = np.abs(actual - expected)
    both_nan = np.isnan(actual) & np.isnan(expected)
    same_inf = np.isinf(expected) & (actual == expected)
    close = (difference <= atol + rtol * np.abs(expected)) | both_nan | same_inf
    if np.all(close):
        return None
    wrong = np.flatnonzero(~close.reshape(-1))
    if not shown:
        lines = [
            f"is not close to the expected value (rtol={rtol:g}, atol={atol:g})",
            f"Mismatched elements: {len(wrong)} / {expected.size} ({100 * len(wrong) / expected.size:.3g}%)",
            "First mismatches (index: your value):",
        ]
        lines += [f"  {format_index(int(i), expected.shape)}: {float(actual.reshape(-1)[i])!r}" for i in wrong[:LISTED]]
        if len(wrong) > LISTED:
            lines.append(f"  ... and {len(wrong) - LISTED} more")
        lines.append(HIDDEN_NOTE)
        return "\n".join(lines)
    finite = difference[np.isfinite(difference)]
    relative = difference / np.abs(expected)
    relative = relative[np.isfinite(relative)]
    lines = [
        f"is not close to the expected value (rtol={rtol:g}, atol={atol:g})",
        f"Mismatched elements: {len(wrong)} / {expected.size} ({100 * len(wrong) / expected.size:.3g}%)",
        f"Max absolute difference: {np.max(finite, initial=0.0):.6g}",
        f"Max relative difference: {np.max(relative, initial=0.0):.6g}",
        "First mismatches (index: got vs expected):",
    ]
    for i in wrong[:LISTED]:
        got, want = float(actual.reshape(-1)[i]), float(expected.reshape(-1)[i])
        lines.append(f"  {format_index(int(i), expected.shape)}: {got!r} vs {want!r}")
    if len(wrong) > LISTED:
        lines.append(f"  ... and {len(wrong) - LISTED} more")
    return "\n".join(lines)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
