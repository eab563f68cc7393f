# fails: tanh_layer_tests
# expects: taken at the output instead of the input
# The derivative is taken at the output: 1 - tanh(out)**2 where 1 - out**2 is meant.
# %% tanh_layer
def tanh_forward(x):
    """out = tanh(x) elementwise.  x: any shape.  Returns out and a cache."""
    out = np.tanh(x)
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    out = cache
    dx = dout * (1.0 - np.tanh(out) ** 2)
    return dx
