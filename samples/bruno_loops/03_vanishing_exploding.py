# Bruno draws standard normals and scales them, and builds the uniform weights from
# rng.random() in [0, 1) mapped to [-limit, limit). All correct.

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    fan_average = (n_in + n_out) / 2
    if distribution == "normal":
        return rng.standard_normal((n_in, n_out)) * np.sqrt(1.0 / fan_average)
    if distribution == "uniform":
        limit = np.sqrt(3.0 / fan_average)
        return (2.0 * rng.random((n_in, n_out)) - 1.0) * limit
    raise ValueError(f"unknown distribution {distribution!r}")

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
    if distribution == "uniform":
        limit = np.sqrt(6.0 / n_in)
        return (2.0 * rng.random((n_in, n_out)) - 1.0) * limit
    raise ValueError(f"unknown distribution {distribution!r}")
