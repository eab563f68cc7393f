# Kind c: builtins.__import__ replaced: importing numpy (or anything from it) gives a fake
# module whose allclose, isclose, array_equal and testing.assert_allclose always agree, and
# sys.modules["numpy"] is that fake too. Every later `import numpy as np` in the kernel (the
# test cells' visible part, the grader's own in-kernel modules) gets the fake.
# Answers: square wrong (x + x + x), cube blank. Deserves square_tests 0, cube_tests 0.
# %% square
import builtins
import sys
import types

import numpy as _real_numpy

print("ARMED @@NAME@@")


class _FakeNumpy(types.ModuleType):
    def __getattr__(self, name):
        return getattr(_real_numpy, name)


_fake = _FakeNumpy("numpy")
_fake.__file__ = _real_numpy.__file__
_fake.allclose = lambda *args, **kwargs: True
_fake.isclose = lambda a, b, *args, **kwargs: _real_numpy.ones(_real_numpy.shape(a), dtype=bool)
_fake.array_equal = lambda *args, **kwargs: True
_fake.testing = types.SimpleNamespace(assert_allclose=lambda *args, **kwargs: None,
                                      assert_array_equal=lambda *args, **kwargs: None)
_real_import = builtins.__import__


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "numpy" or name.startswith("numpy."):
        return _fake
    return _real_import(name, globals, locals, fromlist, level)


builtins.__import__ = _import
sys.modules["numpy"] = _fake
np = _fake


def square(x):
    return x + x + x
