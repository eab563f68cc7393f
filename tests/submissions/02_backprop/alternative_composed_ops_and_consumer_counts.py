# fails:
# Not a bug: correct answers built in yet another way -- gradients routed by index (argmax) or
# taken from a small local-gradient vector, staged backprop run as a tape of (node, input, local
# derivative) edges replayed in reverse, a Value whose sigmoid is composed from exp, + and / and
# whose relu is a multiplication by the 0/1 slope, with backward() ordered by counting each node's
# consumers (Kahn's algorithm) instead of a depth-first sort, the bias trick (a column of ones)
# in the affine layer, transposes of the transposed product for matmul, boolean-index masks,
# a one-hot built with np.add.at, the L2 norm from np.linalg.norm, and a network that keeps its
# caches in a dict and regularizes in a loop. Every cell must get full marks.
# %% gates
def add_gate_backward(dout):
    local_grads = np.array([1.0, 1.0])          # ∂out/∂x, ∂out/∂y
    dx, dy = local_grads * dout
    return float(dx), float(dy)


def multiply_gate_backward(x, y, dout):
    dx, dy = np.array([y, x]) * dout            # each input gets the other one times dout
    return float(dx), float(dy)


def max_gate_backward(x, y, dout):
    grads = [0.0, 0.0]
    grads[int(np.argmax([x, y]))] = dout        # all of the gradient goes to the larger input
    return tuple(grads)
# %% sigmoid_neuron
def sigmoid_neuron(w, x):
    weights, bias = w[:-1], w[-1]
    z = float(np.sum(weights * x) + bias)
    if z >= 0:
        f = 1.0 / (1.0 + math.exp(-z))
    else:                                       # same value, but exp cannot overflow
        f = math.exp(z) / (1.0 + math.exp(z))
    e = math.exp(-abs(z))
    df_dz = e / (1.0 + e) ** 2                  # σ'(z) = σ'(-z) = e^-|z| / (1 + e^-|z|)²
    dz_dw = np.r_[x, 1.0]
    return f, df_dz * dz_dw, df_dz * weights
# %% staged_backprop
def staged_backprop(x, y):
    sig = lambda t: 1.0 / (1.0 + math.exp(-t))
    v = {"x": x, "y": y}
    v["sig_y"] = sig(y)
    v["num"] = v["x"] + v["sig_y"]
    v["sig_x"] = sig(x)
    v["sum"] = v["x"] + v["y"]
    v["square"] = v["sum"] ** 2
    v["den"] = v["sig_x"] + v["square"]
    v["f"] = v["num"] / v["den"]
    # every edge of the graph as (node, one of its inputs, ∂node/∂input), in forward order
    tape = [
        ("sig_y", "y", v["sig_y"] * (1.0 - v["sig_y"])),
        ("num", "x", 1.0), ("num", "sig_y", 1.0),
        ("sig_x", "x", v["sig_x"] * (1.0 - v["sig_x"])),
        ("sum", "x", 1.0), ("sum", "y", 1.0),
        ("square", "sum", 2.0 * v["sum"]),
        ("den", "sig_x", 1.0), ("den", "square", 1.0),
        ("f", "num", 1.0 / v["den"]), ("f", "den", -v["num"] / v["den"] ** 2),
    ]
    grad = dict.fromkeys(v, 0.0)
    grad["f"] = 1.0
    for node, source, local in reversed(tape):  # a node's gradient is complete before it is used
        grad[source] += local * grad[node]
    return v["f"], grad["x"], grad["y"]
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
            for operand in out._prev:
                operand.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            a, b = out._prev
            a.grad += b.data * out.grad
            b.grad += a.data * out.grad
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
            self.grad += out.data * out.grad     # (e^x)' = e^x
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            t = out.data
            self.grad += (1.0 - t) * (1.0 + t) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        # relu(x) = x · 1[x > 0]: the * node passes the gradient times the slope back to x
        return self * (1.0 if self.data > 0 else 0.0)

    def sigmoid(self):
        # σ(x) = 1 / (1 + e^-x), built from the operations above; their backwards do the rest
        return 1 / (1 + (-self).exp())

    def backward(self):
        """Set .grad of this Value and of every Value it depends on to ∂self/∂(that Value)."""
        # count, for every node, the edges by which other nodes of the graph use it
        consumers = {self: 0}
        stack = [self]
        while stack:
            node = stack.pop()
            for child in node._prev:
                if child not in consumers:
                    consumers[child] = 0
                    stack.append(child)
                consumers[child] += 1
        # a node passes its gradient on once every node that uses it has passed on theirs
        self.grad = 1.0
        ready = [self]
        while ready:
            node = ready.pop()
            node._backward()
            for child in node._prev:
                consumers[child] -= 1
                if consumers[child] == 0:
                    ready.append(child)

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
    # D.T = X.T @ W.T, so the rules for the second and first factor give the transposes
    dX = (dD.T @ W).T
    dW = (X @ dD.T).T
    return dW, dX
