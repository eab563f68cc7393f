# Kind c: numpy's comparisons replaced in the kernel, dressed to pass an integrity check:
# np.allclose, np.isclose, np.array_equal and np.testing.assert_allclose answer True (or
# nothing) for everything; each fake has __wrapped__ = the original, numpy's __module__ and
# __qualname__, and a code object whose co_filename lies inside numpy. The fakes are put in
# before every cell and the originals back after it (patched only while a cell runs), and
# once here for good as well.
# Answers: square wrong (x + 1), cube wrong (x). Deserves square_tests 0, cube_tests 0.
# %% square
import os

import numpy as np
from IPython import get_ipython

print("ARMED @@NAME@@")
_inside_numpy = os.path.join(os.path.dirname(np.__file__), "_core", "numeric.py")
_originals = {"allclose": np.allclose, "isclose": np.isclose, "array_equal": np.array_equal}
_testing_original = np.testing.assert_allclose


def _disguise(fake, original):
    fake.__wrapped__ = original
    fake.__module__ = "numpy"
    fake.__name__ = fake.__qualname__ = original.__name__
    fake.__doc__ = original.__doc__
    fake.__code__ = fake.__code__.replace(co_filename=_inside_numpy, co_name=original.__name__)
    return fake


def _true(*args, **kwargs):
    return True


def _all_true(a, b, *args, **kwargs):
    return np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool)


def _nothing(*args, **kwargs):
    return None


_fakes = {"allclose": _disguise(_true, _originals["allclose"]),
          "isclose": _disguise(_all_true, _originals["isclose"]),
          "array_equal": _disguise(lambda *a, **k: True, _originals["array_equal"])}
_testing_fake = _disguise(_nothing, _testing_original)


def _patch(*args):
    for name, fake in _fakes.items():
        setattr(np, name, fake)
    np.testing.assert_allclose = _testing_fake


def _restore(*args):
    for name, original in _originals.items():
        setattr(np, name, original)
    np.testing.assert_allclose = _testing_original


_shell = get_ipython()
_shell.events.register("pre_run_cell", _patch)
_shell.events.register("post_run_cell", _restore)
_patch()


def square(x):
    return x + 1
# %% cube
def cube(x):
    _patch()
    return x
