"""A bad student function never raises out of the checker and never writes to stderr."""

import sys
import warnings

import numpy as np
import pytest

import grader
from checker_layers import affine_backward, affine_forward, affine_inputs, two_layer_net


@pytest.fixture(autouse=True)
def nothing_on_stderr(capfd):
    yield
    assert capfd.readouterr().err == ""


def failed(report, *words):
    assert not report.ok
    text = str(report)
    for word in words:
        assert word in text, text
    return report


def layer(backward=affine_backward, forward=affine_forward, inputs=None):
    return grader.check_layer(forward, backward, inputs if inputs is not None else affine_inputs())


def test_an_exception_in_backward_is_a_failed_report_naming_the_line():
    def backward(dout, cache):
        return 1 / 0

    report = failed(layer(backward), "backward raised ZeroDivisionError: division by zero", "`return 1 / 0`")
    assert report.n_evals == 1


def test_an_exception_in_the_loss_names_the_perturbed_entry():
    loss, params, grads = two_layer_net()
    b1_2 = params["b1"][2]

    def fragile(p):
        if p["b1"][2] != b1_2:
            raise ValueError("bad value")
        return loss(p)

    failed(grader.gradcheck(fragile, params, grads), "ValueError: bad value", "b1[2]")


def test_sys_exit_in_forward_is_a_failed_report():
    def forward(x, w, b):
        sys.exit(1)

    failed(layer(forward=forward), "forward called sys.exit(1)")


def test_keyboard_interrupt_still_stops_the_check():
    def backward(dout, cache):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        layer(backward)


@pytest.mark.parametrize(
    ("forward", "words"),
    [
        (lambda x, w, b: x @ w + b, "forward must return (out, cache)"),
        (lambda x, w, b: (x @ w + b, None, None), "a tuple of 3 values"),
        (lambda x, w, b: ("out", None), "out must be an array of numbers"),
    ],
)
def test_forward_returning_the_wrong_thing(forward, words):
    failed(layer(forward=forward), words)


@pytest.mark.parametrize(
    ("backward", "words"),
    [
        (lambda dout, cache: None, "backward returned a NoneType"),
        (lambda dout, cache: affine_backward(dout, cache)[:2], "backward returned 2 values"),
        (lambda dout, cache: (*affine_backward(dout, cache)[:2], None), "None"),
        (lambda dout, cache: (*affine_backward(dout, cache)[:2], "db"), "not an array of numbers"),
        (lambda dout, cache: (*affine_backward(dout, cache)[:2], [[1, 2], [3]]), "not an array of numbers"),
        (lambda dout, cache: (*affine_backward(dout, cache)[:2], np.ones(3) * 1j), "complex"),
    ],
)
def test_backward_returning_the_wrong_thing(backward, words):
    failed(layer(backward), words)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "returned None"),
        (np.ones(3), "shape (3,)"),
        ((1.0, {}), "tuple of 2 values"),
        ("1.0", "str"),
    ],
)
def test_loss_returning_the_wrong_thing(value, words):
    report = failed(grader.gradcheck(lambda p: value, {"w": np.ones(2)}, {"w": np.ones(2)}), words)
    assert report.params["w"].verdict == "error"


def test_grads_that_are_not_a_dict():
    failed(grader.gradcheck(lambda p: float(np.sum(p["w"])), {"w": np.ones(2)}, [np.ones(2)]), "dict")


def overflowing_loss(p):
    overflowed = np.isinf(np.exp(1000 * p["w"])).sum()
    return float(np.sum(p["w"]) + 0 * overflowed)


def test_a_numpy_warning_beside_right_gradients_is_a_note_not_a_failure():
    report = grader.gradcheck(overflowing_loss, {"w": np.ones(2)}, {"w": np.ones(2)})
    assert report.ok, str(report)
    assert "numpy warned" in report.notes[0] and "overflow" in report.notes[0]
    assert "Note: numpy warned" in str(report)


def test_a_sigmoid_that_overflows_at_minus_1000_passes():
    def forward(x):
        out = 1 / (1 + np.exp(-x))
        return out, out

    x = np.array([-1000.0, -2.0, 0.5, 3.0])
    assert grader.check_layer(forward, lambda dout, out: dout * out * (1 - out), x).ok


