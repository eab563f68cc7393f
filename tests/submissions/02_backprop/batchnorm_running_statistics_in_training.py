# fails: batchnorm_forward_tests, batchnorm_backward_tests
# expects: the running statistics as they start
# The forward pass normalizes with running statistics (mean 0, variance 1, where they start)
# instead of the batch's own mean and variance, and the backward pass is the usual staged one,
# which differentiates through batch statistics that the forward pass never used.
# %% batchnorm_layer
running_mean, running_var = np.zeros(1), np.ones(1)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    centered = x - running_mean
    std = np.sqrt(running_var + eps)
    x_hat = centered / std
    out = gamma * x_hat + beta
    cache = (centered, std, x_hat, gamma)
    return out, cache


def batchnorm_backward(dout, cache):
    centered, std, x_hat, gamma = cache
    n = dout.shape[0]
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx_hat = dout * gamma
    dvar = (dx_hat * centered).sum(axis=0) * -0.5 / std ** 3
    dmean = -dx_hat.sum(axis=0) / std + dvar * (-2.0 / n) * centered.sum(axis=0)
    dx = dx_hat / std + dvar * 2.0 * centered / n + dmean / n
    return dx, dgamma, dbeta
