# fails: numerical_gradient_tests
# expects: divide by 2h, not by h
# Two-sided differences divided by h instead of 2h: twice the gradient.

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        old_value = x[index]
        x[index] = old_value + h
        f_plus = f(x)
        x[index] = old_value - h
        f_minus = f(x)
        x[index] = old_value
        gradient[index] = (f_plus - f_minus) / h
    return gradient
