# Gabe flips the sign of the sigmoid's derivative in the neuron, σ(σ − 1), and leaves the
# regularization gradient out of the two-layer network (the L2 term is in its loss). In the
# deep network he calls relu_backward but drops its result, so the ReLU's mask is left out too.
# based on: ../ada_perfect/02_backprop.py

# %% sigmoid_neuron
def sigmoid_neuron(w, x):
    dot = np.dot(w[:-1], x) + w[-1]
    f = 1.0 / (1.0 + np.exp(-dot))
    ddot = f * (f - 1.0)
    return float(f), np.append(x, 1.0) * ddot, w[:-1] * ddot

# %% two_layer_net
def two_layer_loss(params, X, y, reg=0.0):
    """Loss and gradients of the network affine → ReLU → affine → softmax cross-entropy + L2.

    params: dict with "W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,).
    X: (N, D) inputs.  y: (N,) integer labels in [0, C).  reg: λ of the L2 term on W1 and W2.
    Returns (loss, grads): loss a float, grads a dict with the keys and shapes of params.
    """
    hidden_in, affine1_cache = affine_forward(X, params["W1"], params["b1"])
    hidden, relu_cache = relu_forward(hidden_in)
    scores, affine2_cache = affine_forward(hidden, params["W2"], params["b2"])
    data_loss, loss_cache = softmax_cross_entropy_forward(scores, y)
    reg_loss1, reg1_cache = l2_regularization_forward(params["W1"], reg)
    reg_loss2, reg2_cache = l2_regularization_forward(params["W2"], reg)
    loss = data_loss + reg_loss1 + reg_loss2

    dscores = softmax_cross_entropy_backward(1.0, loss_cache)
    dhidden, dW2, db2 = affine_backward(dscores, affine2_cache)
    dhidden_in = relu_backward(dhidden, relu_cache)
    _, dW1, db1 = affine_backward(dhidden_in, affine1_cache)
    grads = {
        "W1": dW1,
        "b1": db1,
        "W2": dW2,
        "b2": db2,
    }
    return loss, grads

# %% deep_net
def deep_net_loss(params, X, y, hidden_dims, layers=None):
    layers = layers or notebook_layers()
    affine_forward, affine_backward = layers["affine"]
    relu_forward, relu_backward = layers["relu"]
    loss_forward, loss_backward = layers["softmax_cross_entropy"]
    depth = len(hidden_dims) + 1
    caches, out = [], X
    for k in range(1, depth + 1):
        out, affine_cache = affine_forward(out, params[f"W{k}"], params[f"b{k}"])
        relu_cache = None
        if k < depth:
            out, relu_cache = relu_forward(out)
        caches.append((affine_cache, relu_cache))
    loss, loss_cache = loss_forward(out, y)
    grads, dout = {}, loss_backward(1.0, loss_cache)
    for k in range(depth, 0, -1):
        affine_cache, relu_cache = caches[k - 1]
        if relu_cache is not None:
            relu_backward(dout, relu_cache)
        dout, grads[f"W{k}"], grads[f"b{k}"] = affine_backward(dout, affine_cache)
    return loss, grads
