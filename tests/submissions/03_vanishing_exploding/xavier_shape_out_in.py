# fails: xavier_init_contract_tests
# expects: needs shape (n_in, n_out)
# DLS's (n_out, n_in) layout instead of this course's (n_in, n_out): X @ W would not work.
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_out, n_in))
