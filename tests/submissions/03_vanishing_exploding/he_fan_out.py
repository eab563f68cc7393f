# fails: he_init_normal_tests, he_init_uniform_tests
# expects: the fan-out instead of the fan-in
# Fan-out instead of fan-in: Var[W] = 2/n_out. Square layers do not notice.
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_in, n_out))
    limit = np.sqrt(6.0 / n_out)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
