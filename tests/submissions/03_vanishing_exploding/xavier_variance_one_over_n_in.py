# fails: xavier_init_normal_tests, xavier_init_uniform_tests
# expects: LeCun's fan-in rule
# LeCun's fan-in rule instead of Glorot's average of fan-in and fan-out: Var[W] = 1/n_in,
# uniform limit √(3/n_in). Square layers do not notice, so the 30-layer test still passes.
# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(3.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
