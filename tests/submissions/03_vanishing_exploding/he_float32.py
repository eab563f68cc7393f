# fails: he_init_contract_tests
# expects: return float64
# Returns float32 weights.
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    else:
        limit = np.sqrt(6.0 / n_in)
        W = rng.uniform(-limit, limit, size=(n_in, n_out))
    return W.astype(np.float32)
