# fails: layer_statistics_backward_tests
# expects: the layer's output H^[l] where ∂L/∂W^[l] needs its input
# ∂L/∂W^[l] computed as H^[l]ᵀ ∂L/∂Z^[l] (the layer's output) instead of H^[l-1]ᵀ ∂L/∂Z^[l].
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
        slope = 1.0 - activations[l] ** 2 if activation == "tanh" else (preactivations[l] > 0)
        grad_z = grad_h * slope
        grad_z_std[l] = grad_z.std()
        grad_w_norm[l] = np.linalg.norm(activations[l].T @ grad_z)
        grad_h = grad_z @ weights[l].T
    return {"activation_std": np.array([A.std() for A in activations]),
            "grad_z_std": grad_z_std, "grad_w_norm": grad_w_norm}
