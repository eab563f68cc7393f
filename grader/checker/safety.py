"""Running student code so that nothing it does can break the grading cell.

nbgrader scores a test cell 0 as soon as anything reaches stderr, and a
traceback from inside the checker tells a student nothing.  So every call into
student code goes through this module:

* ``quarantine()`` is entered once around a whole check.  Inside it, numpy
  floating-point problems become warnings, every warning is recorded instead of
  printed, and anything written to ``sys.stderr`` is captured.
* ``call(fn, *args, role=...)`` calls one student function and turns *any*
  exception -- including ``SystemExit`` from a stray ``sys.exit()`` -- into a
  ``StudentCodeError`` whose message names the function, the exception and the
  student's line that raised it.  Only ``KeyboardInterrupt`` passes through, so
  that an instructor can still stop a runaway check.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Quarantine", "StudentCodeError", "call", "describe_exception", "quarantine", "student_numerics"]


class StudentCodeError(Exception):
    """A student's function failed; ``str(error)`` explains how in plain words."""


@dataclass
class Quarantine:
    """What student code tried to say while quarantined.

    ``warnings`` holds one line per distinct warning ("RuntimeWarning: overflow
    encountered in exp (20 times)"); ``numerical_problems`` the subset that are
    floating-point warnings (overflow, division by zero, invalid value), which
    fail a check; ``stderr`` is whatever was written to ``sys.stderr``.
    """

    warnings: list[str] = field(default_factory=list)
    numerical_problems: list[str] = field(default_factory=list)
    stderr: str = ""


@contextlib.contextmanager
def quarantine():
    """Capture warnings, numpy floating-point errors and stderr for the block.

    Yields a ``Quarantine`` that is filled in when the block exits.
    """
    captured = Quarantine()
    stderr = io.StringIO()
    with (
        warnings.catch_warnings(record=True) as caught,
        student_numerics(),
        contextlib.redirect_stderr(stderr),
    ):
        warnings.simplefilter("always")
        try:
            yield captured
        finally:
            captured.warnings, captured.numerical_problems = _summarize(caught)
            captured.stderr = stderr.getvalue()


def student_numerics():
    """numpy error handling for student code: every floating-point problem warns (underflow aside).

    The checker's own arithmetic runs under ``np.errstate(all="ignore")`` and
    re-enters this context whenever it evaluates student code again.
    """
    return np.errstate(all="warn", under="ignore")


def call(fn, *args, role: str):
    """Return ``fn(*args)``; raise ``StudentCodeError`` if it fails in any way.

    ``role`` names the function in messages, e.g. "forward" or "the loss function".
    """
    try:
        return fn(*args)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 -- a student's sys.exit() must not end grading
        raise StudentCodeError(describe_exception(exc, role)) from None


def describe_exception(exc: BaseException, role: str) -> str:
    """One line: "<role> raised ZeroDivisionError: division by zero (line 3: `return 1 / n`)"."""
    if isinstance(exc, SystemExit):
        what = f"called sys.exit({exc.code!r})" if exc.code is not None else "called sys.exit()"
    else:
        detail = str(exc)
        what = f"raised {type(exc).__name__}" + (f": {detail}" if detail else "")
    return f"{role} {what}{_where(exc)}"


def _where(exc: BaseException) -> str:
    """" (line 12: `code`)" for the innermost frame that raised, or ""."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    frame = frames[-1]
    code = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    return f" (line {frame.lineno}: `{code}`)" if code else f" (line {frame.lineno})"


def _summarize(caught) -> tuple[list[str], list[str]]:
    """Deduplicate recorded warnings into readable lines, counting repeats."""
    counts: dict[tuple[type, str], int] = {}
    for record in caught:
        key = (record.category, str(record.message))
        counts[key] = counts.get(key, 0) + 1
    every, numerical = [], []
    for (category, message), count in counts.items():
        line = f"{category.__name__}: {message}" + (f" ({count} times)" if count > 1 else "")
        every.append(line)
        if issubclass(category, RuntimeWarning):
            numerical.append(line)
    return every, numerical
