# fails: affine_layer_tests
# expects: a missing or extra 1/N with N = 4
# db averages dout over the batch: the bias is used once per example, so the gradients add up.
# two_layer_net_tests keeps its points: it checks the network with its own layers swapped in,
# so a layer bug costs only that layer's exercise.
# %% affine_layer
def affine_forward(x, w, b):
    """out = x @ w + b.

    x: (N, D) inputs, w: (D, M) weights, b: (M,) biases.
    Returns out of shape (N, M) and a cache for affine_backward.
    """
    out = x @ w + b
    cache = (x, w)
    return out, cache


def affine_backward(dout, cache):
    """dout: (N, M) upstream gradient.  Returns (dx, dw, db) of shapes (N, D), (D, M), (M,)."""
    x, w = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.mean(axis=0)
    return dx, dw, db
