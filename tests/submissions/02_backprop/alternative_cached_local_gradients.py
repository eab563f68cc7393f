# fails:
# Not a bug: correct answers that keep other intermediates than the solution -- layers whose
# cache is the local derivative itself (the ReLU's 0/1 slope, σ·(1-σ), (1-t)(1+t), reg·W, the
# whole ∂loss/∂scores), a staged backprop that keeps each stage's local derivative from the
# forward pass, a Value whose -, / and negation are primitives with their own backward and whose
# backward() orders the graph by creation time, tensordot/einsum for the products, a sigmoid from
# logaddexp, and a network that regularizes W1 and W2 with ONE L2 call on their concatenation.
# The tests use only the contracts, so every cell must get full marks.
# %% gates
def add_gate_backward(dout):
    dx = dy = dout          # both local derivatives are 1
    return dx, dy


def multiply_gate_backward(x, y, dout):
    local = {"x": y, "y": x}        # ∂(xy)/∂x = y, ∂(xy)/∂y = x
    return local["x"] * dout, local["y"] * dout


def max_gate_backward(x, y, dout):
    winner = max(x, y)
    return dout * float(x == winner), dout * float(y == winner)
# %% sigmoid_neuron
def sigmoid_neuron(w, x):
    x_and_one = np.concatenate([x, [1.0]])      # the bias multiplies a constant input 1
    z = w @ x_and_one
    f = np.exp(-np.logaddexp(0.0, -z))          # 1 / (1 + e^-z) as exp(-log(1 + e^-z))
    df_dz = f * (1.0 - f)
    dw = df_dz * x_and_one
    dx = df_dz * w[:len(x)]
    return float(f), dw, dx
# %% staged_backprop
def staged_backprop(x, y):
    def sigmoid_with_slope(t):
        s = 1.0 / (1.0 + math.exp(-t))
        return s, s * (1.0 - s)

    # forward pass, keeping every stage's local derivative
    sig_y, dsig_y = sigmoid_with_slope(y)
    top = x + sig_y
    sig_x, dsig_x = sigmoid_with_slope(x)
    total = x + y
    bottom = sig_x + total * total
    f = top / bottom

    # backward pass: df/dtop and df/dbottom of the quotient, then down each path
    dtop = 1.0 / bottom
    dbottom = -top / (bottom * bottom)
    dtotal = dbottom * 2.0 * total
    dx = dtop + dbottom * dsig_x + dtotal      # x feeds top, sig_x and total
    dy = dtop * dsig_y + dtotal                # y feeds sig_y and total
    return f, dx, dy
# %% value_engine
import itertools


