# fails: staged_backprop_tests
# expects: the derivative of 1/u is -1/u²
# d(1/den)/dden taken as +1/den² instead of -1/den².
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
    dden = (1.0 / den ** 2) * dinvden        # (7)
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
