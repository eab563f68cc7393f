# fails: per_parameter_tests
# expects: value.flatten() returns a copy
# value.flatten() returns a COPY: the perturbations never reach params, every numerical derivative is 0
# and every parameter reports 1.0.
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
        approx = np.zeros(value.size)
        flat = value.flatten()
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + eps
            loss_plus = loss_fn(params)
            flat[i] = saved - eps
            loss_minus = loss_fn(params)
            flat[i] = saved
            approx[i] = (loss_plus - loss_minus) / (2 * eps)
        approx = approx.reshape(value.shape)
        analytic = np.asarray(grads[name], dtype=np.float64)
        denominator = np.linalg.norm(approx) + np.linalg.norm(analytic)
        differences[name] = 0.0 if denominator == 0.0 else float(np.linalg.norm(approx - analytic) / denominator)
    return differences
