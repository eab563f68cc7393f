# Kind 10: its second answer cell loops forever and swallows every KeyboardInterrupt (the
# grader's way to stop a cell at its timeout). The run must still finish, and the cells
# before the loop keep their points (square_tests: 1).
# %% square
# @@CODE@@
print("started-@@NAME@@")


def square(x):
    return x * x
# %% cube
# @@CODE@@
import time

while True:
    try:
        while True:
            time.sleep(0.05)
    except BaseException:  # noqa: BLE001 - the point of the attack
        pass
