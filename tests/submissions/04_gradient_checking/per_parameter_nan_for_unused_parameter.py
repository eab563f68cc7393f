# fails: per_parameter_tests
# expects: 0/0 means they agree
# No guard for 0/0: a parameter the loss does not use (both gradients zero) gets NaN instead of 0.0.
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
        differences[name] = float(np.linalg.norm(approx - analytic) / denominator)
    return differences
