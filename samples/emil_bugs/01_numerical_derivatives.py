# Emil gets the one-sided quotient's sign backwards and forgets to restore x after
# perturbing it (subtracting h again instead of putting the saved value back).
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% forward_difference
def forward_difference(f, x, h):
    return (f(x) - f(x + h)) / h

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x[index] += h
        f_plus = f(x)
        x[index] -= 2 * h
        f_minus = f(x)
        x[index] += h
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient
