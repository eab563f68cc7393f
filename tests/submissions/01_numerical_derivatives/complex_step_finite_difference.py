# fails: complex_step_gradient_tests
# expects: the complex step needs exactly N
# Falls back on two-sided differences with h = 1e-5: 2N calls, and only about 1e-10 accurate,
# not the machine precision of the complex step.

# %% complex_step_gradient
def complex_step_gradient(f, x, h=1e-20):
    step = 1e-5
    gradient = np.zeros(x.shape)
    x_step = x.copy()
    for index in np.ndindex(x.shape):
        x_step[index] = x[index] + step
        f_plus = f(x_step)
        x_step[index] = x[index] - step
        f_minus = f(x_step)
        x_step[index] = x[index]
        gradient[index] = (f_plus - f_minus) / (2 * step)
    return gradient
