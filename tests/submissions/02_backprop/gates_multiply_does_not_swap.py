# fails: gates_tests
# expects: gives x the gradient times y
# The multiply gate gives each input dout times itself instead of times the other input.
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
    return x * dout, y * dout


def max_gate_backward(x, y, dout):
    """Backward pass of out = max(x, y) for floats x != y and dout = ∂L/∂out.

    Returns (dx, dy) = (∂L/∂x, ∂L/∂y).
    """
    return (dout, 0.0) if x > y else (0.0, dout)
