# fails:
# Not a bug: Xavier built one row (one input unit's outgoing weights) at a time with a list
# comprehension and np.array, uniform as rng.uniform(-1, 1) scaled by the limit; He drawn in
# the (n_out, n_in) layout a DLS student is used to and transposed to (n_in, n_out), or as a
# flat vector reshaped. The weights are still i.i.d. with the right law, shape and dtype.
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        sigma = (2.0 / (n_in + n_out)) ** 0.5
        rows = [rng.normal(0.0, sigma, n_out) for _ in range(n_in)]
    elif distribution == "uniform":
        r = (6.0 / (n_in + n_out)) ** 0.5
        rows = [r * rng.uniform(-1.0, 1.0, n_out) for _ in range(n_in)]
    else:
        raise ValueError("distribution must be 'normal' or 'uniform'")
    return np.array(rows)
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        # one row per output unit, as in W·x, then transposed for X @ W
        W = rng.standard_normal((n_out, n_in)) * np.sqrt(2) / np.sqrt(n_in)
        return W.T
    if distribution == "uniform":
        limit = np.sqrt(6 / n_in)
        return rng.uniform(-limit, limit, n_in * n_out).reshape(n_in, n_out)
    raise ValueError(distribution)
