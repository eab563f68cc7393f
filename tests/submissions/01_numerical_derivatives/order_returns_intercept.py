# fails: order_of_accuracy_tests
# expects: the intercept of the line
# np.polyfit returns the highest power first: unpacked in the wrong order, this is log C, not the slope.

# %% order_of_accuracy
def order_of_accuracy(steps, errors):
    intercept, slope = np.polyfit(np.log(steps), np.log(errors), 1)
    return float(slope)
