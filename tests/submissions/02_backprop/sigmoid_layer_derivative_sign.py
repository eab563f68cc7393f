# fails: sigmoid_layer_tests
# expects: a sign flip
# Sign error in σ': s(s - 1) instead of s(1 - s).
# %% sigmoid_layer
def sigmoid_forward(x):
    """out = σ(x) = 1 / (1 + exp(-x)) elementwise.  x: any shape.  Returns out and a cache."""
    out = 1.0 / (1.0 + np.exp(-x))
    cache = out
    return out, cache


def sigmoid_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    out = cache
    dx = dout * out * (out - 1.0)
    return dx
