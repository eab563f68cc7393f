# fails: backward_pass_tests
# expects: scaled by 1.5
# The batch size typed in as the lab network's 4 instead of read from X.
# %% backward_pass
def backward_pass(params, X, Y, lambd):
    """Gradients of forward(params, X, Y, lambd) for the four-layer lab network.

    params : W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (n3, n2), b3 (n3, 1), W4 (1, n3), b4 (1, 1)
    X      : (n0, m) inputs, one example per column;  Y : (1, m) labels 0/1;  lambd : the L2 strength λ
    Returns a dict with the names and shapes of params: dJ/dparam for J = cross-entropy + λ/(2m)·Σ‖W‖².
    """
    m = 4
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
