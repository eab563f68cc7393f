# fails: gradient_factor_tests
# expects: the square of the mean slope
# E[φ'(z)]² instead of E[φ'(z)²]: averages the slope first, then squares it.
# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else (np.asarray(Z) > 0).astype(float)
    return float(n * weight_var * np.mean(slope) ** 2)
