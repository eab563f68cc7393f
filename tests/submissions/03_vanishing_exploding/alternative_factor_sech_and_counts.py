# fails:
# Not a bug: the solution squares a slope array and takes its mean. Here tanh's squared slope is
# sech⁴ z = (2 / (e^z + e^-z))⁴ written out, the ReLU's E[φ'²] is the fraction of positive entries
# (a count: φ' is 0 or 1, so φ'² = φ'), the mean is a sum over the flattened array divided by its
# size, and a numpy float is returned instead of a Python float.
# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    z = np.ravel(Z).astype(np.float64)
    if activation == "relu":
        mean_squared_slope = np.count_nonzero(z > 0) / z.size
    else:
        a = np.minimum(np.abs(z), 300.0)                     # sech⁴ underflows to 0 beyond, as it should
        mean_squared_slope = np.sum((2.0 / (np.exp(a) + np.exp(-a))) ** 4) / z.size
    return np.float64(n) * weight_var * mean_squared_slope
