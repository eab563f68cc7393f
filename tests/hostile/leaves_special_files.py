# Kind 7 (the worker's copies): leaves in its working folder (today the shard's autograded
# folder) a named pipe, a link to /dev/zero, a link to /etc/passwd and a 120 MiB sparse file.
# Whatever copies that folder next (today nbgrader, writing the feedback in the grading
# worker) blocks on the pipe, copies /dev/zero until the disk is full (the test caps the
# size of files the run may write) or copies /etc/passwd. The sandbox must copy back only
# what grading produces, never following a link or opening a special file.
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
for make in (lambda: os.mkfifo("pipe"), lambda: os.symlink("/dev/zero", "zero"),
             lambda: os.symlink("/etc/passwd", "passwd")):
    try:
        make()
    except OSError as error:
        print("cannot make a special file:", error)
try:
    with open("huge", "wb") as handle:
        handle.truncate(120 * 2**20)
except OSError as error:
    print("cannot make a huge file:", error)
print("left", sorted(os.listdir(".")))


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