class Value:
    """A scalar that remembers the computation that produced it, for reverse-mode autodiff.

    data: the value (float).  grad: ∂(the value backward() was called on)/∂(this value).
    """

    _counter = itertools.count()    # a node's inputs always exist before it: creation order is topological

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(children)
        self._op = op
        self._created = next(Value._counter)

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = self._lift(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._lift(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += out.grad * other.data
            other.grad += out.grad * self.data
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._lift(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= out.grad * self.data / other.data ** 2
        out._backward = _backward
        return out

    def __neg__(self):
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        """self ** exponent, for a number (int or float) exponent."""
        assert isinstance(exponent, (int, float)), "only number exponents are supported"
        out = Value(self.data ** exponent, (self,), f"**{exponent:g}")

        def _backward():
            self.grad += out.grad * exponent * self.data ** (exponent - 1)
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.grad * out.data
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += out.grad * (1.0 - t) * (1.0 + t)
        out._backward = _backward
        return out

    def relu(self):
        slope = 1.0 if self.data > 0 else 0.0
        out = Value(slope * self.data, (self,), "relu")

        def _backward():
            self.grad += out.grad * slope
        out._backward = _backward
        return out

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        out = Value(s, (self,), "σ")

        def _backward():
            self.grad += out.grad * s * (1.0 - s)
        out._backward = _backward
        return out

    def backward(self):
        """Set .grad of this Value and of every Value it depends on to ∂self/∂(that Value)."""
        graph, stack = set(), [self]
        while stack:
            node = stack.pop()
            if node not in graph:
                graph.add(node)
                stack.extend(node._prev)
        self.grad = 1.0
        # newest first: every node that uses a Value was created after it
        for node in sorted(graph, key=lambda node: node._created, reverse=True):
            node._backward()

    def __radd__(self, other):
        return self._lift(other) + self

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rmul__(self, other):
        return self._lift(other) * self

    def __rtruediv__(self, other):
        return self._lift(other) / self
# %% matmul_backward
def matmul_backward(dD, W, X):
    dW = np.tensordot(dD, X, axes=(1, 1))    # Σ_n dD[m, n] X[k, n]
    dX = np.tensordot(W, dD, axes=(0, 0))    # Σ_m W[m, k] dD[m, n]
    return dW, dX
# %% affine_layer
def affine_forward(x, w, b):
    out = np.dot(x, w) + b
    cache = (x.T, w.T)          # backward only ever needs the transposes
    return out, cache


def affine_backward(dout, cache):
    x_t, w_t = cache
    dx = np.einsum("nm,md->nd", dout, w_t)
    dw = np.einsum("dn,nm->dm", x_t, dout)
    db = np.einsum("nm->m", dout)
    return dx, dw, db
# %% relu_layer
def relu_forward(x):
    slope = (x > 0).astype(float)    # the local derivative, 1 where x > 0
    return x * slope, slope


def relu_backward(dout, cache):
    return dout * cache
# %% sigmoid_layer
def sigmoid_forward(x):
    out = np.exp(-np.logaddexp(0.0, -x))     # 1 / (1 + e^-x) without overflow
    local_grad = out * (1.0 - out)
    return out, local_grad


def sigmoid_backward(dout, cache):
    return dout * cache
# %% tanh_layer
def tanh_forward(x):
    out = np.tanh(x)
    return out, (1.0 - out) * (1.0 + out)     # cache dtanh/dx


def tanh_backward(dout, cache):
    return dout * cache
# %% softmax_cross_entropy_layer
def softmax_cross_entropy_forward(scores, y):
    N = scores.shape[0]
    row_max = np.max(scores, axis=1, keepdims=True)
    log_sum_exp = row_max + np.log(np.sum(np.exp(scores - row_max), axis=1, keepdims=True))
    correct = np.take_along_axis(scores, y.reshape(-1, 1), axis=1)
    loss = float(np.sum(log_sum_exp - correct) / N)
    # the whole gradient of the loss, so backward only has to scale it
    dscores = np.exp(scores - log_sum_exp)
    dscores[np.arange(N), y] -= 1.0
    return loss, dscores / N


def softmax_cross_entropy_backward(dloss, cache):
    return dloss * cache
# %% l2_regularization_layer
def l2_regularization_forward(W, reg):
    loss = 0.5 * reg * np.vdot(W, W)
    return loss, reg * W         # ∂loss/∂W, kept for backward


def l2_regularization_backward(dloss, cache):
    return dloss * cache
# %% two_layer_net
def two_layer_loss(params, X, y, reg=0.0):
    W1, b1, W2, b2 = (params[name] for name in ("W1", "b1", "W2", "b2"))
    a1, fc1_cache = affine_forward(X, W1, b1)
    h1, relu_cache = relu_forward(a1)
    scores, fc2_cache = affine_forward(h1, W2, b2)
    data_loss, softmax_cache = softmax_cross_entropy_forward(scores, y)
    # reg/2·(ΣW1² + ΣW2²) is one L2 term over all the weights, flattened into one vector
    all_weights = np.concatenate([W1.ravel(), W2.ravel()])
    reg_loss, reg_cache = l2_regularization_forward(all_weights, reg)
    loss = data_loss + reg_loss

    dall_weights = l2_regularization_backward(1.0, reg_cache)
    dW1_reg, dW2_reg = np.split(dall_weights, [W1.size])
    dscores = softmax_cross_entropy_backward(1.0, softmax_cache)
    dh1, dW2, db2 = affine_backward(dscores, fc2_cache)
    da1 = relu_backward(dh1, relu_cache)
    _, dW1, db1 = affine_backward(da1, fc1_cache)
    return loss, {"W1": dW1 + dW1_reg.reshape(W1.shape), "b1": db1,
                  "W2": dW2 + dW2_reg.reshape(W2.shape), "b2": db2}
