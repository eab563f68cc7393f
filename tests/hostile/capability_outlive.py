# Capability: can a process started by the kernel outlive it? A double fork with a new session
# in between, so init adopts the grandchild: it closes every inherited descriptor and becomes
# `sleep 60`. The test looks for it in /proc after the run.
# %% square
# @@CODE@@
import os
import shutil

print("started-@@NAME@@")
sleep = shutil.which("sleep") or "/bin/sleep"
child = os.fork()
if child == 0:
    try:
        os.setsid()
        if os.fork() == 0:
            null = os.open(os.devnull, os.O_RDWR)
            for descriptor in (0, 1, 2):
                os.dup2(null, descriptor)
            os.closerange(3, 65536)
            os.execv(sleep, ["@@MARK@@", "60"])
    finally:
        os._exit(0)
os.waitpid(child, 0)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
