# fails: numerical_gradient_tests
# expects: put the exact old value back
# `x_plus = x` is not a copy: x_plus and x_minus are the same array as x, so the second
# evaluation sees x + h - h = x, and the quotient is (f(x+h) - f(x)) / 2h, half a one-sided difference.

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x_plus = x
        x_plus[index] += h
        f_plus = f(x_plus)
        x_minus = x
        x_minus[index] -= h
        f_minus = f(x_minus)
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient
