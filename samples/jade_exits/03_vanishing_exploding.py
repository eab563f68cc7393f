# Jade ends her He-initialization cell with exit(), which in Jupyter shuts the kernel
# down. She keeps the Xavier points; nothing after that cell can run.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))


exit()
