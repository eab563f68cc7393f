# fails: central_difference_tests
# expects: only h apart, but the divisor is 2h
# A central difference evaluated at x ± h/2 but divided by 2h: half the derivative.
# %% central_difference
def central_difference(f, x, h):
    """Two-sided (central) difference approximation of the derivative f'(x).

    f: function of one real variable, applied elementwise to arrays (like np.sin).
    x: float, or ndarray of any shape S: where the derivative is wanted.
    h: float > 0, the step, in the units of x; f is evaluated at x - h and x + h.
    Returns: float, or ndarray of shape S: the central difference quotient at each x.
    """
    return (f(x + h / 2) - f(x - h / 2)) / (2 * h)
