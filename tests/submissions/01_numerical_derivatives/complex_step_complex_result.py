# fails: complex_step_gradient_tests
# expects: return a real array
# Allocates the gradient like the complex copy (np.zeros_like(x_complex)): the values are right,
# but the gradient handed back is a complex array instead of a real one.

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    x_complex = x.astype(np.complex128)
    gradient = np.zeros_like(x_complex)
    for index in np.ndindex(x.shape):
        x_complex[index] = x[index] + 1j * h
        gradient[index] = np.imag(f(x_complex)) / h
        x_complex[index] = x[index]
    return gradient
