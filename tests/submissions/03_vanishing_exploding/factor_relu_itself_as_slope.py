# fails: gradient_factor_tests
# expects: the ReLU itself, as its slope
# Uses the ReLU's output max(0, z) where its slope (1 where z > 0) belongs.
# %% gradient_factor
def gradient_factor(n, weight_var, Z, activation):
    Z = np.asarray(Z, dtype=float)
    slope = 1.0 - np.tanh(Z) ** 2 if activation == "tanh" else np.maximum(Z, 0.0)
    return float(n * weight_var * np.mean(slope ** 2))
