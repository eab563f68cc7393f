# fails:
# Not a bug: correct answers written differently from the solution -- the forward difference
# as a loop that calls f on one number at a time (f is a function of one real variable), the
# central difference as the average of the forward and backward quotients, the least-squares
# slope written out from its normal equations in plain Python, a numerical gradient that walks
# x with np.nditer and evaluates the minus side first, and a complex-step gradient built from a
# list comprehension over flat indices with a fresh complex basis step for every entry.
# %% forward_difference
def forward_difference(f, x, h):
    if np.ndim(x) == 0:
        return (f(x + h) - f(x)) / h
    x = np.asarray(x)
    quotients = np.empty(x.shape)
    for index in np.ndindex(x.shape):
        point = x[index]
        quotients[index] = (f(point + h) - f(point)) / h
    return quotients
# %% central_difference
def central_difference(f, x, h):
    # the two-sided quotient is the mean of the forward and the backward quotients
    fx = f(x)
    forward = (f(x + h) - fx) / h
    backward = (fx - f(x - h)) / h
    return (forward + backward) / 2
# %% order_of_accuracy
import math


def order_of_accuracy(steps, errors):
    log_h = [math.log(s) for s in steps]
    log_e = [math.log(e) for e in errors]
    k = len(log_h)
    mean_h = sum(log_h) / k
    mean_e = sum(log_e) / k
    covariance = sum((a - mean_h) * (b - mean_e) for a, b in zip(log_h, log_e))
    variance = sum((a - mean_h) ** 2 for a in log_h)
    return covariance / variance
# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        ix = it.multi_index
        saved = x[ix]
        x[ix] = saved - h
        loss_minus = f(x)
        x[ix] = saved + h
        loss_plus = f(x)
        x[ix] = saved  # the saved value, not saved + h - h
        grad[ix] = (loss_plus - loss_minus) / (2 * h)
        it.iternext()
    return grad
# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    def partial(i):
        step = np.zeros(x.shape, dtype=complex)
        step[np.unravel_index(i, x.shape)] = 1j * h
        return f(x + step).imag / h

    return np.array([partial(i) for i in range(x.size)], dtype=np.float64).reshape(x.shape)
