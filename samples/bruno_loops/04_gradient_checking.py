# Bruno's gradient check walks over every entry of every parameter in place (no
# flattening), and his backward pass is one loop over the layers. All correct.
# based on: ../ada_perfect/04_gradient_checking.py

# %% gradient_check
def gradient_check(loss_fn, params, grads, eps=1e-5):
    squared_difference = squared_approx = squared_exact = 0.0
    for name, value in params.items():
        for index in np.ndindex(value.shape):
            kept = value[index]
            value[index] = kept + eps
            loss_up = loss_fn(params)
            value[index] = kept - eps
            loss_down = loss_fn(params)
            value[index] = kept
            approx = (loss_up - loss_down) / (2 * eps)
            exact = grads[name][index]
            squared_difference += (approx - exact) ** 2
            squared_approx += approx ** 2
            squared_exact += exact ** 2
    total = np.sqrt(squared_approx) + np.sqrt(squared_exact)
    return 0.0 if total == 0.0 else float(np.sqrt(squared_difference) / total)

# %% backward_pass
def backward_pass(params, X, Y, lambd):
    m = X.shape[1]
    _, activations = forward(params, X, Y, lambd)
    inputs = (X, *activations[:-1])
    grads = {}
    delta = activations[-1] - Y
    for layer in (4, 3, 2, 1):
        W = params[f"W{layer}"]
        grads[f"W{layer}"] = (delta @ inputs[layer - 1].T + lambd * W) / m
        grads[f"b{layer}"] = delta.sum(axis=1, keepdims=True) / m
        if layer > 1:
            delta = (W.T @ delta) * (inputs[layer - 1] > 0)
    return grads
