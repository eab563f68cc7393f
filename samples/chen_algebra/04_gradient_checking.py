# Chen perturbs fresh copies of the parameter vector and writes the norms as square
# roots of dot products. All correct.
# based on: ../ada_perfect/04_gradient_checking.py

# %% gradient_check
def gradient_check(loss_fn, params, grads, eps=1e-5):
    theta = params_to_vector(params)
    exact = params_to_vector({name: grads[name] for name in params})
    approx = np.empty_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += eps
        minus[i] -= eps
        approx[i] = (loss_fn(vector_to_params(plus, params)) - loss_fn(vector_to_params(minus, params))) / (2 * eps)
    difference = approx - exact
    scale = np.sqrt(approx @ approx) + np.sqrt(exact @ exact)
    return float(np.sqrt(difference @ difference) / scale) if scale > 0 else 0.0
