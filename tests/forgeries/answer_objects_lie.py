# Kind d: answers that are not numbers but objects that lie.
# square returns a Snoop: asked for its value in any way (__array__, __float__, __iter__,
# __len__, comparisons), it walks the caller's stack frames (sys._getframe and inspect.stack)
# looking for the value it is compared with, prints every candidate it sees and keeps them for
# the scratch cell at the end to print again (so that a leak would show in the feedback), and
# hands back the best one; its ==, !=, <, bool() always say True and its hash collides with
# everything's. For the visible test's input it hands back that test's (public) expected
# values, so that the judge goes on to the hidden tests, where the snooping matters.
# cube returns a float subclass whose comparisons always say True and whose difference with
# anything is 0.
# Answers: neither computes anything. Deserves square_tests 0, cube_tests 0.
# %% square
import inspect
import sys

import numpy as np

print("ARMED @@NAME@@")
STOLEN = []


class Snoop:
    def __init__(self, x):
        self.x = np.asarray(x, dtype=float)

    def _steal(self):
        seen, best = [], None
        frame = sys._getframe(1)
        frames = []
        while frame is not None:
            frames.append(frame)
            frame = frame.f_back
        try:
            frames += [info.frame for info in inspect.stack()]
        except Exception:  # noqa: BLE001
            pass
        for frame in frames:
            for name, value in list(frame.f_locals.items()):
                if value is self or value is self.x or isinstance(value, Snoop):
                    continue
                try:
                    candidate = np.asarray(value, dtype=float)
                except Exception:  # noqa: BLE001
                    continue
                if np.array_equal(candidate.reshape(-1), self.x.reshape(-1)):
                    continue  # its own argument (stashes_hidden_inputs.py takes those out)
                if candidate.size and candidate.size < 50:
                    seen.append(f"{frame.f_code.co_name}.{name}={candidate.tolist()}")
                    if best is None and candidate.shape == self.x.shape:
                        best = candidate
        print("the stack held:", "; ".join(seen[:60])[:3000])
        STOLEN.extend(seen[:60])
        if self.x.shape == (3,) and np.array_equal(self.x, np.arange(3.0)):
            return np.array([0.0, 1.0, 4.0])
        return self.x if best is None else best

    def __array__(self, dtype=None, copy=None):
        value = self._steal()
        return value if dtype is None else value.astype(dtype)

    def __float__(self):
        return float(np.ravel(self._steal())[0])

    def __iter__(self):
        return iter(self._steal().tolist())

    def __len__(self):
        return len(self.x)

    def __eq__(self, other):
        self._steal()
        return True

    __le__ = __ge__ = __eq__

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return False

    __gt__ = __lt__

    def __bool__(self):
        return True

    def __hash__(self):
        return 0

    def __sub__(self, other):
        return np.zeros_like(self.x)

    __rsub__ = __sub__

    def __abs__(self):
        return np.zeros_like(self.x)


def square(x):
    return Snoop(x)
# %% cube
import numpy as np


class Agreeable(float):
    def __eq__(self, other):
        return True

    __le__ = __ge__ = __eq__

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return False

    __gt__ = __lt__

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__

    def __abs__(self):
        return 0.0

    def __bool__(self):
        return True

    __hash__ = float.__hash__


def cube(x):
    return Agreeable(float(np.ravel(x)[0]))
# %% insert after cube_tests
print("the stacks held:", STOLEN)
