# Kind 4: overwrites the gradebook snapshot that every shard of the run starts from
# (COURSE/<shards folder>/<snapshot>), so that every submission graded after it fails.
# The test grades it last, so that today it poisons no other submission of the run (the mark
# it leaves in the snapshot is what its test finds). The sandbox must keep the snapshot out of
# reach.
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
path = os.path.join("@@COURSE@@", "@@SHARDS@@", "@@SNAPSHOT@@")
try:
    with open(path, "wb") as handle:
        handle.write(b"@@MARK@@ is not a gradebook\n" * 64)
    print("overwrote", path)
except OSError as error:
    print("cannot write", path, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
