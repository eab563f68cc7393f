# Kind 5: starts 100 detached processes (each in a session of its own, outputs closed), each
# sleeping 10 minutes. The sandbox must kill every one of them with the kernel.
# %% square
# @@CODE@@
import shutil
import subprocess

print("started-@@NAME@@")
sleep = shutil.which("sleep") or "/bin/sleep"
started = 0
for _ in range(100):
    try:
        subprocess.Popen(["@@MARK@@", "600"], executable=sleep, start_new_session=True, close_fds=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started += 1
    except OSError as error:
        print("cannot start a sleeper:", error)
        break
print("started", started, "sleepers")


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
