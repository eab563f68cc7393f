"""The notebook's global namespace, for test cells that rebind a student's function.

A test may swap a layer the student wrote for a reference one, to check how the
student's network wires its layers. In JupyterLab ``globals()`` would do; but when the
instructor grades, test cells run in the trusted judge (grader.trusted.judge), whose
globals are not the kernel's. ``notebook_globals()`` is the mapping that works in both:
the caller's globals in a kernel, and the judge's namespace, whose writes reach the
student's kernel, when judged.
"""

from __future__ import annotations

import sys

#: The key under which the judge puts its namespace mapping in a test cell's globals.
NOTEBOOK_NAMESPACE = "__notebook_namespace__"


def notebook_globals():
    """The global namespace of the notebook that calls this (a mutable mapping)."""
    caller = sys._getframe(1).f_globals
    return caller.get(NOTEBOOK_NAMESPACE, caller)
