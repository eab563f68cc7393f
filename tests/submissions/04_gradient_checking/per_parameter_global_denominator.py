# fails: per_parameter_tests
# expects: Use the norms of
# Divides each parameter's numerator by the norms of the WHOLE vectors: a small parameter's bug looks
# small, and W2 with its ×2 bug no longer gives 1/3.
# %% gradient_check_per_parameter

def gradient_check_per_parameter(loss_fn, params, grads, eps=1e-5):
    """The relative difference of each parameter on its own."""
    approx = {}
    for name, value in params.items():
        approx[name] = np.zeros(value.shape)
        for index in np.ndindex(value.shape):
            saved = value[index]
            value[index] = saved + eps
            loss_plus = loss_fn(params)
            value[index] = saved - eps
            loss_minus = loss_fn(params)
            value[index] = saved
            approx[name][index] = (loss_plus - loss_minus) / (2 * eps)
    total = (np.linalg.norm(np.concatenate([approx[name].ravel() for name in params]))
             + np.linalg.norm(np.concatenate([np.ravel(grads[name]) for name in params])))
    if total == 0.0:
        return {name: 0.0 for name in params}
    return {name: float(np.linalg.norm(approx[name] - grads[name]) / total) for name in params}
