# fails: xavier_init_contract_tests
# expects: return float64
# Weights drawn in float32 "to save memory".
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        W = rng.standard_normal((n_in, n_out), dtype=np.float32) * np.float32(np.sqrt(2.0 / (n_in + n_out)))
    else:
        limit = np.sqrt(6.0 / (n_in + n_out))
        W = rng.uniform(-limit, limit, size=(n_in, n_out))
    return W.astype(np.float32)
