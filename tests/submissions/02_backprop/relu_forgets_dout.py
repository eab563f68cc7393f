# fails: relu_layer_tests
# expects: not multiplied by the upstream gradient
# backward returns the local derivative (the 0/1 mask) without multiplying by dout.
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
    dx = (x > 0).astype(float)
    return dx
