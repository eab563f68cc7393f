# fails: tanh_layer_tests
# expects: applied to the input x instead
# 1 - t² evaluated with the input x instead of the output t (the cache holds x).
# %% tanh_layer
def tanh_forward(x):
    """out = tanh(x) elementwise.  x: any shape.  Returns out and a cache."""
    out = np.tanh(x)
    cache = x
    return out, cache


def tanh_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    x = cache
    dx = dout * (1.0 - x ** 2)
    return dx
