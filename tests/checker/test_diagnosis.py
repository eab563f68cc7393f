"""Each usual bug fails, and the diagnosis names it."""

import numpy as np
import pytest

import grader
from checker_layers import (
    affine_backward,
    affine_forward,
    affine_inputs,
    matmul_backward,
    matmul_forward,
    relu_forward,
    with_wrong,
)


def check(backward, inputs=None, forward=affine_forward):
    return grader.check_layer(forward, backward, inputs if inputs is not None else affine_inputs())


def only_failure(report, name):
    assert not report.ok
    assert [p.name for p in report.failures()] == [name], str(report)
    return report.params[name]


@pytest.mark.parametrize(
    ("factor", "words"),
    [
        (2.0, "scaled by 2"),
        (0.25, "scaled by 0.25 (= 1/4"),
        (4.0, "missing 1/4"),
        (-1.0, "sign"),
        (-3.0, "wrong sign and is scaled by -3"),
        (1.5, "(= 3/2)"),
    ],
)
def test_constant_factor(factor, words):
    param = only_failure(check(with_wrong(affine_backward, 1, lambda dw: factor * dw)), "w")
    assert words in param.diagnosis


def test_transposed_gradient_with_swapped_shape():
    param = only_failure(check(with_wrong(affine_backward, 1, lambda dw: dw.T)), "w")
    assert "transpose" in param.diagnosis
    assert "(3, 5)" in param.diagnosis


def test_transposed_gradient_of_a_square_matrix():
    rng = np.random.default_rng(1)
    inputs = {"a": rng.standard_normal((4, 4)), "b": rng.standard_normal((4, 4))}
    param = only_failure(check(with_wrong(matmul_backward, 1, lambda db: db.T), inputs, matmul_forward), "b")
    assert "transpose" in param.diagnosis


def test_all_zero_gradient():
    param = only_failure(check(with_wrong(affine_backward, 2, np.zeros_like)), "b")
    assert "zero" in param.diagnosis


def test_a_few_wrong_entries_are_counted_and_located():
    def corrupt(dw):
        dw = dw.copy()
        dw[1, 2] += 0.5
        dw[4, 0] -= 0.01
        return dw

    param = only_failure(check(with_wrong(affine_backward, 1, corrupt)), "w")
    assert "2 of 15" in param.diagnosis
    assert "[1, 2]" in param.diagnosis and "[4, 0]" in param.diagnosis
    assert param.worst_index == (1, 2)
    assert param.n_mismatched == 2


def test_wrong_entries_sharing_a_column_are_grouped():
    def corrupt(dw):
        dw = dw.copy()
        dw[:, 1] += 1.0
        return dw

    inputs = affine_inputs(m=12)
    assert "all in column 1" in only_failure(check(with_wrong(affine_backward, 1, corrupt), inputs), "w").diagnosis


def test_bias_summed_over_the_wrong_axis():
    param = only_failure(check(with_wrong(affine_backward, 2, lambda db: np.ones(4))), "b")
    assert "wrong axis" in param.diagnosis


def test_right_values_in_the_wrong_shape():
    param = only_failure(check(with_wrong(affine_backward, 2, lambda db: db.reshape(1, -1))), "b")
    assert "values are right" in param.diagnosis


def test_nan_and_inf_entries():
    def corrupt(dx):
        dx = dx.copy()
        dx[0, 1] = np.nan
        dx[2, 2] = np.inf
        return dx

    param = only_failure(check(with_wrong(affine_backward, 0, corrupt)), "x")
    assert "1 NaN and 1 inf" in param.diagnosis and "[0, 1]" in param.diagnosis


def test_missing_relu_mask():
    x = np.random.default_rng(2).standard_normal((5, 6))
    report = grader.check_layer(relu_forward, lambda dout, cache: dout, x)
    assert not report.ok
    assert "mask" in report.params["x"].diagnosis


def test_unstructured_errors_are_described_as_such():
    noise = np.random.default_rng(5).standard_normal((5, 3))
    param = only_failure(check(with_wrong(affine_backward, 1, lambda dw: dw + noise)), "w")
    assert "15 of 15" in param.diagnosis and "not a simple" in param.diagnosis


def test_failure_details_in_numpy_testing_style():
    text = str(check(with_wrong(affine_backward, 1, lambda dw: 2 * dw)))
    assert "Mismatched elements: 15 / 15 (100%)" in text
    assert "Max absolute difference" in text and "Max relative difference: 1\n" in text
    assert "numerical" in text and "analytic" in text


def l2_loss_problem(reg):
    """A linear model with an L2 penalty reg/2·Σw² and its correct gradients."""
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((6, 4)), rng.standard_normal((4, 2)), rng.standard_normal(2)
    target = rng.standard_normal((6, 2))

    def loss(p):
        return float(0.5 * np.sum((x @ p["w"] + p["b"] - target) ** 2) + 0.5 * reg * np.sum(p["w"] ** 2))

    residual = x @ w + b - target
    return loss, {"w": w, "b": b}, {"w": x.T @ residual + reg * w, "b": residual.sum(axis=0)}


def test_a_parameter_the_loss_never_uses_is_named_unused_not_a_missing_mask():
    loss, params, grads = l2_loss_problem(0.0)
    unused = {**params, "b1": np.ones(3)}
    report = grader.gradcheck(loss, unused, {**grads, "b1": np.full(3, 0.7)})
    diagnosis = only_failure(report, "b1").diagnosis
    assert "does not depend on b1 at all" in diagnosis and "never uses it" in diagnosis
    assert "mask" not in diagnosis


