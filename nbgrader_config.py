"""nbgrader configuration for Backprop Lab.

Instructor sources live in ``solutions/<assignment>/``; the student release that
``nbgrader generate_assignment`` produces is committed in ``notebooks/<assignment>/``.
The gradebook database and every grading folder live under ``build/`` (git-ignored).

nbgrader and the formgrader of a Jupyter server started in this folder load this file,
so it also puts the interpreter's scripts on PATH: nbgrader runs ``alembic`` by name
when it opens a new gradebook, and ``.venv/bin`` is not on PATH unless the venv is
activated (grader/trusted/interpreter_tools.py).
"""

import os
import sys

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///build/gradebook.db"
os.makedirs("build", exist_ok=True)  # sqlite creates the database file, not its folder
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

_scripts = os.path.dirname(sys.executable)  # the same rule as grader.trusted.interpreter_tools, which may not be importable here
if _scripts not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _scripts + os.pathsep + os.environ.get("PATH", "")
