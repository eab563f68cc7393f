# Ada works through every exercise and gets each one right: the reference answers,
# as a careful student writes them. Other students' files start from this one.

# %% forward_difference
def forward_difference(f, x, h):
    """One-sided (forward) difference approximation of the derivative f'(x).

    f: function of one real variable, applied elementwise to arrays (like np.sin).
    x: float, or ndarray of any shape S: where the derivative is wanted.
    h: float > 0, the step, in the units of x.
    Returns: float, or ndarray of shape S: the forward difference quotient at each x.
    """
    return (f(x + h) - f(x)) / h


# %% central_difference
def central_difference(f, x, h):
    """Two-sided (central) difference approximation of the derivative f'(x).

    f: function of one real variable, applied elementwise to arrays (like np.sin).
    x: float, or ndarray of any shape S: where the derivative is wanted.
    h: float > 0, the step, in the units of x; f is evaluated at x - h and x + h.
    Returns: float, or ndarray of shape S: the central difference quotient at each x.
    """
    return (f(x + h) - f(x - h)) / (2 * h)


# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    """Order p of a method whose errors behave like C * steps**p.

    steps: (K,) positive steps h, K >= 2.
    errors: (K,) positive errors measured at those steps.
    Returns: float, the least-squares slope of log(errors) against log(steps).
    """
    slope, _ = np.polyfit(np.log(steps), np.log(errors), 1)
    return float(slope)


# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    """Two-sided numerical gradient of a scalar function of an array.

    f: function of an ndarray of shape S, returning a float.
    x: float64 ndarray of shape S (any shape; may be a non-contiguous view such as W.T).
       Perturbed in place during the call; restored bit for bit before returning.
    h: float > 0, the step of each two-sided difference, in the units of x.
    Returns: float64 ndarray of shape S; entry i approximates df/dx[i].
             f is called exactly 2N times (N = x.size).
    """
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        old_value = x[index]
        x[index] = old_value + h
        f_plus = f(x)
        x[index] = old_value - h
        f_minus = f(x)
        x[index] = old_value
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient


# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    """Gradient of a real analytic function of an array, by the complex step.

    f: function of an ndarray of shape S returning a scalar; complex-safe, so that for complex input
       the imaginary part of the result carries the derivative.
    x: float64 ndarray of shape S (any shape). Not modified.
    h: float > 0, the size of the imaginary step.
    Returns: float64 ndarray of shape S; entry i is Im f(x + i·h·e_i) / h.
             f is called exactly N times (N = x.size).
    """
    gradient = np.zeros(x.shape)
    x_complex = x.astype(np.complex128)
    for index in np.ndindex(x.shape):
        x_complex[index] = x[index] + 1j * h
        gradient[index] = np.imag(f(x_complex)) / h
        x_complex[index] = x[index]
    return gradient
