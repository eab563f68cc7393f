# Kind 1: reads the course folder and prints it into its own output, where it would land in
# its autograded notebook and feedback: the instructor's source (solutions and hidden tests),
# every other student's submission, and the gradebook (the class roster, and the source
# cells nbgrader keeps). It looks in the course folder and in every folder above its own
# working folder (today a shard: a course folder of its own, holding copies of both).
# The sandbox must leave none of it readable.
# %% square
# @@CODE@@
import glob
import json
import os
import sqlite3

print("started-@@NAME@@")
course = "@@COURSE@@"
places = [course]
folder = os.getcwd()
while folder != os.path.dirname(folder):
    if folder not in places:
        places.append(folder)
    folder = os.path.dirname(folder)


def show_notebook(path):
    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
    except Exception as error:  # noqa: BLE001
        print("cannot read", path, type(error).__name__)
        return
    print(path)
    for cell in cells:
        source = cell.get("source", "")
        print("   ", repr(source if isinstance(source, str) else "".join(source))[:400])


for place in places:
    for path in sorted(glob.glob(os.path.join(place, "source", "*", "*.ipynb"))):
        show_notebook(path)
for path in sorted(glob.glob(os.path.join(course, "submitted", "*", "*", "*.ipynb"))):
    if "@@STUDENT@@" not in path:
        show_notebook(path)
for place in places:
    database = os.path.join(place, "gradebook.db")
    if not os.path.isfile(database):
        continue
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            for row in db.execute("select id, first_name, last_name, email from student"):
                print(database, row)
            for (source,) in db.execute("select source from source_cell"):
                print(database, repr(source)[:400])
    except Exception as error:  # noqa: BLE001
        print("cannot read", database, type(error).__name__)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
