"""nbgrader configuration for Backprop Lab.

Instructor sources live in ``solutions/<assignment>/``; the student release that
``nbgrader generate_assignment`` produces is committed in ``notebooks/<assignment>/``.
The gradebook database and every grading folder live under ``build/`` (git-ignored).
"""

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///build/gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
