# Chen writes He initialization as Xavier's weights rescaled: the two differ only in the
# variance, 2/n_in against 2/(n_in + n_out). All correct.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution not in ("normal", "uniform"):
        raise ValueError(f"unknown distribution {distribution!r}")
    return xavier_init(n_in, n_out, rng, distribution) * np.sqrt((n_in + n_out) / n_in)
