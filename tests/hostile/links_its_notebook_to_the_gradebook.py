# Found by a red-team run: the kernel's working folder is where nbgrader then writes the
# autograded notebook, with the grader's rights and following links. This submission puts a
# link to the course's gradebook where its notebook will be written, a link to the source
# notebook beside it, and a folder named like a notebook. Nothing may be written through
# them: the grader vets the folder once the kernel is gone (grader.trusted.scratch).
# %% square
# @@CODE@@
import os

print("started-@@NAME@@")
notebook = [name for name in os.listdir(".") if name.endswith(".ipynb")][0]
os.remove(notebook)
os.symlink(os.path.join("@@COURSE@@", "gradebook.db"), notebook)
os.symlink(os.path.join("@@COURSE@@", "source", "99_tiny", "tiny.ipynb"), "copy_of_source.ipynb")
os.mkdir("folder.ipynb")


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
