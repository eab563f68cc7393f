# Farah scales He initialization by the fan-out instead of the fan-in.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_in, n_out))
    limit = np.sqrt(6.0 / n_out)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
