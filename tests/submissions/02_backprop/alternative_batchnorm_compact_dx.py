# fails:
# Not a bug: batch normalization with the three paths of dx collected into one formula,
# dx = γ/(N·s) · (N·dout − Σ dout − x̂·Σ dout·x̂) (CS231n's batchnorm_backward_alt), a cache
# in a dict, and the statistics from np.var and keepdims. It must get full marks.
# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=0, keepdims=True)
    inv_std = 1.0 / np.sqrt(np.var(x, axis=0, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}


def batchnorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    n = len(dout)
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = (gamma * inv_std / n) * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
