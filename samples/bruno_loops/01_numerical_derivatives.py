# Bruno writes explicit loops where the reference vectorizes, names things his own way,
# and fits the order of accuracy with the textbook least-squares formulas instead of
# np.polyfit. All correct.

# %% forward_difference
def forward_difference(f, x, h):
    """One-sided (forward) difference approximation of the derivative f'(x)."""
    if np.ndim(x) == 0:
        return (f(x + h) - f(x)) / h
    x = np.asarray(x, dtype=float)
    result = np.empty(x.shape)
    for index in np.ndindex(x.shape):
        result[index] = (f(x[index] + h) - f(x[index])) / h
    return result

# %% central_difference
def central_difference(f, x, h):
    """Two-sided (central) difference approximation of the derivative f'(x)."""
    if np.ndim(x) == 0:
        return (f(x + h) - f(x - h)) / (2 * h)
    x = np.asarray(x, dtype=float)
    result = np.empty(x.shape)
    for index in np.ndindex(x.shape):
        result[index] = (f(x[index] + h) - f(x[index] - h)) / (2 * h)
    return result

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    """Least-squares slope of log(errors) against log(steps), summed by hand."""
    n = len(steps)
    sum_x = sum_y = sum_xx = sum_xy = 0.0
    for step, error in zip(steps, errors):
        log_step, log_error = np.log(step), np.log(error)
        sum_x += log_step
        sum_y += log_error
        sum_xx += log_step * log_step
        sum_xy += log_step * log_error
    return (n * sum_xy - sum_x * sum_y) / (n * sum_xx - sum_x * sum_x)

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    """Two-sided numerical gradient, one flat position at a time."""
    gradient = np.zeros(x.shape)
    for position in range(x.size):
        index = np.unravel_index(position, x.shape)
        saved = x[index]
        x[index] = saved + h
        above = f(x)
        x[index] = saved - h
        below = f(x)
        x[index] = saved
        gradient[index] = (above - below) / (2 * h)
    return gradient

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    """Complex-step gradient, with a fresh complex copy for every entry."""
    gradient = np.zeros(x.shape)
    for position in range(x.size):
        index = np.unravel_index(position, x.shape)
        probe = np.array(x, dtype=complex)
        probe[index] += 1j * h
        gradient[index] = f(probe).imag / h
    return gradient
