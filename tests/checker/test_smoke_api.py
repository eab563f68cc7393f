"""The public API works end to end for a correct and an incorrect layer."""

import numpy as np

import grader


def affine_forward(x, w, b):
    return x @ w + b, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def inputs():
    rng = np.random.default_rng(0)
    return {"x": rng.standard_normal((4, 5)), "w": rng.standard_normal((5, 3)), "b": rng.standard_normal(3)}


def test_correct_layer_passes_with_exact_cost():
    report = grader.check_layer(affine_forward, affine_backward, inputs())
    assert report.ok, str(report)
    assert report.n_evals == 2 * (20 + 15 + 3) + 1


def test_doubled_weight_gradient_fails_with_scale_diagnosis():
    def backward(dout, cache):
        dx, dw, db = affine_backward(dout, cache)
        return dx, 2 * dw, db

    report = grader.check_layer(affine_forward, backward, inputs())
    assert not report.ok
    assert report.params["x"].ok and report.params["b"].ok
    assert "scaled by 2" in report.params["w"].diagnosis
