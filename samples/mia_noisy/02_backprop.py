# Mia's answers are right, but her softmax layer also records the mean loss of each
# class for her own plots; for a class with no example in the batch numpy warns
# ("Mean of empty slice", "invalid value encountered in scalar divide"). The warnings
# show up inside the hidden tests, and must not cost her the points.
# based on: ../ada_perfect/02_backprop.py

# %% softmax_cross_entropy_layer
per_class_loss_history = []


def softmax_cross_entropy_forward(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    example_losses = -log_probs[np.arange(len(y)), y]
    per_class_loss_history.append([example_losses[y == c].mean() for c in range(scores.shape[1])])
    return example_losses.mean(), (np.exp(log_probs), y)


def softmax_cross_entropy_backward(dloss, cache):
    probs, y = cache
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1.0
    return dscores * dloss / len(y)
