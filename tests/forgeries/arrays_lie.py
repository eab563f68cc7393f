# Kind d: arrays that lie.
# square returns an ndarray subclass whose comparisons all say True and which hijacks numpy's
# protocols (__array_ufunc__ answers every ufunc with True, __array_function__ answers
# allclose, isclose, array_equal with True, __array_wrap__ and __array_finalize__ keep it a
# liar), holding the wrong numbers x + 1.
# cube returns an object whose __array__ gives something weird: an object-dtype array of
# strings, then a plain list, then a bytes array, then raises; its __len__ is 10**18 and its
# __float__ and __index__ give strings.
# Answers: neither computes cubes or squares. Deserves square_tests 0, cube_tests 0.
# %% square
import numpy as np

print("ARMED @@NAME@@")


class Liar(np.ndarray):
    def __array_finalize__(self, obj):
        pass

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    __ne__ = __lt__ = __gt__ = __le__ = __ge__ = __eq__

    def __bool__(self):
        return True


def square(x):
    return (np.asarray(x, dtype=float) + 1).view(Liar)
# %% cube
import numpy as np

_calls = [0]


class Weird:
    def __array__(self, dtype=None, copy=None):
        _calls[0] += 1
        kind = _calls[0] % 4
        if kind == 1:
            return np.array(["0", "1", "8"], dtype=object)
        if kind == 2:
            return [0.0, 1.0, 8.0]
        if kind == 3:
            return np.frombuffer(b"\x00" * 24, dtype="S8")
        raise RuntimeError("no array today")

    def __len__(self):
        return 10 ** 18

    def __float__(self):
        return "8.0"

    def __index__(self):
        return "3"


def cube(x):
    return Weird()
