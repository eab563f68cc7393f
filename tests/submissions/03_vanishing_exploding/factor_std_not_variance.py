# fails: gradient_factor_tests
# expects: the square root of the variance factor
# Returns the factor of the standard deviation, √(n·Var[w]·E[φ'²]), instead of the variance factor.
# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else (np.asarray(Z) > 0).astype(float)
    return float(np.sqrt(n * weight_var * np.mean(slope ** 2)))
