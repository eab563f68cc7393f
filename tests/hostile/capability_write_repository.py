# Capability: can the kernel write the repository? It appends a comment line to the grader
# package's __init__.py and creates a file next to it. The test looks at the files itself
# (and restores them afterwards whatever happens).
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
try:
    import grader
    package = os.path.dirname(os.path.abspath(grader.__file__))
except Exception:  # noqa: BLE001
    package = "@@CHECKER@@"
for path, mode in ((os.path.join(package, "__init__.py"), "a"),
                   (os.path.join(package, "hostile-@@MARK@@.txt"), "w")):
    try:
        with open(path, mode, encoding="utf-8") as handle:
            handle.write("@@APPENDED@@")
        print("wrote", path)
    except OSError as error:
        print("cannot write", path, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
