"""numerical_gradient: accuracy, exact cost, and bit-for-bit restoration."""

import numpy as np
import pytest

from grader import numerical_gradient


def test_matches_known_gradient_of_a_smooth_function():
    x = np.random.default_rng(0).standard_normal((3, 4))
    numeric = numerical_gradient(lambda v: np.sum(np.sin(v) * v**2), x)
    exact = np.cos(x) * x**2 + 2 * x * np.sin(x)
    np.testing.assert_allclose(numeric, exact, rtol=1e-8, atol=1e-10)


def test_spends_exactly_two_evaluations_per_entry():
    calls = []
    x = np.ones((2, 5))
    numerical_gradient(lambda v: calls.append(1) or float(v.sum()), x)
    assert len(calls) == 2 * x.size


def test_restores_x_bit_for_bit_including_signed_zero_and_nan():
    x = np.array([0.1, -0.0, np.nan, 1e10, 3.7, -2.5e-310])
    before = x.tobytes()
    numerical_gradient(lambda v: float(np.nansum(v)), x)
    assert x.tobytes() == before


def test_restores_x_when_f_raises():
    x = np.arange(4.0)
    before = x.tobytes()

    def f(v):
        if v[2] != 2.0:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    assert x.tobytes() == before


def test_divides_by_the_step_actually_stored_in_float32():
    x = np.array([1000.0, 3.0], dtype=np.float32)
    numeric = numerical_gradient(lambda v: float(np.sum(v.astype(np.float64))), x, h=1e-3)
    np.testing.assert_allclose(numeric, [1.0, 1.0], rtol=1e-12)  # 2h in float32 is not 2e-3 at 1000


def test_works_in_place_on_non_contiguous_views():
    base = np.arange(12.0).reshape(3, 4)
    view = base[:, ::2]
    before = base.tobytes()
    numeric = numerical_gradient(lambda v: float(np.sum(view**2)), view)
    np.testing.assert_allclose(numeric, 2 * view, rtol=1e-8)
    assert base.tobytes() == before


def test_rejects_arrays_it_cannot_perturb():
    with pytest.raises(TypeError):
        numerical_gradient(lambda v: 0.0, np.arange(3))
    frozen = np.ones(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError):
        numerical_gradient(lambda v: 0.0, frozen)


def test_a_step_lost_to_float32_rounding_is_a_clear_error_not_nan():
    x = np.array([1.0, 2.0], dtype=np.float32)
    with pytest.raises(ValueError, match=r"h=1e-08 is lost in float32.*2 entries.*float64"):
        numerical_gradient(lambda v: float(np.sum(v**2)), x, h=1e-8)
    assert x.tolist() == [1.0, 2.0]


def test_an_f_that_works_in_place_cannot_move_the_point():
    def relu_sum_in_place(x):
        np.maximum(x, 0, out=x)
        return float(np.sum(x * np.arange(1, x.size + 1)))

    x = np.array([-1.0, 2.0, -3.0, 4.0])
    gradient = numerical_gradient(relu_sum_in_place, x)
    np.testing.assert_allclose(gradient, [0.0, 2.0, 0.0, 4.0], atol=1e-9)
    assert x.tolist() == [-1.0, 2.0, -3.0, 4.0]
