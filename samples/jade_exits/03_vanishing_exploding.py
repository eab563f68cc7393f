# Jade ends her He-initialization cell with exit(), which in Jupyter shuts the kernel
# down. She keeps the points of everything graded before it (the instrument, the gradient
# factor and Xavier, all right); nothing after that cell can run, so the He tests, the
# two depth tests and the symmetry exercises earn nothing.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))


exit()
