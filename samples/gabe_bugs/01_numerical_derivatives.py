# Gabe computes the numerical gradient in float32 "to save memory", and takes the
# real part in the complex step (which is just f(x)/h).
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape, dtype=np.float32)
    for index in np.ndindex(x.shape):
        old_value = x[index]
        x[index] = old_value + h
        f_plus = np.float32(f(x))
        x[index] = old_value - h
        f_minus = np.float32(f(x))
        x[index] = old_value
        gradient[index] = (f_plus - f_minus) / np.float32(2 * h)
    return gradient

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    gradient = np.zeros(x.shape)
    x_complex = x.astype(np.complex128)
    for index in np.ndindex(x.shape):
        x_complex[index] = x[index] + 1j * h
        gradient[index] = np.real(f(x_complex)) / h
        x_complex[index] = x[index]
    return gradient
