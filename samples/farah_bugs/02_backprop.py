# Farah multiplies the right factors in the wrong order for dW (giving dWᵀ), and in the
# tanh layer applies the derivative to the output instead of the input: she caches
# out = tanh(x) and then computes 1 − tanh²(out).
# based on: ../ada_perfect/02_backprop.py

# %% matmul_backward
def matmul_backward(dD, W, X):
    return X @ dD.T, W.T @ dD

# %% tanh_layer
def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    return dout * (1.0 - np.tanh(cache) ** 2)
