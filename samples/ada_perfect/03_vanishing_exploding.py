# Ada works through every exercise and gets each one right: the reference answers,
# as a careful student writes them. Other students' files start from this one.

# %% layer_statistics
def layer_statistics(X, weights, G, activation):
    """Per-layer statistics of one forward and one backward pass.

    X: inputs H^[0], shape (N, n_0).
    weights: list of L arrays, weights[l - 1] = W^[l] of shape (n_{l-1}, n_l).
    G: ∂L/∂H^[L] for the read-out loss L = Σ G ⊙ H^[L], shape (N, n_L).
    activation: "tanh" or "relu".
    Returns {"activation_std": std of H^[l], "grad_z_std": std of ∂L/∂Z^[l], "grad_w_norm": ‖∂L/∂W^[l]‖_F},
    each a float array of shape (L,), index l - 1 for layer l.
    """
    layer_inputs, preactivations, activations = [], [], []
    H = X
    for W in weights:
        layer_inputs.append(H)
        Z = H @ W
        H = np.tanh(Z) if activation == "tanh" else np.maximum(Z, 0.0)
        preactivations.append(Z)
        activations.append(H)

    n_layers = len(weights)
    grad_z_std, grad_w_norm = np.zeros(n_layers), np.zeros(n_layers)
    grad_h = G                                                    # ∂L/∂H^[L]
    for l in reversed(range(n_layers)):
        if activation == "tanh":
            grad_z = grad_h * (1.0 - activations[l] ** 2)         # tanh' = 1 − tanh²
        else:
            grad_z = grad_h * (preactivations[l] > 0)             # ReLU' = 1 where z > 0
        grad_z_std[l] = grad_z.std()
        grad_w_norm[l] = np.linalg.norm(layer_inputs[l].T @ grad_z)
        grad_h = grad_z @ weights[l].T                            # ∂L/∂H^[l−1]
    return {"activation_std": np.array([A.std() for A in activations]),
            "grad_z_std": grad_z_std, "grad_w_norm": grad_w_norm}


# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    """The factor n·Var[w]·E[φ'(z)²] by which one layer multiplies the variance of the back-propagated gradient.

    n: the number of terms in ∂L/∂H = ∂L/∂Z Wᵀ (the fan-out of the layer above).
    weight_var: Var[w] of that layer's weights.
    Z: pre-activations of the layer the gradient arrives at, any shape; E[·] is the mean over all entries.
    activation: "tanh" or "relu".
    Returns a float (the variance factor; the std factor is its square root).
    """
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else (Z > 0).astype(float)
    return float(n * weight_var * np.mean(slope ** 2))


# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    """Glorot & Bengio (2010) initial weights for a layer X @ W with X of shape (N, n_in).

    n_in, n_out: fan-in and fan-out (positive ints).
    rng: a numpy Generator, e.g. np.random.default_rng(0); every random number is drawn from it.
    distribution: "normal"  -> N(0, 2/(n_in + n_out)),
                  "uniform" -> U[-√(6/(n_in + n_out)), +√(6/(n_in + n_out))].
    Returns W: float64 array of shape (n_in, n_out).
    """
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
    if distribution == "uniform":
        limit = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, size=(n_in, n_out))
    raise ValueError(f"distribution must be 'normal' or 'uniform', not {distribution!r}")


# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    """He et al. (2015) initial weights for a ReLU layer X @ W with X of shape (N, n_in).

    n_in, n_out: fan-in and fan-out (positive ints).
    rng: a numpy Generator, e.g. np.random.default_rng(0); every random number is drawn from it.
    distribution: "normal"  -> N(0, 2/n_in),
                  "uniform" -> U[-√(6/n_in), +√(6/n_in)].
    Returns W: float64 array of shape (n_in, n_out).
    """
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
    if distribution == "uniform":
        limit = np.sqrt(6.0 / n_in)
        return rng.uniform(-limit, limit, size=(n_in, n_out))
    raise ValueError(f"distribution must be 'normal' or 'uniform', not {distribution!r}")


# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    """Number of different units in a layer X @ W + b.

    W: (n_in, n_units), column j = the incoming weights of unit j.  b: (n_units,).
    Units u, v (weights and bias) are the same when ‖u − v‖ ≤ rtol · max(‖u‖, ‖v‖).
    Returns an int between 1 and n_units.
    """
    units = np.vstack([W, np.reshape(b, (1, -1))]).T        # row j: (W[:, j], b[j])
    representatives = []
    for unit in units:
        if not any(np.linalg.norm(unit - other) <= rtol * max(np.linalg.norm(unit), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(unit)
    return len(representatives)


# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    """Number of groups of a hidden layer's units that gradient descent can never separate.

    W_in: (n_in, n), column j = incoming weights of unit j.  b: (n,).  W_out: (n, n_next), row j = its outgoing weights.
    Units are tied when (W_in[:, j], b[j], W_out[j, :]) agree: ‖u − v‖ ≤ rtol · max(‖u‖, ‖v‖).
    Returns an int between 1 and n.
    """
    units = np.hstack([np.transpose(W_in), np.reshape(b, (-1, 1)), W_out])   # row j: everything unit j has
    representatives = []
    for unit in units:
        if not any(np.linalg.norm(unit - other) <= rtol * max(np.linalg.norm(unit), np.linalg.norm(other))
                   for other in representatives):
            representatives.append(unit)
    return len(representatives)
