# fails: sigmoid_layer_tests
# expects: applied to the input x instead
# s(1 - s) evaluated with the input x instead of the output s (the cache holds x).
# %% sigmoid_layer
def sigmoid_forward(x):
    """out = σ(x) = 1 / (1 + exp(-x)) elementwise.  x: any shape.  Returns out and a cache."""
    out = 1.0 / (1.0 + np.exp(-x))
    cache = x
    return out, cache


def sigmoid_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    x = cache
    dx = dout * x * (1.0 - x)
    return dx
