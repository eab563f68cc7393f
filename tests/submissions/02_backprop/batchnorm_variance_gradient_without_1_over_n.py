# fails: batchnorm_backward_tests
# expects: the variance's gradient missing its 1/N
# The path through the variance uses ∂σ²/∂x = 2(x − μ) instead of 2(x − μ)/N.
# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    centered = x - mean
    var = (centered ** 2).mean(axis=0)
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
    dmean = -dx_hat.sum(axis=0) / std + dvar * (-2.0 / n) * centered.sum(axis=0)
    dx = dx_hat / std + dvar * 2.0 * centered + dmean / n
    return dx, dgamma, dbeta
