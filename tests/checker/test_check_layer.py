"""check_layer: the (out, cache) / (dout, cache) convention."""

import numpy as np
import pytest

import grader
from checker_layers import affine_backward, affine_forward, affine_inputs, tanh_backward, tanh_forward


@pytest.mark.parametrize("mode", ["full", "sampled", "fast"])
def test_correct_layer_passes_in_every_mode(mode):
    report = grader.check_layer(affine_forward, affine_backward, affine_inputs(), mode=mode)
    assert report.ok, str(report)
    assert list(report.params) == ["x", "w", "b"]


def test_the_upstream_gradient_is_random_not_ones():
    def backward_assuming_ones(dout, cache):
        x, w, b = cache
        ones = np.ones_like(dout)
        return ones @ w.T, x.T @ ones, ones.sum(axis=0)

    report = grader.check_layer(affine_forward, backward_assuming_ones, affine_inputs())
    assert not any(param.ok for param in report.params.values())


def test_the_seed_chooses_dout_reproducibly():
    def backward(dout, cache):
        seen.append(dout.copy())
        return affine_backward(dout, cache)

    seen = []
    for seed in (0, 0, 1):
        grader.check_layer(affine_forward, backward, affine_inputs(), seed=seed)
    assert np.array_equal(seen[0], seen[1])
    assert not np.allclose(seen[0], seen[2])
    assert seen[0].std() > 0.5  # standard normal, not a constant


def test_a_single_input_may_be_a_bare_array_and_backward_a_bare_gradient_or_1_tuple():
    x = np.random.default_rng(0).standard_normal((2, 3))
    assert grader.check_layer(tanh_forward, tanh_backward, x).ok
    assert grader.check_layer(tanh_forward, lambda dout, cache: (tanh_backward(dout, cache),), x).ok
    assert list(grader.check_layer(tanh_forward, tanh_backward, x).params) == ["x"]


def test_backward_may_return_a_dict_of_gradients():
    def backward(dout, cache):
        dx, dw, db = affine_backward(dout, cache)
        return {"b": db, "w": dw, "x": dx}

    assert grader.check_layer(affine_forward, backward, affine_inputs()).ok


def test_the_callers_inputs_are_never_touched():
    inputs = affine_inputs()
    before = {name: x.tobytes() for name, x in inputs.items()}
    grader.check_layer(affine_forward, affine_backward, inputs)
    assert {name: x.tobytes() for name, x in inputs.items()} == before


def test_the_title_comes_from_the_forward_function():
    report = grader.check_layer(affine_forward, affine_backward, affine_inputs())
    assert report.title == "affine"
    assert grader.check_layer(affine_forward, affine_backward, affine_inputs(), title="my layer").title == "my layer"
