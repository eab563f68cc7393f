# fails: relu_layer_tests
# expects: changed its input x in place
# A ReLU that works in place: np.maximum(x, 0, out=x), and the cache is the overwritten x. Its own
# cell fails; the two-layer network, which uses it, must keep its points.
# %% relu_layer
def relu_forward(x):
    """out = max(0, x) elementwise.  x: any shape.  Returns out (shape of x) and a cache."""
    out = np.maximum(x, 0, out=x)
    cache = out
    return out, cache


def relu_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    x = cache
    dx = dout * (x > 0)
    return dx
