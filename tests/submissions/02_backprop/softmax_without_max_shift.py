# fails: softmax_cross_entropy_tests
# expects: subtract each row's maximum first
# The textbook softmax without subtracting the row maximum: exp overflows for large scores.
# two_layer_net_tests keeps its points: it checks the network with its own layers swapped in,
# so a layer bug costs only that layer's exercise.
# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    """Mean softmax cross-entropy loss of a batch.

    scores: (N, C) class scores.  y: (N,) integer labels in [0, C).
    Returns loss (a float) and a cache for softmax_cross_entropy_backward.
    """
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.log(probs[rows, y]).mean()
    cache = (probs, y)
    return loss, cache


def softmax_cross_entropy_backward(dloss, cache):
    """dloss: ∂(final loss)/∂loss, a scalar.  Returns dscores = ∂(final loss)/∂scores, shape (N, C)."""
    probs, y = cache
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1.0
    dscores *= dloss / len(y)
    return dscores
