# fails: central_difference_tests
# expects: the one-sided quotient
# Copy-pasted the forward difference: one-sided, O(h), 3.0301 instead of 3.0001.

# %% central_difference
def central_difference(f, x, h):
    return (f(x + h) - f(x)) / h
