# fails: deep_net_tests
# expects: the result of relu_backward is dropped
# The backward loop calls relu_backward but never assigns its result, so every affine layer
# below the top one gets the gradient without the ReLU's mask: the gradient is not passed
# down through the ReLU.
# %% deep_net
def deep_net_loss(params, X, y, hidden_dims, layers=None):
    layers = layers or notebook_layers()
    affine_forward, affine_backward = layers["affine"]
    relu_forward, relu_backward = layers["relu"]
    loss_forward, loss_backward = layers["softmax_cross_entropy"]
    n_layers = len(hidden_dims) + 1

    caches, out = [], X
    for k in range(1, n_layers + 1):
        out, affine_cache = affine_forward(out, params[f"W{k}"], params[f"b{k}"])
        relu_cache = None
        if k < n_layers:
            out, relu_cache = relu_forward(out)
        caches.append((affine_cache, relu_cache))
    loss, loss_cache = loss_forward(out, y)

    grads = {}
    dout = loss_backward(1.0, loss_cache)
    for k in range(n_layers, 0, -1):
        affine_cache, relu_cache = caches[k - 1]
        if relu_cache is not None:
            relu_backward(dout, relu_cache)
        dout, grads[f"W{k}"], grads[f"b{k}"] = affine_backward(dout, affine_cache)
    return loss, grads
