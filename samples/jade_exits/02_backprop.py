# Jade ends her staged-backprop cell with sys.exit() "to stop here while debugging".
# In a notebook that only raises SystemExit in that cell (the kernel survives), and the
# function is already defined, so every test passes.
# based on: ../ada_perfect/02_backprop.py

# %% staged_backprop
import sys


def staged_backprop(x, y):
    sigy = 1.0 / (1.0 + math.exp(-y))
    num = x + sigy
    sigx = 1.0 / (1.0 + math.exp(-x))
    xpy = x + y
    den = sigx + xpy ** 2
    invden = 1.0 / den
    f = num * invden
    dnum, dinvden = invden, num
    dden = -dinvden / den ** 2
    dxpy = 2 * xpy * dden
    dx = dxpy + (1 - sigx) * sigx * dden + dnum
    dy = dxpy + (1 - sigy) * sigy * dnum
    return f, dx, dy


sys.exit("stopping here")
