# fails: order_of_accuracy_tests
# expects: take the same logarithm
# Natural log of the steps, base-10 log of the errors: the slope is p / ln 10.

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    slope, _ = np.polyfit(np.log(steps), np.log10(errors), 1)
    return float(slope)