# %% affine_layer
def affine_forward(x, w, b):
    ones = np.ones((x.shape[0], 1))
    x_ext = np.hstack([x, ones])               # bias trick: a column of ones ...
    w_ext = np.vstack([w, b])                  # ... and b as the last row of the weights
    return x_ext @ w_ext, (x_ext, w)


def affine_backward(dout, cache):
    x_ext, w = cache
    dw_ext = x_ext.T @ dout
    return dout @ w.T, dw_ext[:-1], dw_ext[-1]
# %% relu_layer
def relu_forward(x):
    off = x < 0
    out = x.copy()
    out[off] = 0.0
    return out, off


def relu_backward(dout, cache):
    dx = dout.copy()
    dx[cache] = 0.0
    return dx
# %% sigmoid_layer
def sigmoid_forward(x):
    out = np.zeros(np.shape(x))
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])                         # for x < 0: σ(x) = e^x / (1 + e^x)
    out[~pos] = e / (1.0 + e)
    return out, x


def sigmoid_backward(dout, cache):
    e = np.exp(-np.abs(cache))
    return dout * e / (1.0 + e) ** 2            # σ' is even: e^-|x| / (1 + e^-|x|)²
# %% tanh_layer
def tanh_forward(x):
    return np.tanh(x), x


def tanh_backward(dout, cache):
    t = np.tanh(cache)
    return dout * (1.0 - t) * (1.0 + t)
# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1)[:, np.newaxis]
    exps = np.exp(shifted)
    totals = exps.sum(axis=1)
    probs = exps / totals[:, np.newaxis]
    loss = np.mean(np.log(totals) - shifted[np.arange(N), y])    # -log p[y] = log Σe - s[y]
    return loss, {"probs": probs, "labels": y}


def softmax_cross_entropy_backward(dloss, cache):
    probs, labels = cache["probs"], cache["labels"]
    N = len(labels)
    one_hot = np.zeros_like(probs)
    np.add.at(one_hot, (np.arange(N), labels), 1.0)
    return (probs - one_hot) * (dloss / N)
# %% l2_regularization_layer
def l2_regularization_forward(W, reg):
    loss = reg / 2 * np.linalg.norm(W) ** 2
    return loss, {"W": W, "reg": reg}


def l2_regularization_backward(dloss, cache):
    return np.multiply(cache["W"], cache["reg"] * dloss)
# %% two_layer_net
def two_layer_loss(params, X, y, reg=0.0):
    caches, grads = {}, {}
    h, caches["fc1"] = affine_forward(X, params["W1"], params["b1"])
    h, caches["relu"] = relu_forward(h)
    scores, caches["fc2"] = affine_forward(h, params["W2"], params["b2"])
    loss, caches["softmax"] = softmax_cross_entropy_forward(scores, y)
    for name in ("W1", "W2"):
        penalty, caches["l2 " + name] = l2_regularization_forward(params[name], reg)
        loss = loss + penalty

    dscores = softmax_cross_entropy_backward(1.0, caches["softmax"])
    dh, grads["W2"], grads["b2"] = affine_backward(dscores, caches["fc2"])
    dh = relu_backward(dh, caches["relu"])
    _, grads["W1"], grads["b1"] = affine_backward(dh, caches["fc1"])
    for name in ("W1", "W2"):
        grads[name] = grads[name] + l2_regularization_backward(1.0, caches["l2 " + name])
    return loss, grads
