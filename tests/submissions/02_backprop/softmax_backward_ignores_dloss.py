# fails: softmax_cross_entropy_tests
# expects: not multiplied by the upstream gradient
# backward returns ∂loss/∂scores without multiplying by the upstream gradient dloss
# (right only when the softmax loss is the final loss, dloss = 1).
# two_layer_net_tests keeps its points: it checks the network with its own layers swapped in,
# so a layer bug costs only that layer's exercise.
# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    """Mean softmax cross-entropy loss of a batch.

    scores: (N, C) class scores.  y: (N,) integer labels in [0, C).
    Returns loss (a float) and a cache for softmax_cross_entropy_backward.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    loss = -log_probs[rows, y].mean()
    cache = (np.exp(log_probs), y)
    return loss, cache


def softmax_cross_entropy_backward(dloss, cache):
    """dloss: ∂(final loss)/∂loss, a scalar.  Returns dscores = ∂(final loss)/∂scores, shape (N, C)."""
    probs, y = cache
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1.0
    dscores /= len(y)
    return dscores
