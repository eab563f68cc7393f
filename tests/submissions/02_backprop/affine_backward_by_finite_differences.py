# fails: affine_layer_tests
# expects: finite differences
# A "backward pass" computed by central differences of the forward pass, L = Σ out · dout.
# It agrees with any gradient check (it is the checker's own method), so the hidden test
# looks for what gives it away: it re-runs affine_forward, and it is exact only to ~1e-10.
# The other exercises keep their points: its gradients are accurate enough for them.
# %% affine_layer
def affine_forward(x, w, b):
    """out = x @ w + b.

    x: (N, D) inputs, w: (D, M) weights, b: (M,) biases.
    Returns out of shape (N, M) and a cache for affine_backward.
    """
    out = x @ w + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache, h=1e-5):
    """dout: (N, M) upstream gradient.  Returns (dx, dw, db) of shapes (N, D), (D, M), (M,)."""
    inputs = [value.copy() for value in cache]
    grads = []
    for k, value in enumerate(inputs):
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            old = value[index]
            value[index] = old + h
            plus = np.sum(affine_forward(*inputs)[0] * dout)
            value[index] = old - h
            minus = np.sum(affine_forward(*inputs)[0] * dout)
            value[index] = old
            grad[index] = (plus - minus) / (2 * h)
        grads.append(grad)
    return tuple(grads)
