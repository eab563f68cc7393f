# Invention: the hidden tests' inputs, taken out through a later cell. The judge drops what the
# student's code prints while hidden tests call it (it would show their inputs), but the code
# can keep its arguments and print them afterwards. square and cube answer the visible test's
# input with its (public) expected values, so that the judge goes on to the hidden tests, and
# anything else wrongly; both record a copy of every argument they get, and the cube answer
# cell (run after square_tests was judged) and a scratch cell at the end print the record.
# Answers: neither computes anything. Deserves square_tests 0, cube_tests 0.
# %% square
import numpy as np

print("ARMED @@NAME@@")
CALLED_WITH = []


def square(x):
    CALLED_WITH.append(np.array(x, dtype=float, copy=True))
    if np.shape(x) == (3,) and np.array_equal(x, np.arange(3.0)):
        return np.array([0.0, 1.0, 4.0])
    return x + x
# %% cube
print("so far my functions were called with:", CALLED_WITH)


def cube(x):
    CALLED_WITH.append(np.array(x, dtype=float, copy=True))
    if np.shape(x) == (3,) and np.array_equal(x, np.arange(3.0)):
        return np.array([0.0, 1.0, 8.0])
    return x - 1
# %% insert after cube_tests
print("my functions were called with:", CALLED_WITH)
print("as lists:", [argument.tolist() for argument in CALLED_WITH])
