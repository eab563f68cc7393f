# fails:
# Not a bug: correct answers written differently from the solution. gradient_check moves one entry of θ
# with a helper that restores it in a `finally`, fills dθ slice by slice in the order of params,
# measures the norms with np.sqrt(np.dot(v, v)) and returns a Python float through .item(); the
# per-parameter check walks every index with itertools.product (a 0-d array has the one index ()),
# computes all numerical gradients before any difference, and uses a small relative-difference helper;
# the backward pass sums dW and db example by example with np.outer in a helper shared by the four
# layers, and adds the penalty's gradient to every weight afterwards with +=.
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

    dtheta = np.empty_like(theta)
    start = 0
    for name, value in params.items():
        size = np.size(value)
        dtheta[start:start + size] = np.ravel(grads[name])
        start += size

    def loss_with_entry(i, value):
        """J at θ with entry i set to value; θ_i is put back even if the loss raises."""
        kept = theta[i]
        theta[i] = value
        try:
            return loss_fn(vector_to_params(theta, params))
        finally:
            theta[i] = kept

    approx = np.array([(loss_with_entry(i, theta[i] + eps) - loss_with_entry(i, theta[i] - eps)) / (2 * eps)
                       for i in range(theta.size)])

    norm_approx = np.sqrt(np.dot(approx, approx))
    norm_exact = np.sqrt(np.dot(dtheta, dtheta))
    if max(norm_approx, norm_exact) == 0.0:
        return 0.0
    difference = approx - dtheta
    return (np.sqrt(np.dot(difference, difference)) / (norm_approx + norm_exact)).item()
# %% gradient_check_per_parameter
import itertools


def relative_difference(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖) for two arrays of one shape, 0.0 when both are zero."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    total = np.linalg.norm(a) + np.linalg.norm(b)
    if total == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / total)


def gradient_check_per_parameter(loss_fn, params, grads, eps=1e-5):
    """The relative difference of each parameter on its own.

    loss_fn : callable, loss_fn(params) -> float; it reads the arrays of `params`
    params  : dict name -> float ndarray of any shape; perturbed in place entry by entry, then restored
    grads   : dict name -> ndarray with the names and shapes of `params`: the analytic dJ/dθ
    eps     : float, the step of the central differences
    Returns a dict name -> float: ‖approx_p − grads_p‖₂ / (‖approx_p‖₂ + ‖grads_p‖₂) for each parameter p
    (0.0 when both are zero). `params` is bit-for-bit unchanged afterwards.
    """
    numerical = {}
    for name, p in params.items():
        slopes = np.zeros(p.shape)
        for index in itertools.product(*(range(n) for n in p.shape)):
            here = p[index]
            p[index] = here + eps
            up = loss_fn(params)
            p[index] = here - eps
            down = loss_fn(params)
            p[index] = here
            slopes[index] = (up - down) / (2 * eps)
        numerical[name] = slopes

    return {name: relative_difference(numerical[name], grads[name]) for name in params}
# %% backward_pass
def backward_pass(params, X, Y, lambd):
    """Gradients of forward(params, X, Y, lambd) for the four-layer lab network.

    params : W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (n3, n2), b3 (n3, 1), W4 (1, n3), b4 (1, 1)
    X      : (n0, m) inputs, one example per column;  Y : (1, m) labels 0/1;  lambd : the L2 strength λ
    Returns a dict with the names and shapes of params: dJ/dparam for J = cross-entropy + λ/(2m)·Σ‖W‖².
    """
    m = X.shape[1]
    _, (A1, A2, A3, A4) = forward(params, X, Y, lambd)

    def linear_backward(dZ, A_prev, W):
        """dW and db averaged over the examples one at a time, and the gradient dA_prev."""
        dW = np.zeros(W.shape)
        db = np.zeros((W.shape[0], 1))
        for k in range(m):
            dW += np.outer(dZ[:, k], A_prev[:, k])
            db[:, 0] += dZ[:, k]
        return dW / m, db / m, W.T @ dZ

    grads = {}
    dZ = A4 - Y
    grads["W4"], grads["b4"], dA3 = linear_backward(dZ, A3, params["W4"])
    dZ = dA3 * (A3 > 0)
    grads["W3"], grads["b3"], dA2 = linear_backward(dZ, A2, params["W3"])
    dZ = dA2 * (A2 > 0)
    grads["W2"], grads["b2"], dA1 = linear_backward(dZ, A1, params["W2"])
    dZ = dA1 * (A1 > 0)
    grads["W1"], grads["b1"], _ = linear_backward(dZ, X, params["W1"])

    # every W reaches the loss a second time, through the penalty λ/(2m)·‖W‖²: add that path
    for name in grads:
        if name.startswith("W"):
            grads[name] += lambd / m * params[name]
    return grads
