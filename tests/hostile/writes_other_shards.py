# Kind 4: writes into the other folders of COURSE/<shards folder>, where the other students
# are graded: it overwrites every file of a shard that stands for another student (a canary
# the test puts there before the run), and drops a file of its own into every other shard
# and its autograded folder (harmless to their grades, so that it never changes another
# attacker's outcome; it is copied back into the course when it lands in time).
# The sandbox must keep every other shard out of reach.
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
shards = os.path.join("@@COURSE@@", "@@SHARDS@@")
mine = os.path.abspath(os.getcwd())
try:
    entries = sorted(os.listdir(shards))
except OSError as error:
    entries = []
    print("cannot list", shards, error)
for entry in entries:
    folder = os.path.join(shards, entry)
    if not os.path.isdir(folder) or (mine + os.sep).startswith(folder + os.sep):
        continue
    try:
        if "canary" in entry:
            for place, _, files in os.walk(folder):
                for name in files:
                    path = os.path.join(place, name)
                    os.chmod(path, 0o644)
                    with open(path, "w") as handle:
                        handle.write("overwritten by @@MARK@@\n")
        targets = [folder] + [os.path.join(folder, "autograded", student, assignment)
                              for student in os.listdir(os.path.join(folder, "autograded"))
                              for assignment in os.listdir(os.path.join(folder, "autograded", student))] \
            if os.path.isdir(os.path.join(folder, "autograded")) else [folder]
        for target in targets:
            with open(os.path.join(target, "hostile-@@MARK@@.txt"), "w") as handle:
                handle.write("@@MARK@@ was here\n")
        print("wrote into", entry)
    except OSError as error:
        print("cannot write into", entry, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
