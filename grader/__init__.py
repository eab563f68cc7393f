"""Backprop Lab's reference gradient checker.

    >>> import numpy as np, grader
    >>> x = np.array([1.0, -2.0])
    >>> report = grader.gradcheck(lambda p: float(np.sum(p["x"] ** 2)), {"x": x}, {"x": 2 * x})
    >>> report.ok, report.n_evals
    (True, 5)

This module is the student-facing API: what notebooks and test cells import. The
package's folders show where each part runs (the trust boundary):

* ``checker/``   -- pure numpy + standard library, no files, no Jupyter at import; runs in
  student kernels (visible tests) and in the grader alike:

  * ``check``      -- ``gradcheck`` and ``check_layer``: modes, costs, guarantees
  * ``numerical``  -- finite differences, perturbing in place and restoring
  * ``compare``    -- relative error, verdict tiers and why they are where they are
  * ``kinks``      -- telling a non-differentiable point from a wrong gradient
  * ``verdict``    -- one parameter's measurements → verdict
  * ``diagnosis``  -- naming the bug (scale, sign, transpose, zero, unused, extra term, mask, shape, ...)
  * ``slips``      -- the answers known mistakes give, for test cells to name
  * ``report``     -- the verdict as text and as an HTML table
  * ``returns``    -- checking what student code returns
  * ``safety``     -- running student code without exceptions or stderr escaping
  * ``testing``    -- one-sentence assertions for nbgrader test cells
  * ``namespace``  -- the notebook's globals, for a test that swaps in a reference layer
  * ``disclosure`` -- whether a failed check may show its expected values (not in hidden tests)

* ``in_kernel/`` -- shares a process with student code (the kernel launcher, the judge's
  wire format and the server that calls the student's code for it): student code may
  rewrite it, so it never decides a grade.
* ``trusted/``   -- the instructor's grading process and its workers: intake, the sandbox,
  execution, the judge of test cells, gradebook, feedback, the ``backprop-lab`` command.
  No kernel imports it.
* ``limits``     -- every limit of a grading run, one commented table read by both sides.
"""

from .checker.check import check_layer, gradcheck
from .checker.compare import rel_error
from .checker.disclosure import expected_values_shown
from .checker.namespace import notebook_globals
from .checker.numerical import numerical_gradient
from .checker.report import ParamReport, Report
from .checker.slips import central_difference_slips, elementwise_slips, forward_difference_slips
from .checker.testing import GradientCheckError, WrongAnswerError, expect_close, expect_gradients, expect_layer

__all__ = [
    "GradientCheckError",
    "ParamReport",
    "Report",
    "WrongAnswerError",
    "central_difference_slips",
    "check_layer",
    "elementwise_slips",
    "expect_close",
    "expect_gradients",
    "expect_layer",
    "expected_values_shown",
    "forward_difference_slips",
    "gradcheck",
    "notebook_globals",
    "numerical_gradient",
    "rel_error",
]
