# fails:
# Not a bug: correct answers written differently from the solution. gradient_check copies θ into
# thetaplus / thetaminus for every entry (the DLS way) instead of perturbing and restoring one vector,
# builds dθ with np.reshape, computes the norms as square roots of sums of squares and returns the
# np.float64 itself (a float); the per-parameter check walks each array with CS231n's np.nditer and
# returns np.float64 values too; the backward pass is a loop over the layers of any depth, with its own
# forward pass that keeps Z for the RELU masks (Z > 0 instead of A > 0), and returns the gradients last
# layer first.
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
    parameters_values = params_to_vector(params)
    grad = np.concatenate([np.reshape(grads[key], -1) for key in params]).astype(np.float64)
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters,))

    for i in range(num_parameters):
        thetaplus = np.copy(parameters_values)
        thetaplus[i] = thetaplus[i] + eps
        J_plus = loss_fn(vector_to_params(thetaplus, params))

        thetaminus = np.copy(parameters_values)
        thetaminus[i] = thetaminus[i] - eps
        J_minus = loss_fn(vector_to_params(thetaminus, params))

        gradapprox[i] = (J_plus - J_minus) / (2 * eps)

    numerator = np.sqrt(np.sum((grad - gradapprox) ** 2))
    denominator = np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2))
    if denominator == 0:
        return 0.0
    difference = numerator / denominator
    return difference
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
    result = {}
    for name in params:
        x = params[name]
        numeric = np.zeros(x.shape)
        it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
        while not it.finished:
            ix = it.multi_index
            oldval = x[ix]
            x[ix] = oldval + eps
            fxph = loss_fn(params)
            x[ix] = oldval - eps
            fxmh = loss_fn(params)
            x[ix] = oldval
            numeric[ix] = (fxph - fxmh) / (2 * eps)
            it.iternext()

        analytic = np.asarray(grads[name], dtype=np.float64)
        top = np.linalg.norm((numeric - analytic).ravel())
        bottom = np.linalg.norm(numeric.ravel()) + np.linalg.norm(analytic.ravel())
        result[name] = top / bottom if bottom > 0 else 0.0
    return result
# %% backward_pass
def backward_pass(params, X, Y, lambd):
    """Gradients of forward(params, X, Y, lambd) for the four-layer lab network.

    params : W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (n3, n2), b3 (n3, 1), W4 (1, n3), b4 (1, 1)
    X      : (n0, m) inputs, one example per column;  Y : (1, m) labels 0/1;  lambd : the L2 strength λ
    Returns a dict with the names and shapes of params: dJ/dparam for J = cross-entropy + λ/(2m)·Σ‖W‖².
    """
    L = len(params) // 2
    m = X.shape[1]

    # forward again, keeping the inputs of every layer and the pre-activations Z
    inputs, Zs = [], []
    A = X
    for l in range(1, L + 1):
        inputs.append(A)
        Z = np.dot(params["W" + str(l)], A) + params["b" + str(l)]
        Zs.append(Z)
        A = np.maximum(Z, 0) if l < L else 1 / (1 + np.exp(-Z))

    grads = {}
    dZ = A - Y
    for l in range(L, 0, -1):
        W = params["W" + str(l)]
        grads["W" + str(l)] = np.dot(dZ, inputs[l - 1].T) / m + (lambd / m) * W
        grads["b" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA = np.dot(W.T, dZ)
            dZ = np.where(Zs[l - 2] > 0, dA, 0.0)
    return grads
