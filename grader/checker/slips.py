"""Known slips: the answers that specific mistakes give, for test cells to name.

The checker's generic diagnoses (``grader.checker.diagnosis``) come from the numbers
alone.  Some mistakes leave no generic trace -- a tanh backward computing
1 − x² instead of 1 − out² is merely "wrong in 19 of 20 entries" -- unless the
test knows the layer.  These builders turn what a test cell knows (the
nonlinearity, the finite-difference formula) into candidate answers;
``check_layer(..., slips=...)`` and ``expect_close(..., slips=...)`` name the
candidate that an answer equals.

    expect_layer(tanh_forward, tanh_backward, x,
                 slips=elementwise_slips("tanh", np.tanh, lambda out: 1 - out**2))
    expect_close(result, expected, what=..., slips=central_difference_slips(f, x, h))
"""

from __future__ import annotations

__all__ = ["central_difference_slips", "elementwise_slips", "forward_difference_slips"]


def elementwise_slips(name: str, f, derivative_of_output) -> dict:
    """Slips of the backward pass of an elementwise layer out = f(x) with f'(x) = g(out).

    ``derivative_of_output`` is g, the derivative written in terms of the
    output (``lambda out: 1 - out**2`` for tanh, ``lambda out: out * (1 - out)``
    for the sigmoid).  Returns {description: slip(inputs, dout) -> dx} for
    ``check_layer``, where inputs is {"x": array} and dx has the shape of x.
    """
    g = derivative_of_output
    return {
        f"the derivative taken at the output instead of the input: {name}'(out) = g({name}(out)) with "
        f"out = {name}(x), where {name}'(x) = g(out) is needed (the formula in terms of the output takes out "
        f"itself; do not apply {name} to it again)":
            lambda inputs, dout: dout * g(f(f(inputs["x"]))),
        f"the derivative's formula in terms of the output, g(out), applied to the input x instead: "
        f"the cache must hold out = {name}(x) (or write {name}'(x) in terms of x)":
            lambda inputs, dout: dout * g(inputs["x"]),
        f"the local derivative {name}'(x) alone: it is not multiplied by the upstream gradient dout":
            lambda inputs, dout: g(f(inputs["x"])),
    }


def central_difference_slips(f, x, h) -> dict:
    """{description: value} of common slips in the central difference (f(x+h) − f(x−h)) / 2h.

    ``x`` a number or array, ``h`` the step.  Each slip changes the quotient
    by a factor or a term of order h, far above the round-off of the
    test's own arithmetic (see ``grader.checker.testing.SLIP_RTOL``).
    """
    return {
        "(f(x+h) − f(x−h))/h: the points are 2h apart, so divide by 2h, not h":
            (f(x + h) - f(x - h)) / h,
        "(f(x+h/2) − f(x−h/2))/(2h): the points are only h apart, but the divisor is 2h; the step between "
        "the two points must match the divisor (use x ± h over 2h)":
            (f(x + h / 2) - f(x - h / 2)) / (2 * h),
        "(f(x+h/2) − f(x−h/2))/h: a central difference with step h/2; use the points x ± h over 2h":
            (f(x + h / 2) - f(x - h / 2)) / h,
        "(f(x+h) − f(x−h))/2*h: Python divides by 2, then multiplies by h; write /(2*h)":
            (f(x + h) - f(x - h)) / 2 * h,
        "f(x+h) − (x−h) over 2h: the f of the second term is missing":
            (f(x + h) - (x - h)) / (2 * h),
        "the one-sided quotient (f(x+h) − f(x))/h": (f(x + h) - f(x)) / h,
    }


def forward_difference_slips(f, x, h) -> dict:
    """{description: value} of common slips in the forward difference (f(x+h) − f(x)) / h."""
    return {
        "a backward difference (f(x) − f(x−h))/h": (f(x) - f(x - h)) / h,
        "(f(x) − f(x+h))/h: the sign is flipped": (f(x) - f(x + h)) / h,
        "the two-sided quotient; this exercise asks for the one-sided one": (f(x + h) - f(x - h)) / (2 * h),
        "(f(x+h) − f(x))/(2h): the points are h apart, so divide by h": (f(x + h) - f(x)) / (2 * h),
    }
