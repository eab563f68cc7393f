# fails: he_init_uniform_tests, he_relu_depth_tests
# expects: U[−a, a] has variance a²/3
# The normal distribution's std √(2/n_in) used as the uniform limit (U[-a, a] has variance a²/3).
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    std = np.sqrt(2.0 / n_in)
    if distribution == "normal":
        return rng.normal(0.0, std, size=(n_in, n_out))
    return rng.uniform(-std, std, size=(n_in, n_out))
