# Fay's code breaks in three ways. Her difference quotients let h shrink to zero
# ("the limit is the derivative"), which gives nan and inf with numpy warnings; her
# order_of_accuracy returns both fitted coefficients (wrong shape); and her
# numerical_gradient cell calls a helper she never wrote, so it raises NameError and
# the function is never defined. Only the complex step is right.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% forward_difference
def forward_difference(f, x, h):
    h = h * 0.0  # the limit h -> 0 is the derivative, isn't it?
    return (f(x + h) - f(x)) / h

# %% central_difference
def central_difference(f, x, h):
    h = h * 1e-400  # underflows to 0.0
    return (f(x + h) - f(x - h)) / (2 * h)

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    return np.polyfit(np.log(steps), np.log(errors), 1)

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        gradient[index] = two_sided_quotient(f, x, index, h)
    return gradient


print(numerical_gradient(lambda v: np.sum(v**2), np.array([1.0, 2.0])))
