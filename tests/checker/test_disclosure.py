"""Hidden tests' failures say what is wrong without the expected values (issue 10).

The trusted judge runs a test cell's hidden part inside
``grader.checker.disclosure.expected_values_hidden()``.  There ``expect_close``,
``expect_layer`` and ``expect_gradients`` still name the wrong entries, the student's
values, the slip or the diagnosis, but no expected (reference, numerical) value and
no difference from one.  Outside it (visible tests, the default) the messages are as
they always were.
"""

import numpy as np
import pytest

from checker_layers import affine_backward, affine_forward, affine_inputs, two_layer_net, with_wrong
from grader import GradientCheckError, WrongAnswerError, expect_close, expect_gradients, expect_layer
from grader.checker.diagnosis import describe_factor
from grader.checker.disclosure import expected_values_hidden, expected_values_shown
from grader.checker.slips import forward_difference_slips

HIDDEN = "expected values of hidden tests are not shown"


def close_failure(actual, expected, **kwargs) -> str:
    with pytest.raises(WrongAnswerError) as caught:
        expect_close(actual, expected, what="the answer", **kwargs)
    return str(caught.value)


def layer_failure(backward) -> GradientCheckError:
    with pytest.raises(GradientCheckError) as caught:
        expect_layer(affine_forward, backward, affine_inputs())
    return caught.value


def numbers_of(report, name: str) -> list[str]:
    """The numerical gradient's mismatched entries of ``name`` as the shown report prints them."""
    return [f"{entry.numeric:.6g}" for entry in report.params[name].worst]


def test_expected_values_are_shown_by_default_and_hidden_only_inside_the_block():
    assert expected_values_shown()
    with expected_values_hidden():
        assert not expected_values_shown()
    assert expected_values_shown()


def test_expect_close_shows_the_expected_value_in_a_visible_test():
    message = close_failure(np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.14159]))
    assert "3.14159" in message and "got vs expected" in message and "Max absolute difference" in message
    assert HIDDEN not in message


def test_expect_close_lists_the_student_values_but_never_the_expected_ones_in_a_hidden_test():
    with expected_values_hidden():
        message = close_failure(np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.14159]))
    assert "3.14159" not in message and "0.35841" not in message  # neither the value nor the difference
    assert "Mismatched elements: 1 / 3" in message
    assert "[2]: 3.5" in message and HIDDEN in message
    assert "difference" not in message


def test_expect_close_still_names_the_slip_in_a_hidden_test():
    f, x, h = np.sin, 0.7, 1e-4
    expected = (f(x + h) - f(x)) / h
    backward = (f(x) - f(x - h)) / h
    visible = close_failure(backward, expected, slips=forward_difference_slips(f, x, h))
    with expected_values_hidden():
        hidden = close_failure(backward, expected, slips=forward_difference_slips(f, x, h))
        unnamed = close_failure(backward, expected)
    assert visible == hidden == "the answer is a backward difference (f(x) − f(x−h))/h"
    assert repr(float(backward)) in unnamed and repr(float(expected)) not in unnamed and HIDDEN in unnamed


def test_expect_close_shape_problems_read_the_same_in_both_modes():
    visible = close_failure(np.zeros((3, 2)), np.zeros((2, 3)))
    with expected_values_hidden():
        hidden = close_failure(np.zeros((3, 2)), np.zeros((2, 3)))
    assert visible == hidden and "transposed?" in hidden


def test_a_gradient_report_shows_the_numerical_entries_in_a_visible_test():
    error = layer_failure(with_wrong(affine_backward, 1, lambda dw: 2 * dw))
    message = str(error)
    assert "numerical" in message and "Max absolute difference" in message
    assert all(number in message for number in numbers_of(error.report, "w"))


def test_a_gradient_report_keeps_verdict_error_and_diagnosis_but_not_the_numerical_gradient_when_hidden():
    visible = layer_failure(with_wrong(affine_backward, 1, lambda dw: 2 * dw)).report
    with expected_values_hidden():
        error = layer_failure(with_wrong(affine_backward, 1, lambda dw: 2 * dw))
    message, hidden = str(error), error.report
    assert "FAIL w: wrong" in message and "w is scaled by 2" in message
    assert f"rel. error {hidden.params['w'].rel_error:.1e}" in message
    assert "Mismatched elements" in message and "not shown" in message
    assert "numerical" not in message.replace("numerical gradient of a hidden test is not shown", "")
    assert "difference" not in message
    numbers = numbers_of(visible, "w")
    assert numbers and not any(number in message for number in numbers)
    assert all(f"analytic {entry.analytic:.6g}" in message for entry in hidden.params["w"].worst)
    html = hidden._repr_html_()
    assert "is scaled by 2" in html and not any(number in html for number in numbers)


def test_a_hidden_report_stays_hidden_when_rendered_after_the_test():
    with expected_values_hidden():
        error = layer_failure(with_wrong(affine_backward, 1, lambda dw: 2 * dw))
    visible = layer_failure(with_wrong(affine_backward, 1, lambda dw: 2 * dw)).report
    numbers = numbers_of(visible, "w")
    assert not any(number in str(error.report) for number in numbers)
    assert not any(number in str(error.report.params["w"]) for number in numbers)


def test_expect_gradients_keeps_the_sign_diagnosis_when_hidden():
    loss, params, grads = two_layer_net()
    grads["b2"] = -grads["b2"]
    with expected_values_hidden():
        with pytest.raises(GradientCheckError) as caught:
            expect_gradients(loss, params, grads, title="the two-layer net")
    message = str(caught.value)
    assert "b2 has the wrong sign" in message and "not shown" in message
    assert not any(f"numerical {entry.numeric:.6g}" in message for entry in caught.value.report.params["b2"].worst)


def test_an_odd_factor_is_rounded_only_when_hidden():
    assert "scaled by 1.23457 compared" in describe_factor(1.2345678)
    with expected_values_hidden():
        assert "scaled by about 1.2 compared" in describe_factor(1.2345678)
        assert "scaled by 2 (= 2× too large" in describe_factor(2.0)
