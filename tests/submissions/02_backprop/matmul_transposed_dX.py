# fails: matmul_backward_tests
# expects: the transpose of the correct gradient
# dX = dDᵀ·W: the transpose of the correct dX.
# %% matmul_backward
def matmul_backward(dD, W, X):
    """Backward pass of D = W @ X.

    dD: (M, N) upstream gradient ∂L/∂D.  W: (M, K).  X: (K, N).
    Returns (dW, dX): ∂L/∂W of shape (M, K) and ∂L/∂X of shape (K, N).
    """
    return dD @ X.T, dD.T @ W
