# fails: xavier_init_uniform_tests, xavier_relu_depth_tests
# expects: symmetric around 0
# U[0, limit] instead of U[-limit, +limit]: all weights positive.
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    limit = np.sqrt(6.0 / (n_in + n_out))
    if distribution == "uniform":
        return rng.uniform(0.0, limit, size=(n_in, n_out))
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
