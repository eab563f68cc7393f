# Ada works through every exercise and gets each one right: the reference answers,
# as a careful student writes them. Other students' files start from this one.

# %% gradient_check
def gradient_check(loss_fn, params, grads, eps=1e-5):
    """Relative difference between central differences of `loss_fn` and the analytic `grads`.

    loss_fn : callable, loss_fn(params) -> float, for a dict with the names and shapes of `params`
    params  : dict name -> float ndarray of any shape: the point θ where the gradient is checked
    grads   : dict name -> ndarray, the same names (in any order) and shapes as `params`: dJ/dθ
    eps     : float, the step ε of the central difference (J(θ + ε·e_i) − J(θ − ε·e_i)) / 2ε
    Returns ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂) over every entry of every parameter, a float
    in [0, 1]; 0.0 when both gradients are zero. `params` is unchanged afterwards.
    """
    theta = params_to_vector(params)
    analytic = params_to_vector({name: grads[name] for name in params})
    approx = np.zeros_like(theta)
    for i in range(theta.size):
        saved = theta[i]
        theta[i] = saved + eps
        loss_plus = loss_fn(vector_to_params(theta, params))
        theta[i] = saved - eps
        loss_minus = loss_fn(vector_to_params(theta, params))
        theta[i] = saved
        approx[i] = (loss_plus - loss_minus) / (2 * eps)
    denominator = np.linalg.norm(approx) + np.linalg.norm(analytic)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(approx - analytic) / denominator)


# %% gradient_check_per_parameter
def gradient_check_per_parameter(loss_fn, params, grads, eps=1e-5):
    """The relative difference of each parameter on its own.

    loss_fn : callable, loss_fn(params) -> float; it reads the arrays of `params`
    params  : dict name -> float ndarray of any shape; perturbed in place entry by entry, then restored
    grads   : dict name -> ndarray with the names and shapes of `params`: the analytic dJ/dθ
    eps     : float, the step of the central differences
    Returns a dict name -> float: ‖approx_p − grads_p‖₂ / (‖approx_p‖₂ + ‖grads_p‖₂) for each parameter p
    (0.0 when both are zero). `params` is bit-for-bit unchanged afterwards.
    """
    differences = {}
    for name, value in params.items():
        approx = np.zeros(value.shape)
        for index in np.ndindex(value.shape):
            saved = value[index]
            value[index] = saved + eps
            loss_plus = loss_fn(params)
            value[index] = saved - eps
            loss_minus = loss_fn(params)
            value[index] = saved
            approx[index] = (loss_plus - loss_minus) / (2 * eps)
        analytic = np.asarray(grads[name], dtype=np.float64)
        denominator = np.linalg.norm(approx) + np.linalg.norm(analytic)
        differences[name] = 0.0 if denominator == 0.0 else float(np.linalg.norm(approx - analytic) / denominator)
    return differences


# %% backward_pass
def backward_pass(params, X, Y, lambd):
    """Gradients of forward(params, X, Y, lambd) for the four-layer lab network.

    params : W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (n3, n2), b3 (n3, 1), W4 (1, n3), b4 (1, 1)
    X      : (n0, m) inputs, one example per column;  Y : (1, m) labels 0/1;  lambd : the L2 strength λ
    Returns a dict with the names and shapes of params: dJ/dparam for J = cross-entropy + λ/(2m)·Σ‖W‖².
    """
    m = X.shape[1]
    _, (A1, A2, A3, A4) = forward(params, X, Y, lambd)
    W1, W2, W3, W4 = params["W1"], params["W2"], params["W3"], params["W4"]

    dZ4 = A4 - Y
    dW4 = dZ4 @ A3.T / m
    dW4 += lambd / m * W4
    db4 = np.sum(dZ4, axis=1, keepdims=True) / m

    dZ3 = (W4.T @ dZ4) * (A3 > 0)
    dW3 = dZ3 @ A2.T / m
    dW3 += lambd / m * W3
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m

    dZ2 = (W3.T @ dZ3) * (A2 > 0)
    dW2 = (dZ2 @ A1.T + lambd * W2) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m

    dZ1 = (W2.T @ dZ2) * (A1 > 0)
    dW1 = (dZ1 @ X.T + lambd * W1) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3, "W4": dW4, "b4": db4}
