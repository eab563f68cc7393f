# fails:
# Not a bug: the network of any depth written recursively (each call runs one affine layer, and
# the ReLU below the top, then recurses into the rest of the network and backpropagates on
# the way out), with the parameter names built from the layer number. It must get full marks.
# %% deep_net
def deep_net_loss(params, X, y, hidden_dims, layers=None):
    layers = layers or notebook_layers()
    (affine, affine_back), (relu, relu_back), (loss_fn, loss_back) = (
        layers["affine"], layers["relu"], layers["softmax_cross_entropy"])
    grads = {}

    def rest_of_network(inputs, k):
        """(loss, d loss / d inputs) of layers k, k+1, … on inputs."""
        scores, affine_cache = affine(inputs, params["W%d" % k], params["b%d" % k])
        if k == len(hidden_dims) + 1:
            loss, loss_cache = loss_fn(scores, y)
            dscores = loss_back(1.0, loss_cache)
        else:
            hidden, relu_cache = relu(scores)
            loss, dhidden = rest_of_network(hidden, k + 1)
            dscores = relu_back(dhidden, relu_cache)
        dinputs, grads["W%d" % k], grads["b%d" % k] = affine_back(dscores, affine_cache)
        return loss, dinputs

    loss, _ = rest_of_network(X, 1)
    return loss, grads
