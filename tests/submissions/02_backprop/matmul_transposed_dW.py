# fails: matmul_backward_tests
# expects: the transpose of the correct gradient
# dW = X·dDᵀ: the right factors in the wrong order, which gives the transpose of dW.
# %% matmul_backward
def matmul_backward(dD, W, X):
    """Backward pass of D = W @ X.

    dD: (M, N) upstream gradient ∂L/∂D.  W: (M, K).  X: (K, N).
    Returns (dW, dX): ∂L/∂W of shape (M, K) and ∂L/∂X of shape (K, N).
    """
    return X @ dD.T, W.T @ dD
