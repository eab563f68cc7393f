# Farah scales He initialization by the fan-out instead of the fan-in. In her instrument
# the weight gradient multiplies ∂L/∂Z^[l] by the layer's output H^[l] where its input
# H^[l-1] belongs (the forward statistics are right), and her gradient factor takes tanh's
# slope at the pre-activation itself, 1 − z², instead of 1 − tanh(z)².
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% layer_statistics
def layer_statistics(X, weights, G, activation):
    preactivations, activations = [], []
    H = X
    for W in weights:
        Z = H @ W
        H = np.tanh(Z) if activation == "tanh" else np.maximum(Z, 0.0)
        preactivations.append(Z)
        activations.append(H)

    n_layers = len(weights)
    grad_z_std, grad_w_norm = np.zeros(n_layers), np.zeros(n_layers)
    grad_h = G
    for l in reversed(range(n_layers)):
        if activation == "tanh":
            grad_z = grad_h * (1.0 - activations[l] ** 2)
        else:
            grad_z = grad_h * (preactivations[l] > 0)
        grad_z_std[l] = grad_z.std()
        grad_w_norm[l] = np.linalg.norm(activations[l].T @ grad_z)
        grad_h = grad_z @ weights[l].T
    return {"activation_std": np.array([A.std() for A in activations]),
            "grad_z_std": grad_z_std, "grad_w_norm": grad_w_norm}

# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - Z ** 2 if activation == "tanh" else (Z > 0).astype(float)
    return float(n * weight_var * np.mean(slope ** 2))

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_in, n_out))
    limit = np.sqrt(6.0 / n_out)
    return rng.uniform(-limit, limit, size=(n_in, n_out))
