# Chen writes algebraically different but correct formulas: the sigmoid's derivative
# through tanh, σ'(x) = (1 − tanh²(x/2)) / 4; tanh's derivative as 1/cosh²; a
# numerically stable softmax through log-sum-exp (np.logaddexp.reduce) with a one-hot
# matrix in the backward pass; the L2 gradient with the factors in another order; and batch
# normalization's dx in one formula, γ/(N·s)·(N·dout − Σ dout − x̂·Σ dout·x̂).
# based on: ../ada_perfect/02_backprop.py

# %% sigmoid_layer
def sigmoid_forward(x):
    out = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out, x


def sigmoid_backward(dout, cache):
    x = cache
    return dout * 0.25 * (1.0 - np.tanh(0.5 * x) ** 2)

# %% tanh_layer
def tanh_forward(x):
    return np.tanh(x), x


def tanh_backward(dout, cache):
    return dout / np.cosh(cache) ** 2

# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    log_normalizer = np.logaddexp.reduce(scores, axis=1, keepdims=True)
    log_probs = scores - log_normalizer
    one_hot = np.zeros(scores.shape)
    one_hot[np.arange(len(y)), y] = 1.0
    loss = -np.sum(one_hot * log_probs) / len(y)
    return loss, (np.exp(log_probs), one_hot)


def softmax_cross_entropy_backward(dloss, cache):
    probs, one_hot = cache
    return dloss * (probs - one_hot) / probs.shape[0]

# %% l2_regularization_layer
def l2_regularization_forward(W, reg):
    return reg * np.vdot(W, W) / 2, (W, reg)


def l2_regularization_backward(dloss, cache):
    W, reg = cache
    return W * (reg * dloss)

# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def batchnorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    return gamma * inv_std / n * (n * dout - dbeta - x_hat * dgamma), dgamma, dbeta
