# fails: deep_net_tests
# expects: the cache of another layer? Each backward needs the cache that its own forward call returned
# The affine caches are kept in their own list, and the backward loop indexes it one layer too
# low (affine_caches[k - 2] for layer k; layer 1 wraps round to the top layer's cache).
# %% deep_net
def deep_net_loss(params, X, y, hidden_dims, layers=None):
    layers = layers or notebook_layers()
    affine_forward, affine_backward = layers["affine"]
    relu_forward, relu_backward = layers["relu"]
    loss_forward, loss_backward = layers["softmax_cross_entropy"]
    n_layers = len(hidden_dims) + 1

    affine_caches, relu_caches, out = [], [], X
    for k in range(1, n_layers + 1):
        out, cache = affine_forward(out, params[f"W{k}"], params[f"b{k}"])
        affine_caches.append(cache)
        if k < n_layers:
            out, cache = relu_forward(out)
            relu_caches.append(cache)
    loss, loss_cache = loss_forward(out, y)

    grads = {}
    dout = loss_backward(1.0, loss_cache)
    for k in range(n_layers, 0, -1):
        if k < n_layers:
            dout = relu_backward(dout, relu_caches[k - 1])
        dout, grads[f"W{k}"], grads[f"b{k}"] = affine_backward(dout, affine_caches[k - 2])
    return loss, grads
