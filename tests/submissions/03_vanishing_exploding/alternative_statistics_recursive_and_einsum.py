# fails:
# Not a bug: the solution loops forward then backward, keeping lists. Here the pass is one recursive
# function (forward on the way in, backward on the way out), tanh's slope is 1/cosh², the std is
# written as √(mean of squared deviations), the Frobenius norm as √(einsum of squares), and the
# statistics are collected in a dict of lists keyed by layer number, then sorted.
# %% layer_statistics
def layer_statistics(X, weights, G, activation):
    records = {}

    def std(A):
        return np.sqrt(np.mean((A - A.mean()) ** 2))

    def through(layer, H):
        """∂L/∂H^[layer] given H^[layer]; fills records[layer + 1] on the way."""
        if layer == len(weights):
            return G
        W = weights[layer]
        Z = H @ W
        out = np.tanh(Z) if activation == "tanh" else np.where(Z > 0, Z, 0.0)
        grad_out = through(layer + 1, out)
        slope = 1.0 / np.cosh(Z) ** 2 if activation == "tanh" else np.heaviside(Z, 0.0)
        grad_z = grad_out * slope
        grad_w = H.T @ grad_z
        records[layer + 1] = (std(out), std(grad_z), np.sqrt(np.einsum("ij,ij->", grad_w, grad_w)))
        return grad_z @ W.T

    through(0, X)
    rows = np.array([records[layer] for layer in sorted(records)])
    return {"activation_std": rows[:, 0], "grad_z_std": rows[:, 1], "grad_w_norm": rows[:, 2]}
