# Capability: can the kernel read the course folder? It opens the instructor's source notebook,
# an honest student's submission and the gradebook, by their absolute paths, and prints what
# it read. The test looks for the instructor's and the student's secret tokens in its outputs.
# %% square
# @@CODE@@
import glob
import json
import os
import sqlite3

print("started-@@NAME@@")
course = "@@COURSE@@"
for path in sorted(glob.glob(os.path.join(course, "source", "*", "*.ipynb"))) + \
        sorted(glob.glob(os.path.join(course, "submitted", "*honest*", "*", "*.ipynb"))):
    try:
        with open(path, encoding="utf-8") as handle:
            for cell in json.load(handle)["cells"]:
                source = cell.get("source", "")
                print(repr(source if isinstance(source, str) else "".join(source))[:400])
    except Exception as error:  # noqa: BLE001
        print("cannot read", path, type(error).__name__, error)
try:
    with sqlite3.connect(f"file:{os.path.join(course, 'gradebook.db')}?mode=ro", uri=True) as db:
        print(db.execute("select id, last_name from student").fetchall())
except Exception as error:  # noqa: BLE001
    print("cannot read the gradebook", type(error).__name__, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
