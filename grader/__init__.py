"""Backprop Lab's reference gradient checker.

    >>> import numpy as np, grader
    >>> x = np.array([1.0, -2.0])
    >>> report = grader.gradcheck(lambda p: float(np.sum(p["x"] ** 2)), {"x": x}, {"x": 2 * x})
    >>> report.ok, report.n_evals
    (True, 5)

Modules, one job each:

* ``check``      -- ``gradcheck`` and ``check_layer``: modes, costs, guarantees
* ``numerical``  -- finite differences, perturbing in place and restoring
* ``compare``    -- relative error, verdict tiers and why they are where they are
* ``kinks``      -- telling a non-differentiable point from a wrong gradient
* ``judge``      -- one parameter's measurements → verdict
* ``diagnosis``  -- naming the bug (scale, sign, transpose, zero, unused, extra term, mask, shape, ...)
* ``slips``      -- the answers known mistakes give, for test cells to name
* ``report``     -- the verdict as text and as an HTML table
* ``returns``    -- checking what student code returns
* ``safety``     -- running student code without exceptions or stderr escaping
* ``testing``    -- one-sentence assertions for nbgrader test cells
"""

from .check import check_layer, gradcheck
from .compare import rel_error
from .numerical import numerical_gradient
from .report import ParamReport, Report
from .testing import GradientCheckError, WrongAnswerError, expect_close, expect_gradients, expect_layer

__all__ = [
    "GradientCheckError",
    "ParamReport",
    "Report",
    "WrongAnswerError",
    "check_layer",
    "expect_close",
    "expect_gradients",
    "expect_layer",
    "gradcheck",
    "numerical_gradient",
    "rel_error",
]
