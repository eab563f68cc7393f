# fails: layer_statistics_backward_tests
# expects: before multiplying by the slope
# Records the std of ∂L/∂H^[l], the gradient arriving at the layer, before the activation's slope.
# %% layer_statistics
def layer_statistics(X, weights, G, activation):
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
    grad_h = G
    for l in reversed(range(n_layers)):
        grad_z_std[l] = grad_h.std()
        slope = 1.0 - activations[l] ** 2 if activation == "tanh" else (preactivations[l] > 0)
        grad_z = grad_h * slope
        grad_w_norm[l] = np.linalg.norm(layer_inputs[l].T @ grad_z)
        grad_h = grad_z @ weights[l].T
    return {"activation_std": np.array([A.std() for A in activations]),
            "grad_z_std": grad_z_std, "grad_w_norm": grad_w_norm}
