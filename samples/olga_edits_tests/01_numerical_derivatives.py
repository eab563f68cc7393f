# Olga's central difference and numerical gradient are one-sided; she deletes the
# central-difference tests (and the read-only text before the next exercise) and
# replaces the numerical-gradient tests with a print. The grader restores both test
# cells, so her wrong answers are caught.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% central_difference
def central_difference(f, x, h):
    return (f(x + h) - f(x)) / h

# %% delete central_difference_tests

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    f_x = f(x)
    for index in np.ndindex(x.shape):
        old_value = x[index]
        x[index] = old_value + h
        gradient[index] = (f(x) - f_x) / h
        x[index] = old_value
    return gradient

# %% numerical_gradient_tests
print("all tests passed")
