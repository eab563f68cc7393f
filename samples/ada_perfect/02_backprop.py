# Ada works through every exercise and gets each one right: the reference answers,
# as a careful student writes them. Other students' files start from this one.

# %% gates
def add_gate_backward(dout):
    """Backward pass of out = x + y.

    dout: ∂L/∂out, a float.  Returns (dx, dy) = (∂L/∂x, ∂L/∂y).
    """
    return dout, dout


def multiply_gate_backward(x, y, dout):
    """Backward pass of out = x * y for floats x, y and dout = ∂L/∂out.

    Returns (dx, dy) = (∂L/∂x, ∂L/∂y).
    """
    return y * dout, x * dout


def max_gate_backward(x, y, dout):
    """Backward pass of out = max(x, y) for floats x != y and dout = ∂L/∂out.

    Returns (dx, dy) = (∂L/∂x, ∂L/∂y).
    """
    return (dout, 0.0) if x > y else (0.0, dout)


# %% sigmoid_neuron
def sigmoid_neuron(w, x):
    """A sigmoid neuron f = σ(w[0]·x[0] + … + w[D-1]·x[D-1] + w[D]) and its gradient.

    w: (D+1,) weights, the bias last.  x: (D,) inputs.
    Returns (f, dw, dx): f a float, dw = ∂f/∂w of shape (D+1,), dx = ∂f/∂x of shape (D,).
    """
    dot = np.dot(w[:-1], x) + w[-1]
    f = 1.0 / (1.0 + np.exp(-dot))
    ddot = (1.0 - f) * f                      # σ' from the output
    dw = np.append(x, 1.0) * ddot
    dx = w[:-1] * ddot
    return float(f), dw, dx


# %% staged_backprop
def staged_backprop(x, y):
    """f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²) and its gradient, by staged backprop.

    x, y: floats.  Returns (f, dx, dy) = (f, ∂f/∂x, ∂f/∂y), floats.
    """
    sigy = 1.0 / (1.0 + math.exp(-y))         # (1)
    num = x + sigy                            # (2)
    sigx = 1.0 / (1.0 + math.exp(-x))         # (3)
    xpy = x + y                               # (4)
    xpysqr = xpy ** 2                         # (5)
    den = sigx + xpysqr                       # (6)
    invden = 1.0 / den                        # (7)
    f = num * invden                          # (8)

    dnum = invden                             # (8)
    dinvden = num                             # (8)
    dden = (-1.0 / den ** 2) * dinvden        # (7)
    dsigx = dden                              # (6)
    dxpysqr = dden                            # (6)
    dxpy = (2 * xpy) * dxpysqr                # (5)
    dx = dxpy                                 # (4)
    dy = dxpy                                 # (4)
    dx += ((1 - sigx) * sigx) * dsigx         # (3)  x's second use: +=
    dx += dnum                                # (2)  x's third use
    dsigy = dnum                              # (2)
    dy += ((1 - sigy) * sigy) * dsigy         # (1)  y's second use
    return f, dx, dy


