# fails: forward_difference_tests
# expects: the sign is flipped
# The two values of the numerator in the wrong order: the derivative with its sign flipped.

# %% forward_difference
def forward_difference(f, x, h):
    return (f(x) - f(x + h)) / h
