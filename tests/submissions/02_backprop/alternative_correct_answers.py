# fails:
# Not a bug: correct answers written differently from the solution -- loops instead of
# vectorized code, other caches, a log-sum-exp softmax that recomputes in backward, an
# iterative topological sort, sigmoid through tanh, and a network written without the
# layer functions. The tests use only the contracts, so every cell must get full marks.
# %% gates
def add_gate_backward(dout):
    return 1.0 * dout, 1.0 * dout


def multiply_gate_backward(x, y, dout):
    dx = dout * y
    dy = dout * x
    return dx, dy


def max_gate_backward(x, y, dout):
    return dout * (x > y), dout * (y > x)
# %% sigmoid_neuron
def sigmoid_neuron(w, x):
    dot = w[-1]
    for weight, value in zip(w[:-1], x):
        dot += weight * value
    f = 1.0 / (1.0 + math.exp(-dot))
    local = f * (1.0 - f)
    dx = [weight * local for weight in w[:-1]]
    dw = [value * local for value in x] + [local]
    return f, dw, dx
# %% staged_backprop
def staged_backprop(x, y):
    sigmoid = lambda t: 1.0 / (1.0 + math.exp(-t))
    num = x + sigmoid(y)
    den = sigmoid(x) + (x + y) ** 2
    dnum_dx, dnum_dy = 1.0, sigmoid(y) * (1.0 - sigmoid(y))
    dden_dx = sigmoid(x) * (1.0 - sigmoid(x)) + 2.0 * (x + y)
    dden_dy = 2.0 * (x + y)
    dx = (dnum_dx * den - num * dden_dx) / den ** 2
    dy = (dnum_dy * den - num * dden_dy) / den ** 2
    return num / den, dx, dy
# %% value_engine
class Value:
    """A scalar that remembers the computation that produced it, for reverse-mode autodiff."""

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(children)
        self._op = op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def _unary(self, data, local_derivative, op):
        out = Value(data, (self,), op)

        def _backward():
            self.grad = self.grad + local_derivative * out.grad
        out._backward = _backward
        return out

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            for child in (self, other):
                child.grad += out.grad
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
        return self._unary(math.pow(self.data, exponent), exponent * math.pow(self.data, exponent - 1), "**")

    def exp(self):
        e = math.exp(self.data)
        return self._unary(e, e, "exp")

    def tanh(self):
        e = math.exp(2 * self.data)
        t = (e - 1) / (e + 1)
        return self._unary(t, 1 - t * t, "tanh")

    def relu(self):
        return self._unary(self.data if self.data > 0 else 0.0, 1.0 if self.data > 0 else 0.0, "relu")

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))
        return self._unary(s, s * (1.0 - s), "sigmoid")

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev if id(child) not in visited)
        for node in order:
            node.grad = 0.0 if node is not self else 1.0
        for node in reversed(order):
            node._backward()

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
    return np.einsum("mn,kn->mk", dD, X), np.einsum("mk,mn->kn", W, dD)
# %% affine_layer
def affine_forward(x, w, b):
    out = np.empty((x.shape[0], w.shape[1]))
    for i, row in enumerate(x):
        out[i] = row @ w + b
    return out, {"x": x, "w": w}


def affine_backward(dout, cache):
    x, w = cache["x"], cache["w"]
    dx = np.dot(dout, w.T)
    dw = np.zeros_like(w)
    db = np.zeros(w.shape[1])
    for i in range(x.shape[0]):
        dw += np.outer(x[i], dout[i])
        db += dout[i]
    return dx, dw, db
# %% relu_layer
def relu_forward(x):
    mask = x > 0
    return np.where(mask, x, 0.0), mask


def relu_backward(dout, cache):
    return np.where(cache, dout, 0.0)
# %% sigmoid_layer
def sigmoid_forward(x):
    out = np.where(x >= 0, 1.0 / (1.0 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1.0 + np.exp(-np.abs(x))))
    return out, x


def sigmoid_backward(dout, cache):
    s, _ = sigmoid_forward(cache)
    return dout * s * (1.0 - s)
# %% tanh_layer
def tanh_forward(x):
    return np.tanh(x), x


def tanh_backward(dout, cache):
    return dout / np.cosh(cache) ** 2
# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    log_normalizer = np.logaddexp.reduce(scores, axis=1)
    loss = float(np.mean(log_normalizer - scores[np.arange(len(y)), y]))
    return loss, (scores, y)


def softmax_cross_entropy_backward(dloss, cache):
    scores, y = cache
    probs = np.exp(scores - np.logaddexp.reduce(scores, axis=1, keepdims=True))
    one_hot = np.eye(scores.shape[1])[y]
    return dloss * (probs - one_hot) / scores.shape[0]
# %% l2_regularization_layer
def l2_regularization_forward(W, reg):
    return reg * np.sum(W ** 2) / 2, {"W": W, "reg": reg}


def l2_regularization_backward(dloss, cache):
    return cache["reg"] * cache["W"] * dloss
# %% two_layer_net
def two_layer_loss(params, X, y, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    pre_activation = X.dot(W1) + b1
    hidden = np.maximum(pre_activation, 0)
    scores = hidden.dot(W2) + b2
    scores = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dhidden = dscores.dot(W2.T)
    dhidden[pre_activation <= 0] = 0
    return loss, {"W1": X.T.dot(dhidden) + reg * W1, "b1": dhidden.sum(axis=0),
                  "W2": hidden.T.dot(dscores) + reg * W2, "b2": dscores.sum(axis=0)}
