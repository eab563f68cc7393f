# fails: gradient_factor_tests
# expects: 1 − z² as tanh's slope
# tanh's slope remembered as 1 − z² (the formula 1 − tanh² written with z instead of tanh z).
# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - Z ** 2 if activation == "tanh" else (Z > 0).astype(float)
    return float(n * weight_var * np.mean(slope ** 2))
