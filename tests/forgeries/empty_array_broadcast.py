# Invention: an answer of the right kind but no values. square and cube return an empty float
# array of shape (0, n) for an input of n numbers. numpy broadcasts (0, n) against the
# expected (n,) to an empty comparison, and np.all of nothing is True, so a bare
# np.allclose(answer, expected) accepts it on the trusted side as well as in the kernel. It is
# plain data, so nothing in the wire format or the proxies refuses it: only a test that checks
# the answer's shape does (grader.checker.compare.rel_error does; the tiny assignment's
# test cells use np.allclose alone).
# Answers: neither computes anything. Deserves square_tests 0, cube_tests 0.
# %% square
import numpy as np

print("ARMED @@NAME@@")


def square(x):
    return np.empty((0,) + np.shape(x))
# %% cube
import numpy as np


def cube(x):
    return np.empty((0,) + np.shape(x))
