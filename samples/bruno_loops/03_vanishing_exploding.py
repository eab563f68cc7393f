# Bruno draws standard normals and scales them, and builds the uniform weights from
# rng.random() in [0, 1) mapped to [-limit, limit). His instrument walks the batch one
# example at a time (forward and backward), accumulates each standard deviation row by
# row, and builds ‖∂L/∂W‖ one column of ∂L/∂W at a time; he counts distinct and tied
# units with two nested loops and norms summed by hand. All correct.

# %% layer_statistics
def layer_statistics(X, weights, G, activation):
    def spread(values):
        """Standard deviation of all the entries, summed one row at a time."""
        count, total = values.size, 0.0
        for row in values:
            total += np.sum(row)
        mean = total / count
        squares = 0.0
        for row in values:
            squares += np.sum((row - mean) ** 2)
        return np.sqrt(squares / count)

    n_layers = len(weights)
    inputs, outputs = [], []
    current = X
    for layer in range(n_layers):
        inputs.append(current)
        summed = np.zeros((current.shape[0], weights[layer].shape[1]))
        for example in range(current.shape[0]):
            summed[example] = current[example] @ weights[layer]
        if activation == "tanh":
            current = np.tanh(summed)
        else:
            current = np.where(summed > 0, summed, 0.0)
        outputs.append(current)

    activation_std = np.zeros(n_layers)
    grad_z_std = np.zeros(n_layers)
    grad_w_norm = np.zeros(n_layers)
    grad_out = G
    for layer in range(n_layers - 1, -1, -1):
        out = outputs[layer]
        if activation == "tanh":
            slope = 1.0 - out * out
        else:
            slope = np.where(out > 0, 1.0, 0.0)      # a ReLU's output is positive exactly where z > 0
        grad_z = grad_out * slope
        activation_std[layer] = spread(out)
        grad_z_std[layer] = spread(grad_z)
        squared_norm = 0.0
        for unit in range(grad_z.shape[1]):
            column = inputs[layer].T @ grad_z[:, unit]      # ∂L/∂W[:, unit]
            squared_norm += column @ column
        grad_w_norm[layer] = np.sqrt(squared_norm)
        grad_in = np.zeros(inputs[layer].shape)
        for example in range(grad_z.shape[0]):
            grad_in[example] = weights[layer] @ grad_z[example]
        grad_out = grad_in
    return {"activation_std": activation_std, "grad_z_std": grad_z_std, "grad_w_norm": grad_w_norm}

# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    values = np.asarray(Z, dtype=float)
    rows = values.reshape(-1, values.shape[-1]) if values.ndim > 0 else values.reshape(1, 1)
    total, count = 0.0, 0
    for row in rows:
        if activation == "tanh":
            slope = 1.0 - np.tanh(row) ** 2
        else:
            slope = np.where(row > 0, 1.0, 0.0)
        total += np.sum(slope * slope)
        count += row.size
    return n * weight_var * total / count

# %% xavier_init
def xavier_init(n_in, n_out, rng, distribution="normal"):
    fan_average = (n_in + n_out) / 2
    if distribution == "normal":
        return rng.standard_normal((n_in, n_out)) * np.sqrt(1.0 / fan_average)
    if distribution == "uniform":
        limit = np.sqrt(3.0 / fan_average)
        return (2.0 * rng.random((n_in, n_out)) - 1.0) * limit
    raise ValueError(f"unknown distribution {distribution!r}")

# %% he_init
def he_init(n_in, n_out, rng, distribution="normal"):
    if distribution == "normal":
        return rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
    if distribution == "uniform":
        limit = np.sqrt(6.0 / n_in)
        return (2.0 * rng.random((n_in, n_out)) - 1.0) * limit
    raise ValueError(f"unknown distribution {distribution!r}")

# %% distinct_units
def distinct_units(W, b, rtol=1e-6):
    kept = []                                  # one unit (its weights, then its bias) per group found
    for j in range(W.shape[1]):
        unit = np.append(W[:, j], b[j])
        is_new = True
        for other in kept:
            gap = np.sqrt(np.sum((unit - other) ** 2))
            size = max(np.sqrt(np.sum(unit ** 2)), np.sqrt(np.sum(other ** 2)))
            if gap <= rtol * size:
                is_new = False
                break
        if is_new:
            kept.append(unit)
    return len(kept)

# %% tied_unit_groups
def tied_unit_groups(W_in, b, W_out, rtol=1e-6):
    kept = []                                  # incoming weights, bias, outgoing weights of one unit per group
    for j in range(W_in.shape[1]):
        unit = np.concatenate([W_in[:, j], [b[j]], W_out[j, :]])
        is_new = True
        for other in kept:
            gap = np.sqrt(np.sum((unit - other) ** 2))
            size = max(np.sqrt(np.sum(unit ** 2)), np.sqrt(np.sum(other ** 2)))
            if gap <= rtol * size:
                is_new = False
                break
        if is_new:
            kept.append(unit)
    return len(kept)
