# fails: he_init_normal_tests, he_relu_depth_tests
# expects: take the square root
# The variance 2/n_in used as the standard deviation.
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.standard_normal((n_in, n_out)) * (2.0 / n_in)
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
