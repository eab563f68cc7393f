# Noah swaps the whole test-helper module for a stand-in whose checks always pass,
# before writing (wrong) answers. The grading tests do not run in his kernel, so the
# stand-in changes nothing: his wrong answers earn no points.
# based on: ../ada_perfect/04_gradient_checking.py

# %% gradient_check
import sys
import types

sys.modules["grader.checker.testing"] = types.SimpleNamespace(
    expect_close=lambda *args, **kwargs: None,
    expect_gradients=lambda *args, **kwargs: None,
    expect_layer=lambda *args, **kwargs: None,
)


def gradient_check(loss_fn, params, grads, eps=1e-5):
    return 0.0

# %% gradient_check_per_parameter
def gradient_check_per_parameter(loss_fn, params, grads, eps=1e-5):
    return {name: 0.0 for name in params}

# %% backward_pass
def backward_pass(params, X, Y, lambd):
    return {name: np.zeros_like(value) for name, value in params.items()}
