# fails: forward_difference_tests
# expects: float() and the math module take single numbers
# Casts the quotient to float: right for a number x, a TypeError for an array x.

# %% forward_difference
def forward_difference(f, x, h):
    return float((f(x + h) - f(x)) / h)
