# Extra kind: signals processes outside its kernel. It looks for a canary process the test
# started (standing for another student's kernel, or the grader) and kills it. The sandbox
# must not let the kernel see or signal any process but its own.
# %% square
# @@CODE@@
import os
import signal

print("started-@@NAME@@")
for entry in os.listdir("/proc"):
    if not entry.isdigit():
        continue
    try:
        with open(f"/proc/{entry}/cmdline", "rb") as handle:
            cmdline = handle.read()
    except OSError:
        continue
    if b"@@CANARY@@" in cmdline:
        try:
            os.kill(int(entry), signal.SIGKILL)
            print("killed", entry)
        except OSError as error:
            print("cannot kill", entry, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
