# fails: numerical_gradient_tests
# expects: that is one-sided differences
# One-sided differences: N + 1 calls of f and an O(h) error.

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    f_x = f(x)
    for index in np.ndindex(x.shape):
        old_value = x[index]
        x[index] = old_value + h
        gradient[index] = (f(x) - f_x) / h
        x[index] = old_value
    return gradient
