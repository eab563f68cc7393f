"""Fast mode: a size-independent screen that still catches a single wrong entry."""

import numpy as np
import pytest

import grader


def wide_problem(size=1000):
    """loss = Σ tanh(a ⊙ w) · c over a long vector w, with its exact gradient."""
    rng = np.random.default_rng(7)
    a, c = rng.uniform(0.5, 2.0, size), rng.standard_normal(size)
    w = rng.standard_normal(size)

    def loss(p):
        return float(np.sum(np.tanh(a * p["w"]) * c) + np.sum(p["v"] ** 2))

    v = rng.standard_normal((4, 5))
    grads = {"w": a * c * (1 - np.tanh(a * w) ** 2), "v": 2 * v}
    return loss, {"w": w, "v": v}, grads


@pytest.mark.parametrize("seed", range(25))
def test_a_single_entry_off_by_a_thousandth_of_the_largest_is_always_caught(seed):
    loss, params, grads = wide_problem()
    rng = np.random.default_rng(seed)
    wrong = grads["w"].copy()
    entry = rng.integers(wrong.size)
    wrong[entry] += rng.choice([-1, 1]) * 1e-3 * np.max(np.abs(grads["w"]))
    report = grader.gradcheck(loss, params, {**grads, "w": wrong}, mode="fast", seed=seed)
    assert not report.params["w"].ok
    assert report.params["w"].worst_index == (entry,)
    assert "1 of 1000" in report.params["w"].diagnosis
    assert report.params["v"].ok


def test_a_completely_wrong_gradient_of_a_large_parameter_fails():
    loss, params, grads = wide_problem(size=2000)
    noise = np.random.default_rng(1).standard_normal(2000) * np.abs(grads["w"]).mean()
    report = grader.gradcheck(loss, params, {**grads, "w": noise}, mode="fast")
    assert not report.params["w"].ok


def test_correct_gradients_of_a_large_parameter_pass_the_screen_without_fallback():
    loss, params, grads = wide_problem(size=20000)
    report = grader.gradcheck(loss, params, grads, mode="fast")
    assert report.ok, str(report)
    assert report.n_evals == 1 + 2 * 4 * 2
    assert report.params["w"].checked == "4 random directions"


def test_fast_mode_reports_wrong_shapes_with_the_full_diagnosis():
    loss, params, grads = wide_problem()
    report = grader.gradcheck(loss, params, {**grads, "v": grads["v"].T}, mode="fast")
    assert "transpose" in report.params["v"].diagnosis
