# Fay lays the Xavier weights out as (n_out, n_in), the transpose of what X @ W needs.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_out, n_in))
