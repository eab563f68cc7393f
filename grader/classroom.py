"""A course folder for grading, driven through nbgrader's Python API.

The tests, ``make demo`` and ``backprop-lab release`` all grade through this one
module, so the path that is tested is the path an instructor runs. A course folder
uses nbgrader's default layout below ``root``::

    source/<assignment>/<notebook>.ipynb            copied from solutions/
    release/<assignment>/<notebook>.ipynb           nbgrader generate_assignment
    submitted/<student>/<assignment>/<notebook>.ipynb
    autograded/...  feedback/...  gradebook.db
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from traitlets.config import Config

#: Seconds one cell may run during autograding before it is interrupted.
CELL_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class CellGrade:
    """Points a student earned in one graded cell."""

    grade_id: str
    score: float
    max_score: float


@dataclass(frozen=True)
class SubmissionGrade:
    """A student's grade for one assignment, with the per-cell breakdown."""

    student: str
    assignment: str
    score: float
    max_score: float
    cells: dict[str, CellGrade] = field(default_factory=dict)


def grading_config(root: Path) -> Config:
    """The nbgrader configuration of a course folder at ``root``."""
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__"]
    config.Execute.timeout = CELL_TIMEOUT_SECONDS
    config.Execute.interrupt_on_timeout = True
    return config


class CourseFolder:
    """An nbgrader course in ``root`` whose sources are copied from ``solutions``.

    ``assignments`` limits the course to some of the assignment folders (default: all).
    """

    def __init__(self, root: Path, solutions: Path, assignments: list[str] | None = None):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        for folder in sorted(Path(solutions).iterdir()):
            if folder.is_dir() and (assignments is None or folder.name in assignments):
                shutil.copytree(folder, self.root / "source" / folder.name, dirs_exist_ok=True)
        _put_interpreter_tools_on_path()
        from nbgrader.apps import NbGraderAPI

        self.api = NbGraderAPI(config=grading_config(self.root))

    @property
    def assignments(self) -> list[str]:
        """Assignment names: the folders of ``source/``, in order."""
        return sorted(p.name for p in (self.root / "source").iterdir() if p.is_dir())

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without ``.ipynb``) of one assignment."""
        return sorted(p.stem for p in (self.root / "source" / assignment).glob("*.ipynb"))

    def generate_release(self) -> Path:
        """Run ``nbgrader generate_assignment`` for every assignment; return ``release/``."""
        for assignment in self.assignments:
            _require_success(self.api.generate_assignment(assignment), f"release {assignment}")
        return self.root / "release"

    def source_notebook(self, assignment: str, notebook: str) -> nbformat.NotebookNode:
        return nbformat.read(self.root / "source" / assignment / f"{notebook}.ipynb", as_version=4)

    def released_notebook(self, assignment: str, notebook: str) -> nbformat.NotebookNode:
        return nbformat.read(self.root / "release" / assignment / f"{notebook}.ipynb", as_version=4)

    def submit(self, student: str, assignment: str, notebook: str,
               content: nbformat.NotebookNode | bytes) -> Path:
        """Place a student's notebook in ``submitted/``; bytes are written as they are."""
        path = self.root / "submitted" / student / assignment / f"{notebook}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
        return path

    def autograde(self, assignment: str, student: str) -> dict:
        """Run ``nbgrader autograde`` for one student; returns nbgrader's result dict."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLAlchemy warnings from inside nbgrader
            return self.api.autograde(assignment, student)

    def generate_feedback(self, assignment: str) -> Path:
        """Write the feedback HTML of every autograded student; return ``feedback/``."""
        _require_success(self.api.generate_feedback(assignment), f"feedback {assignment}")
        return self.root / "feedback"

    def grade(self, assignment: str, student: str) -> SubmissionGrade:
        """The recorded grade of one student's submission (0 for missing work)."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(grading_config(self.root).CourseDirectory.db_url) as gradebook:
            max_score = gradebook.find_assignment(assignment).max_score
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                return SubmissionGrade(student, assignment, 0.0, max_score)
            cells = {
                grade.name: CellGrade(grade.name, grade.score, grade.max_score)
                for notebook in submission.notebooks
                for grade in notebook.grades
            }
            return SubmissionGrade(student, assignment, submission.score, max_score, cells)


def _require_success(result: dict, what: str) -> None:
    if not result["success"]:
        raise RuntimeError(f"nbgrader could not {what}:\n{result['log']}\n{result.get('error', '')}")


def _put_interpreter_tools_on_path() -> None:
    """nbgrader runs ``alembic`` by name; make the running interpreter's scripts findable."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
