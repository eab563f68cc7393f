# Fay's affine layer sums the bias gradient over the wrong axis (db has shape (N,)
# instead of (M,)), and her matmul_backward multiplies elementwise where a matrix
# product is needed, which raises a broadcasting ValueError. The rest is right.
# based on: ../ada_perfect/02_backprop.py

# %% matmul_backward
def matmul_backward(dD, W, X):
    return dD * X.T, W.T * dD

# %% affine_layer
def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=1)
