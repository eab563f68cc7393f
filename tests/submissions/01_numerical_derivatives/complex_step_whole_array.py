# fails: complex_step_gradient_tests
# expects: perturb one entry at a time
# Adds ih to every entry at once: Im f(x + ih)/h is the derivative along (1, 1, ..., 1),
# the sum of the gradient, written into every entry.

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        gradient[index] = np.imag(f(x + 1j * h)) / h
    return gradient