def test_a_numpy_warning_beside_a_wrong_gradient_is_named_in_the_problem():
    report = failed(grader.gradcheck(overflowing_loss, {"w": np.ones(2)}, {"w": 2 * np.ones(2)}), "numpy warned")
    assert any("overflow" in warning for warning in report.warnings)


def test_other_warnings_are_recorded_but_do_not_fail():
    def loss(p):
        warnings.warn("old API", DeprecationWarning)
        return float(np.sum(p["w"] ** 2))

    report = grader.gradcheck(loss, {"w": np.ones(2)}, {"w": 2 * np.ones(2)})
    assert report.ok
    assert report.warnings == ["DeprecationWarning: old API (5 times)"]


def test_writes_to_stderr_are_captured_into_the_report():
    def loss(p):
        print("debugging", file=sys.stderr)
        return float(np.sum(p["w"] ** 2))

    report = grader.gradcheck(loss, {"w": np.ones(2)}, {"w": 2 * np.ones(2)})
    assert report.ok
    assert report.stderr.count("debugging") == 5


def test_non_finite_loss():
    failed(grader.gradcheck(lambda p: float("nan"), {"w": np.ones(2)}, {"w": np.ones(2)}), "nan")

    def loss(p):  # finite at w, infinite one step to the right of w[1]
        return float(np.sum(p["w"])) if p["w"][1] <= 1.0 else float("inf")

    report = failed(grader.gradcheck(loss, {"w": np.ones(2)}, {"w": np.ones(2)}), "not finite", "w[1]")
    assert report.params["w"].verdict == "error"
    assert report.params["w"].rel_error == np.inf


def test_a_loss_modifying_its_parameters_in_place_is_caught_and_undone():
    w = np.array([1.0, 2.0])

    def loss(p):
        p["w"] *= 1.0000001
        return float(np.sum(p["w"] ** 2))

    report = failed(grader.gradcheck(loss, {"w": w}, {"w": 2 * w.copy()}), "changed params w in place")
    assert report.params["w"].ok  # it worked on its own copies, so its gradient was still checked
    assert w.tolist() == [1.0, 2.0]


def test_a_forward_modifying_its_input_in_place_is_caught():
    def forward(x):
        x += 0.0
        np.maximum(x, 0, out=x)
        return x, x

    x = np.random.default_rng(0).standard_normal((3, 3))
    original = x.copy()
    report = failed(grader.check_layer(forward, lambda dout, x: dout * (x > 0), x), "changed its input x in place")
    assert report.params["x"].ok, "the forward got copies, so its gradient is still judged on its merits"
    assert np.array_equal(x, original)


def test_an_exception_in_forward_names_the_inputs_shapes_and_dtypes_but_not_their_values():
    def forward(x):
        raise ValueError("boom")

    x = np.array([[0.123456, 2.0]])
    report = failed(grader.check_layer(forward, lambda dout, cache: dout, x), "forward raised ValueError: boom",
                    "inputs x (1, 2) float64")
    assert "0.123456" not in str(report)


def test_a_nondeterministic_loss_is_reported_as_such():
    rng = np.random.default_rng(0)

    def dropout_loss(p):
        mask = rng.random(p["w"].shape) > 0.5
        return float(np.sum((p["w"] * mask) ** 2))

    w = np.ones(4)
    failed(grader.gradcheck(dropout_loss, {"w": w}, {"w": w}), "not deterministic")


@pytest.mark.parametrize("value", [None, "abc", [[1.0], [2.0, 3.0]]])
def test_parameters_that_are_not_arrays_of_numbers(value):
    report = failed(grader.gradcheck(lambda p: 0.0, {"w": value}, {"w": np.zeros(1)}), "params['w'] is not an array")
    assert report.n_evals == 0


def test_parameters_given_as_lists_are_checked_on_copies():
    report = grader.gradcheck(lambda p: float(np.sum(np.asarray(p["w"]) ** 2)), {"w": [1.0, 2.0]}, {"w": [2.0, 4.0]})
    assert report.ok, str(report)
