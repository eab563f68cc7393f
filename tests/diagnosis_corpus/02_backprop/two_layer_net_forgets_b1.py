# fails: two_layer_net_tests
# expects: does not depend on b1 at all
# The forward pass never adds b1 (it is multiplied by 0 here, as if left out), but the backward returns db1.
# %% two_layer_net
def two_layer_loss(params, X, y, reg=0.0):
    """Loss and gradients of the network affine → ReLU → affine → softmax cross-entropy + L2.

    params: dict with "W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,).
    X: (N, D) inputs.  y: (N,) integer labels in [0, C).  reg: λ of the L2 term on W1 and W2.
    Returns (loss, grads): loss a float, grads a dict with the keys and shapes of params.
    """
    hidden_in, affine1_cache = affine_forward(X, params["W1"], 0.0 * params["b1"])
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
        "W1": dW1 + l2_regularization_backward(1.0, reg1_cache),
        "b1": db1,
        "W2": dW2 + l2_regularization_backward(1.0, reg2_cache),
        "b2": db2,
    }
    return loss, grads
