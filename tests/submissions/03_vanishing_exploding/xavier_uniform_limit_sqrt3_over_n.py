# fails: xavier_init_uniform_tests
# expects: LeCun's uniform limit
# The uniform limit remembered as √(3/n) with n = n_in, instead of √(6/(n_in+n_out)).
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
    limit = np.sqrt(3.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
