# fails: batchnorm_backward_tests
# expects: dx without the path through the mean μ
# dx collects the direct path and the path through the variance, but not the path through the
# mean: each x_ij also moves μ_j, and that term (dμ/N) is missing.
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
    dx = dx_hat / std + dvar * 2.0 * centered / n
    return dx, dgamma, dbeta
