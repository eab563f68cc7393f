# fails:
# Not a bug: correct answers written differently from the solution -- both difference quotients
# divide by the step actually taken, (x + h) - x and (x + h) - (x - h), which differ from h and 2h
# only by the rounding of x + h (section 3 of the notebook); the order of accuracy from
# np.linalg.lstsq on base-10 logarithms (the same base on both axes gives the same slope); a
# numerical gradient that perturbs x through x.flat, which writes through even when x is a
# non-contiguous view; and a complex-step gradient that adds and removes i*h arithmetically,
# which is exact because a purely imaginary step never touches the real parts.
# %% forward_difference
def forward_difference(f, x, h):
    x_plus = x + h
    step_taken = x_plus - x
    return (f(x_plus) - f(x)) / step_taken
# %% central_difference
def central_difference(f, x, h):
    right, left = x + h, x - h
    return (f(right) - f(left)) / (right - left)
# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    A = np.column_stack([np.log10(steps), np.ones(len(steps))])
    coefficients, *_ = np.linalg.lstsq(A, np.log10(errors), rcond=None)
    return coefficients[0].item()
# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    grad = np.empty(x.size)
    for i in range(x.size):
        original = x.flat[i]
        x.flat[i] = original + h
        fp = f(x)
        x.flat[i] = original - h
        fm = f(x)
        x.flat[i] = original
        grad[i] = (fp - fm) / (2 * h)
    return grad.reshape(x.shape)
# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    z = np.array(x, dtype=np.complex128)
    grad = np.empty(x.shape, dtype=np.float64)
    for idx in np.ndindex(*x.shape):
        z[idx] += 1j * h
        grad[idx] = f(z).imag / h
        z[idx] -= 1j * h
    return grad
