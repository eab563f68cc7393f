# fails: numerical_gradient_tests
# expects: left x changed in 6 of 6 entries
# Forgets to put x[index] back: every later entry is differentiated at a shifted x, and x comes back changed.

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x[index] += h
        f_plus = f(x)
        x[index] -= 2 * h
        f_minus = f(x)
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient
