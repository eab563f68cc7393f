# fails: central_difference_tests
# expects: the f of the second term is missing
# Copies the seed's typo f(θ+ε) − (θ−ε): the f of the second term is missing (2.01505 instead of 3.0001).

# %% central_difference
def central_difference(f, x, h):
    return (f(x + h) - (x - h)) / (2 * h)
