# Emil uses LeCun's fan-in rule, Var[W] = 1/n_in, where Glorot's average of fan-in and
# fan-out is asked for. His gradient factor squares the mean slope, (E[φ'])², where the mean
# of the squared slope, E[φ'²], is needed; and his tied_unit_groups compares the incoming
# weights and biases only (what distinct_units counts), forgetting that units with different
# outgoing weights receive different gradients.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else (Z > 0).astype(float)
    return float(n * weight_var * np.mean(slope) ** 2)

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
    limit = np.sqrt(3.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))

# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    return distinct_units(W_in, b, rtol)
