# fails: value_fork_tests
# expects: the gradient of the earlier graph a·a is still in it
# The topological sort is a method with mutable default arguments, so `visited` and `order`
# are shared by every call: a second backward() re-runs the _backward of every earlier graph,
# which adds stale gradients to inputs that the graphs share.
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

    def topological_order(self, visited=set(), order=[]):
        if self not in visited:
            visited.add(self)
            for child in self._prev:
                child.topological_order(visited, order)
            order.append(self)
        return order

    def backward(self):
        """Set .grad of this Value and of every Value it depends on to ∂self/∂(that Value)."""
        order = self.topological_order()
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
