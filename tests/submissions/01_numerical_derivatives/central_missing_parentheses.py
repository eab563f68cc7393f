# fails: central_difference_tests
# expects: Python divides by 2, then multiplies by h
# `/ 2 * h` divides by 2 and then multiplies by h: the denominator needs parentheses.

# %% central_difference
def central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / 2 * h
