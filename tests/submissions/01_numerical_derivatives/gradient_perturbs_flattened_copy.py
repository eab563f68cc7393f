# fails: numerical_gradient_tests
# expects: Did you perturb a copy?
# Perturbs x.reshape(-1): a view of a contiguous x, but a COPY of a non-contiguous one (W.T),
# so f never sees the perturbation and the gradient of a transposed x comes out zero.

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    flat_x = x.reshape(-1)
    gradient = np.zeros(x.size)
    for i in range(x.size):
        old_value = flat_x[i]
        flat_x[i] = old_value + h
        f_plus = f(x)
        flat_x[i] = old_value - h
        f_minus = f(x)
        flat_x[i] = old_value
        gradient[i] = (f_plus - f_minus) / (2 * h)
    return gradient.reshape(x.shape)
