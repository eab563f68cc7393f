# Kind 2: rewrites the repository's checker. It finds the installed grader package through
# `import grader` (or, if that fails, where the test says the package is) and appends a line
# to its testing.py, wherever the package keeps it. The line is a comment, so the checker
# still works for everyone graded at the same time; the test restores the file afterwards
# whatever happens. The sandbox must leave the repository read-only.
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
try:
    import grader
    package = os.path.dirname(os.path.abspath(grader.__file__))
except Exception:  # noqa: BLE001
    package = "@@CHECKER@@"
for folder, _, files in os.walk(package):
    if "testing.py" in files:
        path = os.path.join(folder, "testing.py")
        try:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("@@APPENDED@@")
            print("rewrote", path)
        except OSError as error:
            print("cannot write", path, error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
