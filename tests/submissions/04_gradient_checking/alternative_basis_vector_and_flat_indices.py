# fails:
# Not a bug: correct answers written differently from the solution. gradient_check stacks θ and dθ
# itself with np.hstack, steps along a basis vector e_i (θ ± ε·e_i as new vectors, J(θ − ε·e_i) first)
# and scales both gradients by their largest entry before taking the norms, as grader.rel_error does;
# the per-parameter check goes through the names in the order of grads, walks each array through its
# flat iterator `.flat[k]`, takes every perturbed value from a pristine copy and evaluates the minus
# side first; the backward pass is written out DLS style with np.dot, goes through the sigmoid's
# derivative instead of dZ4 = A4 − Y, masks with np.int64(A > 0), averages the biases with np.mean and
# adds the penalty from the notebook's l2_penalty_gradient, with m read from Y.
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
    names = list(params)  # the order of params, whatever order grads lists its names in
    theta = np.hstack([np.reshape(params[name], -1) for name in names]).astype(float)
    dtheta = np.hstack([np.reshape(grads[name], -1) for name in names]).astype(float)

    def J(vector):
        return loss_fn(vector_to_params(vector, params))

    approx = np.empty(theta.size)
    for i in range(theta.size):
        e_i = np.zeros(theta.size)
        e_i[i] = eps
        J_minus = J(theta - e_i)
        J_plus = J(theta + e_i)
        approx[i] = (J_plus - J_minus) / (2 * eps)

    if not approx.any() and not dtheta.any():
        return 0.0
    # divide by the largest entry first so that the squares in the norms can neither overflow nor underflow
    scale = max(np.abs(approx).max(), np.abs(dtheta).max())
    a, b = approx / scale, dtheta / scale
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
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
    report = {}
    for name, analytic in grads.items():
        array = params[name]
        original = array.copy()
        numerical = np.empty(array.size)
        for k in range(array.size):  # .flat[k] writes through to the array, in C order
            array.flat[k] = original.flat[k] - eps
            below = loss_fn(params)
            array.flat[k] = original.flat[k] + eps
            above = loss_fn(params)
            array.flat[k] = original.flat[k]
            numerical[k] = (above - below) / (2 * eps)

        analytic = np.ravel(analytic).astype(np.float64)
        norms = np.linalg.norm(numerical) + np.linalg.norm(analytic)
        report[name] = float(np.linalg.norm(numerical - analytic) / norms) if norms else 0.0
    return report
# %% backward_pass
def backward_pass(params, X, Y, lambd):
    """Gradients of forward(params, X, Y, lambd) for the four-layer lab network.

    params : W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (n3, n2), b3 (n3, 1), W4 (1, n3), b4 (1, 1)
    X      : (n0, m) inputs, one example per column;  Y : (1, m) labels 0/1;  lambd : the L2 strength λ
    Returns a dict with the names and shapes of params: dJ/dparam for J = cross-entropy + λ/(2m)·Σ‖W‖².
    """
    m = Y.shape[1]
    _, (A1, A2, A3, A4) = forward(params, X, Y, lambd)
    W2, W3, W4 = params["W2"], params["W3"], params["W4"]

    dA4 = -(np.divide(Y, A4) - np.divide(1 - Y, 1 - A4))  # derivative of the cross-entropy
    dZ4 = dA4 * A4 * (1 - A4)                             # times the sigmoid's derivative
    dW4 = 1. / m * np.dot(dZ4, A3.T)
    db4 = np.mean(dZ4, axis=1, keepdims=True)

    dA3 = np.dot(W4.T, dZ4)
    dZ3 = np.multiply(dA3, np.int64(A3 > 0))
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = np.mean(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = np.mean(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = np.mean(dZ1, axis=1, keepdims=True)

    data = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3, "W4": dW4, "b4": db4}
    penalty = l2_penalty_gradient(params, lambd, m)  # λ/m·W for the weights, zeros for the biases
    return {name: data[name] + penalty[name] for name in params}
