"""rel_error and the verdict tiers."""

import numpy as np
import pytest

from grader import rel_error
from grader.checker.compare import BUG, GOOD, PASS, tier


def test_rel_error_formula():
    a, b = np.array([3.0, 0.0]), np.array([0.0, 4.0])
    assert rel_error(a, b) == pytest.approx(5.0 / 7.0)


def test_rel_error_is_zero_not_nan_when_both_are_zero():
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0


def test_rel_error_is_inf_for_non_finite_input():
    assert rel_error(np.array([np.nan]), np.array([1.0])) == np.inf
    assert rel_error(np.array([np.inf]), np.array([np.inf])) == np.inf


def test_rel_error_refuses_to_broadcast():
    with pytest.raises(ValueError, match="equal shapes"):
        rel_error(np.ones(3), np.ones((3, 1)))


def test_rel_error_lies_between_zero_and_one():
    rng = np.random.default_rng(0)
    for _ in range(50):
        a, b = rng.standard_normal((2, 7)) * rng.uniform(0, 10, 2)[:, None]
        assert 0.0 <= rel_error(a, b) <= 1.0


def test_tiers_match_the_course():
    assert (GOOD, PASS, BUG) == (1e-7, 1e-5, 1e-3)
    assert tier(1e-9) == "good"
    assert tier(1e-6) == "acceptable"
    assert tier(5e-4) == "look closer"
    assert tier(0.3) == "wrong"
