# fails: order_of_accuracy_tests
# expects: swap the two axes
# Fits log(steps) against log(errors): the slope is 1/p, right only when p = 1.

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    slope, _ = np.polyfit(np.log(errors), np.log(steps), 1)
    return float(slope)
