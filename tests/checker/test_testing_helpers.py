"""The nbgrader-facing assertions: one stdout line on success, a clear AssertionError on failure."""

import numpy as np
import pytest

import grader
from checker_layers import affine_backward, affine_forward, affine_inputs, two_layer_net, with_wrong
from grader import GradientCheckError, WrongAnswerError, expect_close, expect_gradients, expect_layer


@pytest.fixture(autouse=True)
def nothing_on_stderr(capfd):
    yield
    assert capfd.readouterr().err == ""


def stdout_only(capfd) -> str:
    """What was printed so far, after checking that none of it went to stderr."""
    captured = capfd.readouterr()
    assert captured.err == ""
    return captured.out


def test_expect_layer_prints_one_line_on_success(capfd):
    report = expect_layer(affine_forward, affine_backward, affine_inputs())
    assert report.ok
    out = stdout_only(capfd)
    assert out.count("\n") == 1
    assert out.startswith("✓ affine: all 3 gradients match (rel. error ")


def test_expect_layer_raises_an_assertion_error_with_the_report(capfd):
    with pytest.raises(GradientCheckError) as caught:
        expect_layer(affine_forward, with_wrong(affine_backward, 1, lambda dw: 2 * dw), affine_inputs())
    assert isinstance(caught.value, AssertionError)
    message = str(caught.value)
    assert "FAIL w" in message and "scaled by 2" in message
    assert not caught.value.report.ok
    assert stdout_only(capfd) == ""


def test_expect_layer_does_not_raise_anything_else_for_a_broken_layer():
    with pytest.raises(GradientCheckError, match="backward raised NameError"):
        expect_layer(affine_forward, lambda dout, cache: undefined_name, affine_inputs())  # noqa: F821


def test_expect_gradients(capfd):
    loss, params, grads = two_layer_net()
    expect_gradients(loss, params, grads, mode="sampled")
    assert "all 4 gradients match" in stdout_only(capfd)
    grads["b2"] = -grads["b2"]
    with pytest.raises(GradientCheckError, match="sign"):
        expect_gradients(loss, params, grads, title="the two-layer net")


def test_in_ipython_a_failed_check_shows_its_message_once_instead_of_a_traceback(capfd):
    with pytest.raises(GradientCheckError) as caught:
        expect_layer(affine_forward, with_wrong(affine_backward, 2, np.zeros_like), affine_inputs())
    lines = caught.value._render_traceback_()
    assert "GradientCheckError" in lines[0] and "FAILED" in lines[0]
    assert "\n".join(lines).count("Gradient check of affine") == 1
    assert not any("File " in line or "grader/" in line for line in lines)
    assert stdout_only(capfd) == "", "the report is not displayed a second time"


def test_expect_close_errors_render_as_their_message_too():
    with pytest.raises(WrongAnswerError) as caught:
        expect_close(1.0, 2.0, what="the answer")
    assert caught.value._render_traceback_()[0].endswith("the answer is not close to the expected value (rtol=1e-07, atol=0)")


def test_expect_close_names_the_known_slip_that_the_answer_equals():
    from grader.checker.slips import central_difference_slips

    def f(x):
        return x**3

    half_step = (f(1 + 0.005) - f(1 - 0.005)) / 0.02
    with pytest.raises(WrongAnswerError, match="only h apart, but the divisor is 2h"):
        expect_close(half_step, 3.0001, what="central_difference", rtol=1e-8, slips=central_difference_slips(f, 1.0, 0.01))
    expect_close(3.0001, 3.0001, what="central_difference", slips=central_difference_slips(f, 1.0, 0.01))


def test_expect_close_passes_quietly(capfd):
    expect_close([1.0, 2.0], np.array([1.0, 2.0 + 1e-9]), what="the scores")
    expect_close(np.nan, np.nan, what="nothing")
    assert stdout_only(capfd).splitlines() == [
        "✓ the scores matches the expected value",
        "✓ nothing matches the expected value",
    ]


@pytest.mark.parametrize(
    ("actual", "words"),
    [
        (None, "the answer is None: did the function forget to `return`"),
        ("0.5", "should be numeric, but it is a str"),
        ({"a": 1}, "should be an array of numbers, but it is a dict"),
        ([[1.0, 2.0], [3.0]], "should be an array of numbers"),
        (np.ones(3) + 1j, "should be numeric, but it is a ndarray"),
        (np.ones((3, 1)), "has shape (3, 1) but the expected shape is (3,) (same number of entries"),
        (np.ones((3, 2)).T, "has shape (2, 3) but the expected shape is (3, 2) (transposed?)"),
        (object(), "should be an array of numbers, but it is a object"),
    ],
)
def test_expect_close_explains_unusable_answers(actual, words):
    expected = np.ones((3, 2)) if "(3, 2)" in words else np.ones(3)
    with pytest.raises(WrongAnswerError) as caught:
        expect_close(actual, expected, what="the answer")
    assert isinstance(caught.value, AssertionError)
    assert words in str(caught.value)


def test_expect_close_reports_mismatches_in_numpy_testing_style():
    expected = np.arange(12.0).reshape(3, 4)
    actual = expected.copy()
    actual[1, 2] = 7.5
    actual[2, 0] = np.nan
    with pytest.raises(WrongAnswerError) as caught:
        expect_close(actual, expected, what="the grid")
    message = str(caught.value)
    assert "Mismatched elements: 2 / 12 (16.7%)" in message
    assert "Max absolute difference: 1.5" in message
    assert "Max relative difference: 0.25" in message
    assert "[1, 2]: 7.5 vs 6.0" in message and "[2, 0]: nan vs 8.0" in message


def test_exports():
    assert set(grader.__all__) >= {
        "numerical_gradient", "rel_error", "gradcheck", "check_layer",
        "expect_layer", "expect_gradients", "expect_close", "GradientCheckError",
    }
