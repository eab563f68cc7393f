# fails: he_init_contract_tests
# expects: needs shape (n_in, n_out)
# DLS's (n_out, n_in) layout instead of (n_in, n_out).
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_out, n_in))
