# fails: numerical_gradient_tests
# expects: subtracting h again does not undo adding h
# Undoes the step by arithmetic (+h, -2h, +h): the gradient is right, but (x + h) - 2h + h
# is often not x bit for bit, so the check changes the parameters it checks.

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x[index] += h
        f_plus = f(x)
        x[index] -= 2 * h
        f_minus = f(x)
        x[index] += h
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient
