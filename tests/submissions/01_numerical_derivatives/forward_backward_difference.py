# fails: forward_difference_tests
# expects: a backward difference
# Steps to the left instead of the right: a backward difference (f(x) - f(x-h))/h.
# It is also O(h), but it is not the forward difference: 2.9701 instead of 3.0301.

# %% forward_difference
def forward_difference(f, x, h):
    return (f(x) - f(x - h)) / h
