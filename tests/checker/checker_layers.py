"""Reference layers and losses with known analytic gradients, for the checker's tests.

Layers follow the course convention: forward(*inputs) -> (out, cache),
backward(dout, cache) -> one gradient per input.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, x):
    return dout * (x > 0)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, out):
    return dout * (1 - out**2)


def matmul_forward(a, b):
    return a @ b, (a, b)


def matmul_backward(dout, cache):
    a, b = cache
    return dout @ b.T, a.T @ dout


def affine_inputs(seed=0, n=4, d=5, m=3):
    rng = np.random.default_rng(seed)
    return {"x": rng.standard_normal((n, d)), "w": rng.standard_normal((d, m)), "b": rng.standard_normal(m)}


def with_wrong(backward, index, change):
    """A backward whose gradient number ``index`` is replaced by ``change(gradient)``."""

    def wrong_backward(dout, cache):
        grads = list(backward(dout, cache))
        grads[index] = change(grads[index])
        return tuple(grads)

    return wrong_backward


def two_layer_net(seed=0, n=8, d=6, h=5, c=4, dtype=np.float64):
    """A small tanh/softmax net: (loss(params) -> float, params, grads).

    With ``dtype=np.float32`` the parameters are float32 arrays and the
    gradients are exact (float64) at those float32 values.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(c, size=n)
    params = {
        "W1": rng.standard_normal((d, h)) / np.sqrt(d),
        "b1": 0.1 * rng.standard_normal(h),
        "W2": rng.standard_normal((h, c)) / np.sqrt(h),
        "b2": 0.1 * rng.standard_normal(c),
    }
    params = {name: p.astype(dtype) for name, p in params.items()}
    rows = np.arange(n)

    def forward(p):
        hidden = np.tanh(X @ p["W1"] + p["b1"])
        scores = hidden @ p["W2"] + p["b2"]
        scores = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        return hidden, probs

    def loss(p):
        _, probs = forward(p)
        return float(-np.log(probs[rows, y]).mean())

    hidden, probs = forward({name: p.astype(np.float64) for name, p in params.items()})
    dscores = probs.copy()
    dscores[rows, y] -= 1
    dscores /= n
    dhidden = dscores @ params["W2"].astype(np.float64).T * (1 - hidden**2)
    grads = {"W1": X.T @ dhidden, "b1": dhidden.sum(axis=0), "W2": hidden.T @ dscores, "b2": dscores.sum(axis=0)}
    return loss, params, grads
