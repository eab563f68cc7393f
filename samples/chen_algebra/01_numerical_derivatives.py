# Chen uses algebraically different but equivalent formulas: the central difference
# as the mean of the forward and backward quotients' numerators over 2h, the order of
# accuracy with np.linalg.lstsq, and the complex step written with np.imag of a
# complex perturbation built by addition. All correct.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% forward_difference
def forward_difference(f, x, h):
    """Forward difference, written as a scaled difference."""
    return (1.0 / h) * (f(x + h) - f(x))

# %% central_difference
def central_difference(f, x, h):
    """Central difference as half the sum of the forward and backward differences over h."""
    forward = f(x + h) - f(x)
    backward = f(x) - f(x - h)
    return 0.5 * (forward + backward) / h

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    """Slope of the least-squares line log(error) = p log(h) + log(C), by np.linalg.lstsq."""
    design = np.column_stack([np.log(steps), np.ones(len(steps))])
    (slope, intercept), *_ = np.linalg.lstsq(design, np.log(errors), rcond=None)
    return float(slope)
