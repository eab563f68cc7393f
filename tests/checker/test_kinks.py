"""Kinks are inconclusive, never wrong -- and never an excuse for a wrong gradient."""

import numpy as np
import pytest

import grader
from checker_layers import relu_backward, relu_forward


def relu_input(seed=0):
    x = np.random.default_rng(seed).standard_normal((6, 7))
    x[0, 0] = 3e-6  # kink inside [x - h, x + h]
    x[1, 1] = -7e-6
    x[2, 2] = 0.0  # exactly on the kink
    return x


def test_correct_relu_passes_as_inconclusive_at_its_kinks():
    report = grader.check_layer(relu_forward, relu_backward, relu_input())
    assert report.ok, str(report)
    param = report.params["x"]
    assert param.verdict == "inconclusive"
    assert set(param.kinks) <= {(0, 0), (1, 1), (2, 2)}
    assert {(0, 0), (1, 1)} <= set(param.kinks)
    assert "kink" in str(report)


def test_kink_detection_costs_two_evaluations_per_kink():
    report = grader.check_layer(relu_forward, relu_backward, relu_input())
    kinks = len(report.params["x"].kinks)
    assert report.n_evals == 1 + 2 * 42 + 2 * kinks + 1  # + determinism


def test_relu_without_kinks_costs_nothing_extra():
    x = relu_input()
    x[np.abs(x) < 1e-3] = 0.5
    report = grader.check_layer(relu_forward, relu_backward, x)
    assert report.params["x"].verdict == "good"
    assert report.n_evals == 1 + 2 * x.size


def test_relu_backward_ignoring_the_mask_still_fails():
    report = grader.check_layer(relu_forward, lambda dout, x: dout, relu_input())
    assert not report.ok
    assert "mask" in report.params["x"].diagnosis


def test_relu_backward_with_the_wrong_mask_direction_fails():
    report = grader.check_layer(relu_forward, lambda dout, x: dout * (x < 0), relu_input())
    assert not report.ok


@pytest.mark.parametrize("offset", [0.0, 1e-6, 5e-6, 9.3e-6, -2e-6])
def test_max_kinks_at_any_position_inside_the_step(offset):
    """loss = Σ max(x, 2x): slopes 1 and 2 meet at 0."""
    x = np.array([offset, 0.7, -0.4])

    def loss(p):
        return float(np.sum(np.maximum(p["x"], 2 * p["x"])))

    grads = {"x": np.where(x > 0, 2.0, 1.0)}
    report = grader.gradcheck(loss, {"x": x}, grads)
    assert report.ok, str(report)
    if offset != 0.0 or report.params["x"].kinks:
        assert report.params["x"].kinks == [(0,)]


def test_a_wrong_gradient_at_a_strongly_curved_smooth_point_is_not_a_kink():
    """Curvature makes one-sided slopes differ like a kink; the parabola test sees it is smooth."""
    x = np.array([0.1, 0.2])

    def loss(p):
        return float(np.sum(1e4 * p["x"] ** 2))  # f'' = 2e4: one-sided slopes differ by 0.4

    grads = {"x": 2e4 * x + np.array([0.1, 0.0])}  # off by 0.1 (5e-5 relative): inside the slope gap
    report = grader.gradcheck(loss, {"x": x}, grads)
    assert not report.ok
    assert report.params["x"].kinks == []


def test_max_pool_style_ties():
    def forward(x):
        return np.max(x, axis=1), x

    def backward(dout, x):
        mask = x == x.max(axis=1, keepdims=True)
        return mask * dout[:, None]

    x = np.random.default_rng(3).standard_normal((4, 5))
    x[1, 3] = x[1].max() - 4e-6  # two values within 2h: a kink of max
    report = grader.check_layer(forward, backward, x)
    assert report.ok, str(report)
    assert report.params["x"].kinks