@pytest.mark.parametrize(("reg", "extra", "words"), [
    (0.0, 0.3, "extra term 0.3·b"),   # a bias regularized although the loss has no penalty on it
    (0.5, 0.5, "extra term 0.5·w"),   # the penalty's gradient added twice
    (0.5, -0.5, "misses a term 0.5·w"),  # the penalty's gradient forgotten
])
def test_a_term_proportional_to_the_parameter_is_named_as_a_penalty(reg, extra, words):
    loss, params, grads = l2_loss_problem(reg)
    name = words.rsplit("·", 1)[1]
    report = grader.gradcheck(loss, params, {**grads, name: grads[name] + extra * params[name]})
    assert words in only_failure(report, name).diagnosis


@pytest.mark.parametrize(("backward", "words"), [
    (lambda dout, out: dout * (1 - np.tanh(out) ** 2), "taken at the output instead of the input"),
    (lambda dout, x: dout * (1 - x**2), "applied to the input x instead"),
    (lambda dout, out: 1 - out**2, "not multiplied by the upstream gradient dout"),
])
def test_a_known_slip_of_an_elementwise_layer_is_named(backward, words):
    from grader.checker.slips import elementwise_slips

    def tanh_forward_caching(cache_input):
        def forward(x):
            return np.tanh(x), (x if cache_input else np.tanh(x))
        return forward

    x = np.random.default_rng(4).standard_normal((4, 5))
    forward = tanh_forward_caching("input x" in words)
    report = grader.check_layer(forward, backward, x, slips=elementwise_slips("tanh", np.tanh, lambda out: 1 - out**2))
    assert words in only_failure(report, "x").diagnosis


def test_a_correct_layer_is_not_blamed_for_its_slips():
    from grader.checker.slips import elementwise_slips

    x = np.random.default_rng(5).standard_normal((3, 3))
    report = grader.check_layer(lambda x: (np.tanh(x), np.tanh(x)), lambda dout, out: dout * (1 - out**2), x,
                                slips=elementwise_slips("tanh", np.tanh, lambda out: 1 - out**2))
    assert report.ok


def test_a_backward_that_ignores_dout_is_named_from_doubling_dout():
    x = np.random.default_rng(6).uniform(0.5, 2.0, size=(4, 5)) * np.random.default_rng(7).choice([-1, 1], (4, 5))
    report = grader.check_layer(relu_forward, lambda dout, x: (x > 0).astype(float), x)
    assert "not multiplied by the upstream gradient dout" in only_failure(report, "x").diagnosis


def test_a_correct_looking_backward_that_uses_dout_is_not_said_to_ignore_it():
    report = check(with_wrong(affine_backward, 0, lambda dx: 3 * dx))
    assert "upstream gradient" not in only_failure(report, "x").diagnosis


def test_a_relu_mask_taken_from_dout_is_named():
    x = np.random.default_rng(6).uniform(0.5, 2.0, size=(4, 5)) * np.random.default_rng(7).choice([-1, 1], (4, 5))
    report = grader.check_layer(relu_forward, lambda dout, x: dout * (dout > 0), x)
    assert "the mask taken from dout instead of x" in only_failure(report, "x").diagnosis


def test_a_gradient_that_is_only_the_penalty_part_is_named_overwritten():
    loss, params, grads = l2_loss_problem(0.5)
    report = grader.gradcheck(loss, params, {**grads, "w": 0.5 * params["w"]})
    diagnosis = only_failure(report, "w").diagnosis
    assert "equals 0.5·w" in diagnosis and "overwrites" in diagnosis


def test_a_pure_penalty_loss_is_not_said_to_be_overwritten():
    w = np.random.default_rng(8).standard_normal((3, 4))
    report = grader.gradcheck(lambda p: float(0.25 * np.sum(p["w"] ** 2)), {"w": w}, {"w": w})
    diagnosis = only_failure(report, "w").diagnosis
    assert "scaled by 2" in diagnosis and "overwrites" not in diagnosis


def test_a_transposed_data_part_beside_an_untransposed_penalty_is_named():
    rng = np.random.default_rng(9)
    x, w, target = rng.standard_normal((6, 4)), rng.standard_normal((4, 4)), rng.standard_normal((6, 4))

    def loss(p):
        return float(0.5 * np.sum((x @ p["w"] - target) ** 2) + 0.15 * np.sum(p["w"] ** 2))

    data_part = x.T @ (x @ w - target)
    report = grader.gradcheck(loss, {"w": w}, {"w": data_part.T + 0.3 * w})
    assert "transpose of the correct gradient except for a term 0.3·w" in only_failure(report, "w").diagnosis


def test_a_column_bias_summed_over_the_wrong_axis_is_named_from_its_shape():
    def column_affine_backward(dout, cache):
        dx, dw, db = affine_backward(dout, cache)
        return dx, dw, db.reshape(1, -1)

    def column_affine_forward(x, w, b):
        return affine_forward(x, w, b.reshape(-1))

    inputs = affine_inputs()
    wrong = with_wrong(column_affine_backward, 2, lambda db: np.ones((1, 7)))
    report = grader.check_layer(column_affine_forward, wrong, {**inputs, "b": inputs["b"].reshape(1, -1)})
    assert "wrong axis" in only_failure(report, "b").diagnosis
