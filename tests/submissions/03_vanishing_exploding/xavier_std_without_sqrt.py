# fails: xavier_init_normal_tests, xavier_relu_depth_tests
# expects: take the square root
# The variance 2/(n_in+n_out) passed as numpy's `scale`, which is the standard deviation.
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, 2.0 / (n_in + n_out), size=(n_in, n_out))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))
