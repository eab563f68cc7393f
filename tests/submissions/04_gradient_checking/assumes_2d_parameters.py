# fails: gradient_check_tests
# expects: 3-D arrays and 0-d (scalar) arrays
# Hard-coded shapes: loops over rows and columns of every parameter, as if each were a matrix. Breaks on
# 1-D biases, 0-d scalars and 3-D kernels.
# %% gradient_check

def gradient_check(loss_fn, params, grads, eps=1e-5):
    """Relative difference between central differences of `loss_fn` and the analytic `grads`."""
    approx = {}
    for name, value in params.items():
        approx[name] = np.zeros(value.shape)
        for row in range(value.shape[0]):
            for column in range(value.shape[1]):
                saved = value[row, column]
                value[row, column] = saved + eps
                loss_plus = loss_fn(params)
                value[row, column] = saved - eps
                loss_minus = loss_fn(params)
                value[row, column] = saved
                approx[name][row, column] = (loss_plus - loss_minus) / (2 * eps)
    numerical = np.concatenate([approx[name].ravel() for name in params])
    analytic = np.concatenate([np.ravel(grads[name]) for name in params])
    denominator = np.linalg.norm(numerical) + np.linalg.norm(analytic)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(numerical - analytic) / denominator)
