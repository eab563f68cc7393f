# fails: he_init_normal_tests, he_init_uniform_tests, he_relu_depth_tests
# expects: He doubles it to 2/n_in
# He with 1/n instead of 2/n (the factor 2 for the ReLU forgotten): std √(1/n_in), limit √(3/n_in).
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(3.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
