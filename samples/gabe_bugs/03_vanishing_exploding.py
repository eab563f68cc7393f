# Gabe passes the variance 2/(n_in + n_out) where numpy expects the standard deviation,
# and returns He weights in float32 "to save memory".
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, 2.0 / (n_in + n_out), size=(n_in, n_out))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        weights = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    else:
        limit = np.sqrt(6.0 / n_in)
        weights = rng.uniform(-limit, limit, size=(n_in, n_out))
    return weights.astype(np.float32)
