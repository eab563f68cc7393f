# fails: he_init_contract_tests, he_relu_depth_tests
# expects: instead of creating or seeding a generator of your own
# Makes a generator of its own with a fixed seed and ignores the one it is given: every call
# returns the same matrix, so a deep net gets the same W in every layer and the activations
# grow along its top singular direction (past a factor 2 by layer 30 in the hidden case).
# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    rng = np.random.default_rng(0)
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
