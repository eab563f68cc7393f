# Fay lays the Xavier weights out as (n_out, n_in), the transpose of what X @ W needs. Her
# gradient factor averages the squared slopes down the columns only (np.mean(..., axis=0)),
# so it returns one number per column instead of one number; and her tied_unit_groups stacks
# the outgoing weights without transposing them, which raises a ValueError (the arrays'
# shapes do not line up) whenever the next layer's width differs from this one's.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else (Z > 0).astype(float)
    return n * weight_var * np.mean(slope ** 2, axis=0)

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_out, n_in))

# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    units = np.vstack([W_in, np.reshape(b, (1, -1)), W_out]).T
    representatives = []
    for unit in units:
        if not any(np.linalg.norm(unit - other) <= rtol * max(np.linalg.norm(unit), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(unit)
    return len(representatives)