# %% value_engine
class Value:
    """A scalar that remembers the computation that produced it, for reverse-mode autodiff.

    data: the value (float).  grad: ∂(the value backward() was called on)/∂(this value).
    """

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None   # adds this node's share of the gradient to its children
        self._prev = tuple(children)    # the Values this one was computed from
        self._op = op                   # the operation's label, for drawing the graph

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        """self ** exponent, for a number (int or float) exponent."""
        assert isinstance(exponent, (int, float)), "only number exponents are supported"
        out = Value(self.data ** exponent, (self,), f"**{exponent:g}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        out = Value(1.0 / (1.0 + math.exp(-self.data)), (self,), "σ")

        def _backward():
            self.grad += (1.0 - out.data) * out.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Set .grad of this Value and of every Value it depends on to ∂self/∂(that Value)."""
        order, visited = [], set()

        def visit(node):
            if node not in visited:
                visited.add(node)
                for child in node._prev:
                    visit(child)
                order.append(node)
        visit(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    # Built from the operations above (given).
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return other * self ** -1


# %% matmul_backward
def matmul_backward(dD, W, X):
    """Backward pass of D = W @ X.

    dD: (M, N) upstream gradient ∂L/∂D.  W: (M, K).  X: (K, N).
    Returns (dW, dX): ∂L/∂W of shape (M, K) and ∂L/∂X of shape (K, N).
    """
    return dD @ X.T, W.T @ dD


# %% affine_layer
def affine_forward(x, w, b):
    """out = x @ w + b.

    x: (N, D) inputs, w: (D, M) weights, b: (M,) biases.
    Returns out of shape (N, M) and a cache for affine_backward.
    """
    out = x @ w + b
    cache = (x, w)
    return out, cache


def affine_backward(dout, cache):
    """dout: (N, M) upstream gradient.  Returns (dx, dw, db) of shapes (N, D), (D, M), (M,)."""
    x, w = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


# %% relu_layer
def relu_forward(x):
    """out = max(0, x) elementwise.  x: any shape.  Returns out (shape of x) and a cache."""
    out = np.maximum(0.0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    x = cache
    dx = dout * (x > 0)
    return dx


# %% sigmoid_layer
def sigmoid_forward(x):
    """out = σ(x) = 1 / (1 + exp(-x)) elementwise.  x: any shape.  Returns out and a cache."""
    out = 1.0 / (1.0 + np.exp(-x))
    cache = out
    return out, cache


def sigmoid_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    out = cache
    dx = dout * out * (1.0 - out)
    return dx


# %% tanh_layer
def tanh_forward(x):
    """out = tanh(x) elementwise.  x: any shape.  Returns out and a cache."""
    out = np.tanh(x)
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    """dout: upstream gradient, shape of x.  Returns dx, shape of x."""
    out = cache
    dx = dout * (1.0 - out ** 2)
    return dx


# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    """Mean softmax cross-entropy loss of a batch.

    scores: (N, C) class scores.  y: (N,) integer labels in [0, C).
    Returns loss (a float) and a cache for softmax_cross_entropy_backward.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    loss = -log_probs[rows, y].mean()
    cache = (np.exp(log_probs), y)
    return loss, cache


def softmax_cross_entropy_backward(dloss, cache):
    """dloss: ∂(final loss)/∂loss, a scalar.  Returns dscores = ∂(final loss)/∂scores, shape (N, C)."""
    probs, y = cache
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1.0
    dscores *= dloss / len(y)
    return dscores


# %% l2_regularization_layer
def l2_regularization_forward(W, reg):
    """loss = reg / 2 · Σ W².  W: any shape.  reg: λ, a float.  Returns loss (float) and a cache."""
    loss = 0.5 * reg * np.sum(W * W)
    cache = (W, reg)
    return loss, cache


def l2_regularization_backward(dloss, cache):
    """dloss: upstream gradient, a scalar.  Returns dW, shape of W."""
    W, reg = cache
    dW = dloss * reg * W
    return dW


# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalization in training mode: each column of x standardized with the batch's statistics.

    x: (N, D) inputs, N >= 2.  gamma: (D,) scales.  beta: (D,) shifts.  eps: added to the variance.
    Returns out of shape (N, D) and a cache for batchnorm_backward.
    """
    mean = x.mean(axis=0)
    centered = x - mean
    var = (centered ** 2).mean(axis=0)          # the biased batch variance: divided by N
    std = np.sqrt(var + eps)
    x_hat = centered / std
    out = gamma * x_hat + beta
    cache = (centered, std, x_hat, gamma)
    return out, cache


def batchnorm_backward(dout, cache):
    """dout: (N, D) upstream gradient.  Returns (dx, dgamma, dbeta) of shapes (N, D), (D,), (D,)."""
    centered, std, x_hat, gamma = cache
    n = dout.shape[0]
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx_hat = dout * gamma
    dvar = (dx_hat * centered).sum(axis=0) * -0.5 / std ** 3
    dmean = -dx_hat.sum(axis=0) / std + dvar * (-2.0 / n) * centered.sum(axis=0)
    dx = dx_hat / std + dvar * 2.0 * centered / n + dmean / n    # the direct path, through σ², through μ
    return dx, dgamma, dbeta


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
        "W1": dW1 + l2_regularization_backward(1.0, reg1_cache),
        "b1": db1,
        "W2": dW2 + l2_regularization_backward(1.0, reg2_cache),
        "b2": db2,
    }
    return loss, grads


# %% deep_net
def deep_net_loss(params, X, y, hidden_dims, layers=None):
    """Loss and gradients of affine → ReLU → … → affine → ReLU → affine → softmax cross-entropy.

    hidden_dims: the widths (H1, …, H_{L-1}) of the hidden layers, so L = len(hidden_dims) + 1 affine layers.
    params: "W1" (D, H1), "b1" (H1,), …, "WL" (H_{L-1}, C), "bL" (C,).
    X: (N, D) inputs.  y: (N,) integer labels in [0, C).
    layers: {"affine": (forward, backward), "relu": (…), "softmax_cross_entropy": (…)}; None: notebook_layers().
    Returns (loss, grads): loss a float, grads a dict with the keys and shapes of params.
    """
    layers = layers or notebook_layers()
    affine_forward, affine_backward = layers["affine"]
    relu_forward, relu_backward = layers["relu"]
    loss_forward, loss_backward = layers["softmax_cross_entropy"]
    n_layers = len(hidden_dims) + 1

    caches, out = [], X
    for k in range(1, n_layers + 1):
        out, affine_cache = affine_forward(out, params[f"W{k}"], params[f"b{k}"])
        relu_cache = None
        if k < n_layers:                         # no ReLU after the last affine layer: the scores
            out, relu_cache = relu_forward(out)
        caches.append((affine_cache, relu_cache))
    loss, loss_cache = loss_forward(out, y)

    grads = {}
    dout = loss_backward(1.0, loss_cache)
    for k in range(n_layers, 0, -1):             # from the top layer down
        affine_cache, relu_cache = caches[k - 1]
        if relu_cache is not None:
            dout = relu_backward(dout, relu_cache)
        dout, grads[f"W{k}"], grads[f"b{k}"] = affine_backward(dout, affine_cache)
    return loss, grads
