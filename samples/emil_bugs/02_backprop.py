# Emil's softmax loss is the sum over the batch (the missing 1/N), and his Value engine
# assigns gradients (=) instead of accumulating them (+=), so a value used twice keeps
# only one contribution. In batch normalization the 1/N goes missing again: the path of dx
# through the variance uses ∂σ²/∂x = 2(x − μ) instead of 2(x − μ)/N.
# based on: ../ada_perfect/02_backprop.py

# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(len(y)), y].sum()
    return loss, (np.exp(log_probs), y)


def softmax_cross_entropy_backward(dloss, cache):
    probs, y = cache
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1.0
    return dscores * dloss

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
            self.grad = out.grad
            other.grad = out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        """self ** exponent, for a number (int or float) exponent."""
        assert isinstance(exponent, (int, float)), "only number exponents are supported"
        out = Value(self.data ** exponent, (self,), f"**{exponent:g}")

        def _backward():
            self.grad = exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad = out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad = (1.0 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad = (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        out = Value(1.0 / (1.0 + math.exp(-self.data)), (self,), "σ")

        def _backward():
            self.grad = (1.0 - out.data) * out.data * out.grad
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

# %% batchnorm_layer
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    centered = x - mean
    std = np.sqrt((centered ** 2).mean(axis=0) + eps)
    x_hat = centered / std
    return gamma * x_hat + beta, (centered, std, x_hat, gamma)


def batchnorm_backward(dout, cache):
    centered, std, x_hat, gamma = cache
    n = dout.shape[0]
    dx_hat = dout * gamma
    dvar = (dx_hat * centered).sum(axis=0) * -0.5 / std ** 3
    dmean = -dx_hat.sum(axis=0) / std
    dx = dx_hat / std + dvar * 2.0 * centered + dmean / n
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
