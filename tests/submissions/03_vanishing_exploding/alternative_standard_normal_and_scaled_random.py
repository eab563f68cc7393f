# fails:
# Not a bug: the solution calls rng.normal(0, std) and rng.uniform(-limit, limit). Here the
# weights come from rng.standard_normal(shape) times the std, and from rng.random(shape)
# (uniform on [0, 1)) stretched to [-limit, +limit); math.sqrt instead of np.sqrt, the
# variance computed first and the std from it, and no ValueError for other distributions.
# %% xavier_init
import math


def xavier_init(n_in, n_out, rng, distribution="normal"):
    fan_avg = (n_in + n_out) / 2
    variance = 1.0 / fan_avg                  # = 2 / (n_in + n_out)
    if distribution == "uniform":
        limit = math.sqrt(3.0 * variance)     # U[-a, a] has variance a^2 / 3
        return limit * (2.0 * rng.random((n_in, n_out)) - 1.0)
    std = math.sqrt(variance)
    return rng.standard_normal((n_in, n_out)) * std
# %% he_init
import math


def he_init(n_in, n_out, rng, distribution="normal"):
    variance = 2.0 / n_in
    if distribution == "normal":
        return math.sqrt(variance) * rng.standard_normal(size=(n_in, n_out))
    a = math.sqrt(3 * variance)
    # rng.random is uniform on [0, 1): shift and scale it onto [-a, a)
    return rng.random(size=(n_in, n_out)) * 2 * a - a
