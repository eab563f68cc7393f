# Farah divides the central difference by h instead of 2h (every derivative twice too
# large) and reads the order of accuracy off the fit's intercept instead of its slope.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% central_difference
def central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / h

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    slope, intercept = np.polyfit(np.log(steps), np.log(errors), 1)
    return float(intercept)
