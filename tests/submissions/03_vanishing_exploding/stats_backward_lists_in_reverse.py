# fails: layer_statistics_backward_tests
# expects: in reverse order
# The backward loop appends to lists, so they start with layer L; they are returned without reversing.
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
    grad_z_std, grad_w_norm = [], []
    grad_h = G
    for l in reversed(range(len(weights))):
        slope = 1.0 - activations[l] ** 2 if activation == "tanh" else (preactivations[l] > 0)
        grad_z = grad_h * slope
        grad_z_std.append(grad_z.std())
        grad_w_norm.append(np.linalg.norm(layer_inputs[l].T @ grad_z))
        grad_h = grad_z @ weights[l].T
    return {"activation_std": np.array([A.std() for A in activations]),
            "grad_z_std": np.array(grad_z_std), "grad_w_norm": np.array(grad_w_norm)}
