"""float32: parameters are checked on float64 copies; a float32 loss is a precision problem."""

import numpy as np

import grader
from checker_layers import tanh_backward, tanh_forward, two_layer_net


def test_float32_parameters_are_checked_on_float64_copies():
    loss, params, grads = two_layer_net(dtype=np.float32)
    seen = set()

    def spy(p):
        seen.update(a.dtype for a in p.values())
        return loss(p)

    before = {name: p.tobytes() for name, p in params.items()}
    report = grader.gradcheck(spy, params, grads)
    assert report.ok, str(report)
    assert report.rel_error < 1e-7
    assert seen == {np.dtype(np.float64)}
    assert {name: p.tobytes() for name, p in params.items()} == before
    assert all(p.dtype == np.float32 for p in params.values())


def test_float32_inputs_of_a_layer_are_checked_in_float64():
    x = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    report = grader.check_layer(tanh_forward, tanh_backward, x)
    assert report.ok and report.rel_error < 1e-7, str(report)


def test_analytic_gradients_rounded_to_float32_still_pass():
    loss, params, grads = two_layer_net()
    report = grader.gradcheck(loss, params, {name: g.astype(np.float32) for name, g in grads.items()})
    assert report.ok, str(report)


def tanh_regression(dtype_inside):
    """loss = Σ tanh(X @ W + b)·Y with every array cast to ``dtype_inside`` first; exact float64 grads."""
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((6, 5)), rng.standard_normal((6, 3))
    params = {"W": rng.standard_normal((5, 3)) / 2, "b": rng.standard_normal(3) / 2}

    def loss(p):
        x, y = X.astype(dtype_inside[0]), Y.astype(dtype_inside[0])
        w, b = p["W"].astype(dtype_inside[1]), p["b"].astype(dtype_inside[1])
        return float(np.sum(np.tanh(x @ w + b) * y))

    t = np.tanh(X @ params["W"] + params["b"])
    dz = (1 - t**2) * Y
    return loss, params, {"W": X.T @ dz, "b": dz.sum(axis=0)}


def test_a_loss_computed_in_float32_is_a_precision_problem_not_a_wrong_gradient():
    loss, params, grads = tanh_regression((np.float32, np.float32))
    report = grader.gradcheck(loss, params, grads)
    assert not report.ok
    failing = report.failures()
    assert failing and all(p.verdict == "precision" for p in failing), str(report)
    for param in failing:
        assert "float32" in param.diagnosis and "scaled" not in param.diagnosis


def test_a_loss_rounding_its_parameters_to_float32_is_a_precision_problem():
    loss, params, grads = tanh_regression((np.float64, np.float32))
    report = grader.gradcheck(loss, params, grads)
    assert not report.ok
    failing = report.failures()
    assert failing and all(p.verdict == "precision" for p in failing), str(report)
    assert all(not p.kinks for p in report.params.values())


def test_a_loss_returning_numpy_float32_is_a_precision_problem():
    w = np.array([0.3, -0.7, 1.1])
    report = grader.gradcheck(lambda p: np.sum(np.float32(p["w"]) ** 2), {"w": w}, {"w": 2 * w})
    assert not report.ok
    assert report.params["w"].verdict == "precision"


def test_a_layer_computed_in_float32_is_a_precision_problem():
    def forward(x):
        return tanh_forward(x.astype(np.float32))

    x = np.random.default_rng(0).standard_normal((3, 4))
    report = grader.check_layer(forward, tanh_backward, x)
    assert not report.ok
    assert report.params["x"].verdict == "precision"


def test_a_wrong_gradient_of_a_float32_loss_is_still_wrong():
    loss, params, grads = tanh_regression((np.float32, np.float32))
    grads["W"] = 2 * grads["W"]
    report = grader.gradcheck(loss, params, grads)
    assert report.params["W"].verdict == "wrong"
    assert "scaled by 2" in report.params["W"].diagnosis
    assert "float32" in report.params["W"].diagnosis
