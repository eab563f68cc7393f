# Jade ends the numerical-gradient exercise with a line that exits "to stop the script
# here": os._exit kills the Python kernel. She keeps the points of the exercises graded
# before it; everything after it cannot run.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% numerical_gradient
import os


def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        old_value = x[index]
        x[index] = old_value + h
        f_plus = f(x)
        x[index] = old_value - h
        f_minus = f(x)
        x[index] = old_value
        gradient[index] = (f_plus - f_minus) / (2 * h)
    return gradient


os._exit(0)  # done with the hard part
