# Kind 9: a detached child (its own session) that inherits every pipe the kernel holds, among
# them the grading run's own stdout and stderr, and sleeps 10 minutes: whoever reads the run's
# output never sees it end. The sandbox must kill it with the kernel (and give the kernel no
# descriptor of the run's output in the first place).
# %% square
# @@CODE@@
import os
import shutil
import subprocess

print("started-@@NAME@@")
pipes = []
for name in os.listdir("/proc/self/fd"):
    try:
        if os.readlink(f"/proc/self/fd/{name}").startswith("pipe:"):
            pipes.append(int(name))
    except OSError:
        pass
child = subprocess.Popen(["@@MARK@@", "600"], executable=shutil.which("sleep") or "/bin/sleep",
                         start_new_session=True, stdin=subprocess.DEVNULL, pass_fds=pipes)
print("the child", child.pid, "holds", len(pipes), "pipes")


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
