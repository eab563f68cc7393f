"""gradcheck: verdicts, exact costs, seeds, coverage and restoration."""

import numpy as np
import pytest

import grader
from checker_layers import two_layer_net


def quadratic(scale_b=1.0):
    """loss = Σ tanh(W)² + Σ b³ with its exact gradients."""
    rng = np.random.default_rng(3)
    params = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal(3)}

    def loss(p):
        return float(np.sum(np.tanh(p["W"]) ** 2) + np.sum(p["b"] ** 3))

    t = np.tanh(params["W"])
    grads = {"W": 2 * t * (1 - t**2), "b": scale_b * 3 * params["b"] ** 2}
    return loss, params, grads


@pytest.mark.parametrize("mode", ["full", "sampled", "fast"])
def test_correct_gradients_pass_in_every_mode(mode):
    loss, params, grads = two_layer_net()
    report = grader.gradcheck(loss, params, grads, mode=mode)
    assert report.ok, str(report)
    assert report.rel_error < 1e-7
    assert all(param.verdict == "good" for param in report.params.values())


@pytest.mark.parametrize("seed", range(10))
def test_correct_gradients_pass_for_any_seed(seed):
    loss, params, grads = two_layer_net(seed=seed)
    for mode in ("sampled", "fast"):
        assert grader.gradcheck(loss, params, grads, mode=mode, seed=seed).ok


def test_full_mode_costs_two_evaluations_per_entry_plus_one():
    loss, params, grads = two_layer_net()
    size = sum(p.size for p in params.values())
    assert grader.gradcheck(loss, params, grads).n_evals == 2 * size + 1


def test_sampled_mode_costs_two_evaluations_per_sample_of_every_parameter():
    loss, params, grads = two_layer_net()  # b2 has 4 entries: all of them are sampled
    expected = 1 + 2 * sum(min(5, p.size) for p in params.values())
    report = grader.gradcheck(loss, params, grads, mode="sampled", n_samples=5)
    assert report.n_evals == expected
    assert set(report.params) == set(params)
    assert report.params["b2"].checked == "all 4 entries"


def test_fast_mode_costs_two_evaluations_per_direction_per_parameter():
    loss, params, grads = two_layer_net()
    report = grader.gradcheck(loss, params, grads, mode="fast", n_directions=3)
    assert report.n_evals == 1 + 2 * 3 * len(params)


def test_fast_mode_checks_a_failing_parameter_entry_by_entry():
    loss, params, grads = two_layer_net()
    grads["b1"] = grads["b1"] * 0.5
    report = grader.gradcheck(loss, params, grads, mode="fast", n_directions=3)
    assert report.n_evals == 1 + 2 * 3 * len(params) + 2 * params["b1"].size + 1  # + determinism
    assert not report.params["b1"].ok
    assert "scaled by 0.5" in report.params["b1"].diagnosis
    assert report.params["W1"].ok


def test_sampled_entries_are_reproducible_and_depend_on_the_seed():
    loss, params, grads = two_layer_net()
    grads["W1"] = grads["W1"].copy()
    grads["W1"][np.unravel_index(np.arange(0, 30, 2), grads["W1"].shape)] += 1.0  # half the entries wrong
    runs = [grader.gradcheck(loss, params, grads, mode="sampled", n_samples=6, seed=s) for s in (0, 0, 1)]
    assert str(runs[0]) == str(runs[1])
    assert str(runs[0]) != str(runs[2])


def test_a_scale_error_of_one_in_a_thousand_fails():
    loss, params, grads = quadratic(scale_b=1 + 1e-3)
    report = grader.gradcheck(loss, params, grads)
    assert not report.ok
    assert report.params["b"].verdict == "look closer"
    assert "scaled by 1.001" in report.params["b"].diagnosis
    assert report.params["W"].ok


def test_every_parameter_is_judged_on_its_own():
    loss, params, grads = two_layer_net()
    grads["b2"] = grads["b2"] + 1e-3 * np.abs(grads["b2"]).max()
    report = grader.gradcheck(loss, params, grads)
    assert report.rel_error < 1e-3  # hidden in the overall error ...
    assert not report.params["b2"].ok  # ... but not in b2's own


def test_restores_the_callers_arrays_bit_for_bit():
    loss, params, grads = two_layer_net()
    before = {name: p.tobytes() for name, p in params.items()}
    for mode in ("full", "sampled", "fast"):
        grader.gradcheck(loss, params, grads, mode=mode)
    assert {name: p.tobytes() for name, p in params.items()} == before


def test_a_loss_reading_the_callers_arrays_directly_is_supported():
    w = np.array([1.0, 2.0, -3.0])
    report = grader.gradcheck(lambda _: float(np.sum(w**2)), {"w": w}, {"w": 2 * w})
    assert report.ok, str(report)


def test_tiny_gradients_are_judged_against_the_whole_function():
    w = np.array([0.3, -1.2])
    tiny = np.array([12.0, 13.0])  # tanh'(12) ~ 1.5e-10: below the round-off of the differences

    def loss(p):
        return float(np.sum(p["w"] ** 2) + np.sum(np.tanh(p["t"])))

    grads = {"w": 2 * w, "t": 1 - np.tanh(tiny) ** 2}
    report = grader.gradcheck(loss, {"w": w, "t": tiny}, grads)
    assert report.ok
    assert report.params["t"].rel_error > 1e-5  # pure round-off ...
    assert report.params["t"].graded_error < 1e-7  # ... next to the gradient of w
    assert "tiny gradient" in str(report)


def test_tiny_but_wrong_gradients_still_fail():
    w = np.array([0.3, -1.2])
    t = np.array([0.5, 0.25])

    def loss(p):
        return float(np.sum(p["w"] ** 2) + 1e-4 * np.sum(p["t"] ** 2))

    grads = {"w": 2 * w, "t": 2e-4 * t * 1.01}
    report = grader.gradcheck(loss, {"w": w, "t": t}, grads)
    assert report.params["w"].ok and not report.params["t"].ok


def test_missing_and_malformed_gradients_fail_with_a_message():
    loss, params, grads = two_layer_net()
    del grads["b1"]
    grads["b2"] = "zero"
    report = grader.gradcheck(loss, params, grads)
    assert not report.ok
    assert "no entry" in report.params["b1"].diagnosis
    assert "not an array of numbers" in report.params["b2"].diagnosis
    assert report.params["W1"].ok


def test_instructor_mistakes_raise():
    loss, params, grads = two_layer_net()
    with pytest.raises(ValueError, match="mode"):
        grader.gradcheck(loss, params, grads, mode="quick")
    with pytest.raises(ValueError, match="h must"):
        grader.gradcheck(loss, params, grads, h=0.0)
