# Gabe passes the variance 2/(n_in + n_out) where numpy expects the standard deviation,
# and returns He weights in float32 "to save memory". The other way round, his gradient
# factor returns the standard deviation's factor √(n·Var[w]·E[φ'²]) where the variance's
# is asked for, and his distinct_units compares units with np.allclose, whose default
# absolute tolerance (1e-8) merges every unit whose weights are tiny.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else (Z > 0).astype(float)
    return float(np.sqrt(n * weight_var * np.mean(slope ** 2)))

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

# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    units = np.vstack([W, np.reshape(b, (1, -1))]).T
    representatives = []
    for unit in units:
        if not any(np.allclose(unit, other, rtol=rtol) for other in representatives):
            representatives.append(unit)
    return len(representatives)
