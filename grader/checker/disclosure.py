"""Whether a failed check may show the values it expected.

A visible test shows everything: the student has its source anyway. A hidden test's
expected values are part of what is hidden; when the trusted judge
(grader.trusted.judge) runs the hidden part of a test cell, it runs it inside
``expected_values_hidden()``, and the checker's messages then say what is wrong with
the student's answer (its shape, which entries, the bug it looks like) without the
reference values. Test cells ask ``expected_values_shown()`` before putting a reference
value into a message of their own.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

_shown: ContextVar[bool] = ContextVar("expected_values_shown", default=True)


def expected_values_shown() -> bool:
    """False while a hidden test runs in the judge; True everywhere else."""
    return _shown.get()


@contextlib.contextmanager
def expected_values_hidden():
    """Run the block as a hidden test: messages leave out expected values."""
    token = _shown.set(False)
    try:
        yield
    finally:
        _shown.reset(token)
