# Ivan writes two loops that never end. His order_of_accuracy refines the steps "until
# the fit is exact": the arrays double every round, so memory grows without bound until
# the grading kernel's memory limit stops it with a MemoryError. His numerical_gradient
# walks over x with a while loop and forgets to advance the counter: it never returns,
# and the grader interrupts the cell at its timeout. The other exercises are right.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    steps, errors = np.asarray(steps, dtype=float), np.asarray(errors, dtype=float)
    while True:
        slope, intercept = np.polyfit(np.log(steps), np.log(errors), 1)
        residual = np.log(errors) - (slope * np.log(steps) + intercept)
        if np.all(residual == 0):
            return float(slope)
        steps = np.concatenate([steps, steps / 2])
        errors = np.concatenate([errors, errors / 2 ** slope])

# %% numerical_gradient
def numerical_gradient(f, x, h=1e-5):
    gradient = np.zeros(x.shape)
    flat_x, flat_gradient = x.reshape(-1), gradient.reshape(-1)
    i = 0
    while i < x.size:
        old_value = flat_x[i]
        flat_x[i] = old_value + h
        f_plus = f(x)
        flat_x[i] = old_value - h
        f_minus = f(x)
        flat_x[i] = old_value
        flat_gradient[i] = (f_plus - f_minus) / (2 * h)
    return gradient
