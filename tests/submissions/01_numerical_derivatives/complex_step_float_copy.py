# fails: complex_step_gradient_tests
# expects: the imaginary part was lost
# Perturbs a float copy of x: writing x + ih into a float64 array keeps only the real part
# (with a ComplexWarning on stderr), so every entry of the gradient is 0.

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    gradient = np.zeros(x.shape)
    x_step = x.copy()
    for index in np.ndindex(x.shape):
        x_step[index] += 1j * h
        gradient[index] = np.imag(f(x_step)) / h
        x_step[index] = x[index]
    return gradient
