# fails: relu_layer_tests
# expects: mask taken from dout instead of x
# The ReLU mask is taken from the upstream gradient instead of from the layer's input.
# two_layer_net_tests keeps its points: it checks the network with its own layers swapped in,
# so a layer bug costs only that layer's exercise.
# %% relu_layer
def relu_forward(x):
    """out = max(0, x) elementwise.  x: any shape.  Returns out (shape of x) and a cache."""
    out = np.maximum(0.0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    x = cache
    dx = dout * (dout > 0)
    return dx
