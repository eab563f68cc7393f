# fails: l2_regularization_tests
# expects: not multiplied by the upstream gradient
# backward returns reg·W without multiplying by the upstream gradient dloss.
# two_layer_net_tests keeps its points: it checks the network with its own layers swapped in,
# so a layer bug costs only that layer's exercise.
# %% l2_regularization_layer
def l2_regularization_forward(W, reg):
    """loss = reg / 2 · Σ W².  W: any shape.  reg: λ, a float.  Returns loss (float) and a cache."""
    loss = 0.5 * reg * np.sum(W * W)
    cache = (W, reg)
    return loss, cache


def l2_regularization_backward(dloss, cache):
    """dloss: upstream gradient, a scalar.  Returns dW, shape of W."""
    W, reg = cache
    dW = reg * W
    return dW
