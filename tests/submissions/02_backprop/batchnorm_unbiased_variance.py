# fails: batchnorm_forward_tests
# expects: the unbiased variance (divided by N - 1)
# The forward pass standardizes with x.var(axis=0, ddof=1), the unbiased variance, where batch
# norm divides by N. The backward pass is consistent with that forward pass (its path through the
# variance carries 1/(N − 1)), so only the forward test fails.
# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    centered = x - mean
    var = (centered ** 2).sum(axis=0) / (len(x) - 1)
    std = np.sqrt(var + eps)
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
    dmean = -dx_hat.sum(axis=0) / std
    dx = dx_hat / std + dvar * 2.0 * centered / (n - 1) + dmean / n
    return dx, dgamma, dbeta
