# Kind 7 (the parent's copy-back): the same named pipe, links to /dev/zero and /etc/passwd and
# sparse file, but with names nbgrader is told to ignore (*.pyc), so that nbgrader's own steps
# in the worker skip them and only the grading run's parent process meets them, when it
# copies the shard's autograded folder into the course. The test grades it second to last.
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
for make in (lambda: os.mkfifo("pipe.pyc"), lambda: os.symlink("/dev/zero", "zero.pyc"),
             lambda: os.symlink("/etc/passwd", "passwd.pyc")):
    try:
        make()
    except OSError as error:
        print("cannot make a special file:", error)
try:
    with open("huge.pyc", "wb") as handle:
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
