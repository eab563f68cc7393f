# fails:
# Not a bug: the solution passes positional arguments and repeats the formulas in each branch.
# Here fan_in/fan_out are named, rng.normal(scale=...) and rng.uniform(low=..., high=..., size=...)
# are called with keywords, the distribution is looked up in a dict of drawing functions, and
# He's uniform limit is derived from its std (√3 · √(2/n_in)) rather than written √(6/n_in).
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    fan_in, fan_out = n_in, n_out
    shape = (fan_in, fan_out)
    std = np.sqrt(2 / (fan_in + fan_out))
    limit = np.sqrt(6 / (fan_in + fan_out))
    draw = {
        "normal": lambda: rng.normal(loc=0.0, scale=std, size=shape),
        "uniform": lambda: rng.uniform(low=-limit, high=limit, size=shape),
    }
    if distribution not in draw:
        raise ValueError(f"unknown distribution {distribution!r}")
    return draw[distribution]()
# %% he_init
def _weights_with_std(shape, std, rng, distribution):
    """Zero-mean weights with the given standard deviation, Gaussian or uniform."""
    if distribution == "normal":
        return rng.normal(scale=std, size=shape)
    elif distribution == "uniform":
        bound = np.sqrt(3.0) * std
        return rng.uniform(low=-bound, high=bound, size=shape)
    else:
        raise ValueError(distribution)


def he_init(n_in, n_out, rng, distribution="normal"):
    fan_in = n_in
    gain = np.sqrt(2.0)                       # ReLU gain
    return _weights_with_std((n_in, n_out), gain / np.sqrt(fan_in), rng, distribution)
