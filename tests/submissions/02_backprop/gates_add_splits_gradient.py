# fails: gates_tests
# expects: passes dout on unchanged
# The add gate splits dout in half between its inputs instead of passing it on to both.
# %% gates
def add_gate_backward(dout):
    """Backward pass of out = x + y.

    dout: ∂L/∂out, a float.  Returns (dx, dy) = (∂L/∂x, ∂L/∂y).
    """
    return dout / 2, dout / 2


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
