# fails: complex_step_gradient_tests
# expects: The derivative is in the imaginary part
# Takes the real part of f(x + ih e_i): that is f(x) (to O(h²)), and f(x)/h is about 1e20 times f.

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    gradient = np.zeros(x.shape)
    x_complex = x.astype(np.complex128)
    for index in np.ndindex(x.shape):
        x_complex[index] = x[index] + 1j * h
        gradient[index] = np.real(f(x_complex)) / h
        x_complex[index] = x[index]
    return gradient
