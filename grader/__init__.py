"""Backprop Lab's reference gradient checker.

    >>> import numpy as np, grader
    >>> x = np.array([1.0, -2.0])
    >>> report = grader.gradcheck(lambda p: float(np.sum(p["x"] ** 2)), {"x": x}, {"x": 2 * x})
    >>> report.ok, report.n_evals
    (True, 5)

Modules, one job each: ``numerical`` (finite differences), ``compare``
(relative error and verdict tiers), ``kinks`` (non-differentiable points),
``diagnosis`` (naming the bug), ``report`` (the verdict as text and HTML),
``safety`` (running student code harmlessly), ``check`` (``gradcheck`` and
``check_layer``) and ``testing`` (one-line assertions for nbgrader test cells).
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
