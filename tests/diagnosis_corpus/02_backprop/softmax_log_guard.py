# fails:
# The common, harmless guard log(p + 1e-8): it shifts the loss by 1e-8·mean(1/p_y), at most 3e-7
# relative in these tests. An alternative-correct answer: it must earn full marks.
# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    """Mean softmax cross-entropy loss of a batch.

    scores: (N, C) class scores.  y: (N,) integer labels in [0, C).
    Returns loss (a float) and a cache for softmax_cross_entropy_backward.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.log(probs[rows, y] + 1e-8).mean()
    cache = (probs, y)
    return loss, cache


def softmax_cross_entropy_backward(dloss, cache):
    """dloss: ∂(final loss)/∂loss, a scalar.  Returns dscores = ∂(final loss)/∂scores, shape (N, C)."""
    probs, y = cache
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1.0
    dscores *= dloss / len(y)
    return dscores
