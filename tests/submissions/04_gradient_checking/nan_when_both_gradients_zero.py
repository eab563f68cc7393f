# fails: gradient_check_tests
# expects: (they agree), got nan
# No guard for 0/0: when both gradients are zero the answer is NaN instead of 0.0.
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
    return float(np.linalg.norm(approx - analytic) / denominator)
