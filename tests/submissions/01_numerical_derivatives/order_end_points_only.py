# fails: order_of_accuracy_tests
# expects: fit a least-squares line through all the points
# The slope between the first and the last point only: exact on clean power laws,
# but not the least-squares slope of noisy measurements.

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    return float((np.log(errors[-1]) - np.log(errors[0])) / (np.log(steps[-1]) - np.log(steps[0])))
