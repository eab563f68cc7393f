# Emil uses LeCun's fan-in rule, Var[W] = 1/n_in, where Glorot's average of fan-in and
# fan-out is asked for.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(3.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
