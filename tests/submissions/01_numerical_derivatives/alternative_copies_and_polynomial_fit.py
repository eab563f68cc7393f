# fails:
# Not a bug: correct answers written differently from the solution -- np.subtract/np.divide and a
# named half-step factor instead of the operators, the order of accuracy from
# np.polynomial.Polynomial.fit (which fits in a scaled domain, so convert() is needed to read
# the slope), a numerical gradient that never writes into x at all but evaluates f on x ± h·e_i
# (so x is trivially unchanged and still gets exactly 2N calls), and a complex-step gradient
# that makes a fresh complex copy of x for every entry.
# %% forward_difference
def forward_difference(f, x, h):
    rise = np.subtract(f(x + h), f(x))
    return np.divide(rise, h)
# %% central_difference
def central_difference(f, x, h):
    f_right = f(x + h)
    f_left = f(x - h)
    return 0.5 * (f_right - f_left) / h
# %% order_of_accuracy
from numpy.polynomial import Polynomial


def order_of_accuracy(steps, errors):
    line = Polynomial.fit(np.log(steps), np.log(errors), deg=1).convert()
    intercept, slope = line.coef
    return float(slope)
# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        step = np.zeros(x.shape)
        step[index] = h
        gradient[index] = (f(x + step) - f(x - step)) / (2 * h)
    return gradient
# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x_c = x.astype(complex)
        x_c[index] = complex(x[index], h)
        gradient[index] = np.imag(f(x_c)) / h
    return gradient
