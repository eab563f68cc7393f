# Chen writes He initialization as Xavier's weights rescaled: the two differ only in the
# variance, 2/n_in against 2/(n_in + n_out). His instrument takes tanh's slope as 1/cosh²,
# the ReLU's as a Heaviside step, each std as √(E[x²] − E[x]²), and ‖Hᵀ ∂L/∂Z‖² as the
# inner product of H Hᵀ with ∂L/∂Z ∂L/∂Zᵀ. His gradient factor uses sech⁴ for tanh and the
# fraction of positive entries for the ReLU (its slope is 0 or 1, so slope² = slope). He
# compares units through their Gram matrix, ‖u − v‖² = ‖u‖² + ‖v‖² − 2 u·v, and counts tied
# units as distinct columns of the incoming weights stacked on the outgoing ones. All correct.
# based on: ../ada_perfect/03_vanishing_exploding.py

# %% layer_statistics
def layer_statistics(X, weights, G, activation):
    def std(A):
        return np.sqrt(max(np.mean(A * A) - np.mean(A) ** 2, 0.0))

    inputs, preactivations = [X], []
    for W in weights:
        preactivations.append(inputs[-1] @ W)
        inputs.append(np.tanh(preactivations[-1]) if activation == "tanh" else np.maximum(preactivations[-1], 0.0))
    outputs = inputs[1:]

    grad_z_std, grad_w_norm = [], []
    grad_h = G
    for H_in, Z, W in zip(inputs[-2::-1], preactivations[::-1], weights[::-1]):
        slope = 1.0 / np.cosh(Z) ** 2 if activation == "tanh" else np.heaviside(Z, 0.0)
        grad_z = grad_h * slope
        grad_z_std.insert(0, std(grad_z))
        grad_w_norm.insert(0, np.sqrt(np.sum((H_in @ H_in.T) * (grad_z @ grad_z.T))))
        grad_h = grad_z @ W.T
    return {"activation_std": np.array([std(H) for H in outputs]),
            "grad_z_std": np.array(grad_z_std), "grad_w_norm": np.array(grad_w_norm)}

# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    if activation == "tanh":
        mean_squared_slope = np.mean(1.0 / np.cosh(Z) ** 4)
    else:
        mean_squared_slope = np.count_nonzero(Z > 0) / Z.size
    return float(n * weight_var * mean_squared_slope)

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution not in ("normal", "uniform"):
        raise ValueError(f"unknown distribution {distribution!r}")
    return xavier_init(n_in, n_out, rng, distribution) * np.sqrt((n_in + n_out) / n_in)

# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    U = np.vstack([W, b])                                   # column j: unit j's weights and bias
    gram = U.T @ U                                          # gram[j, k] = u_j · u_k
    sizes = np.diag(gram)                                   # ‖u_j‖²
    squared_gaps = sizes[:, None] + sizes[None, :] - 2.0 * gram
    same = squared_gaps <= rtol ** 2 * np.maximum(sizes[:, None], sizes[None, :])
    # a unit starts a new group unless a unit before it is the same
    return int(sum(1 for j in range(len(sizes)) if not same[j, :j].any()))

# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    return distinct_units(np.vstack([W_in, np.transpose(W_out)]), b, rtol)
