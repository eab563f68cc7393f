# fails: l2_regularization_tests
# expects: a missing 1/2
# dW = 2·reg·W: the derivative of reg·ΣW², forgetting the ½ of the forward pass.
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
    dW = 2 * dloss * reg * W
    return dW
