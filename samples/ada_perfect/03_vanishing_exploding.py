# Ada works through every exercise and gets each one right: the reference answers,
# as a careful student writes them. Other students' files start from this one.

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    """Glorot & Bengio (2010) initial weights for a layer X @ W with X of shape (N, n_in).

    n_in, n_out: fan-in and fan-out (positive ints).
    rng: a numpy Generator, e.g. np.random.default_rng(0); every random number is drawn from it.
    distribution: "normal"  -> N(0, 2/(n_in + n_out)),
                  "uniform" -> U[-√(6/(n_in + n_out)), +√(6/(n_in + n_out))].
    Returns W: float64 array of shape (n_in, n_out).
    """
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
    if distribution == "uniform":
        limit = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, size=(n_in, n_out))
    raise ValueError(f"distribution must be 'normal' or 'uniform', not {distribution!r}")


# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    """He et al. (2015) initial weights for a ReLU layer X @ W with X of shape (N, n_in).

    n_in, n_out: fan-in and fan-out (positive ints).
    rng: a numpy Generator, e.g. np.random.default_rng(0); every random number is drawn from it.
    distribution: "normal"  -> N(0, 2/n_in),
                  "uniform" -> U[-√(6/n_in), +√(6/n_in)].
    Returns W: float64 array of shape (n_in, n_out).
    """
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    if distribution == "uniform":
        limit = np.sqrt(6.0 / n_in)
        return rng.uniform(-limit, limit, size=(n_in, n_out))
    raise ValueError(f"distribution must be 'normal' or 'uniform', not {distribution!r}")
