# fails: xavier_init_contract_tests
# expects: not from np.random
# Draws from the global np.random instead of the Generator it is given: right statistics,
# but the same seed does not give the same weights.
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return np.random.randn(n_in, n_out) * np.sqrt(2.0 / (n_in + n_out))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return np.random.uniform(-limit, limit, size=(n_in, n_out))
