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
