"""A course folder for grading, driven through nbgrader's Python API.

The tests, ``make demo`` and ``backprop-lab release`` all grade through this one
module, so the path that is tested is the path an instructor runs. A course folder
uses nbgrader's default layout below ``root``::

    source/<assignment>/<notebook>.ipynb            copied from solutions/
    release/<assignment>/<notebook>.ipynb           nbgrader generate_assignment
    submitted/<student>/<assignment>/<notebook>.ipynb   what the student handed in
    autograded/...  feedback/...  gradebook.db
    intake/<student>/<assignment>/record.json       status and intake notes (grader.trusted.intake_record)
    .grading/                                           scratch shards (grader.trusted.grading)

Autograding goes through grader.trusted.grading: each (student, assignment) is graded in
its own shard, several at a time, with the hardened execute step of
grader.trusted.execution, in a local pool or on a Dask cluster (grader.trusted.cluster);
only this process writes the course gradebook.
"""

from __future__ import annotations

import os
import shutil
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.trusted import grading
from grader.trusted.config import grading_config
from grader.trusted.grades_csv import write_grades_csv
from grader.trusted.intake_record import GRADED, HandInRecord, failed_status, read_record, recorded_students, write_record
from grader.limits import CELL_TIMEOUT_SECONDS, MEMORY_LIMIT_MB
from grader.trusted.sandbox import bwrap_executable


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


class CourseFolder:
    """An nbgrader course in ``root`` whose sources are copied from ``solutions``.

    ``assignments`` limits the course to some of the assignment folders (default: all);
    ``cell_timeout`` (seconds) and ``memory_limit_mb`` bound each grading kernel;
    ``workers`` is how many submissions are graded at once (default: one per core);
    ``sandbox=False`` runs grading kernels without grader.trusted.sandbox (only for machines that
    cannot have one: the progress line and every feedback page then say so).
    """

    def __init__(self, root: Path, solutions: Path, assignments: list[str] | None = None, *,
                 cell_timeout: int = CELL_TIMEOUT_SECONDS,
                 memory_limit_mb: int = MEMORY_LIMIT_MB,
                 workers: int | None = None, sandbox: bool = True):
        self.root = Path(root).resolve()
        self.sandbox = sandbox
        self.cell_timeout = cell_timeout
        self.memory_limit_mb = memory_limit_mb
        self.workers = workers or os.cpu_count() or 1
        self.root.mkdir(parents=True, exist_ok=True)
        for folder in sorted(Path(solutions).iterdir()):
            if folder.is_dir() and (assignments is None or folder.name in assignments):
                shutil.copytree(folder, self.root / "source" / folder.name, dirs_exist_ok=True)
        _put_interpreter_tools_on_path()
        _read_gradebook_schema_version_in_process()
        from nbgrader.apps import NbGraderAPI

        self.config = grading_config(self.root, cell_timeout, memory_limit_mb)
        self.api = NbGraderAPI(config=self.config)

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
               content: nbformat.NotebookNode | bytes | dict[str, bytes] | None) -> Path:
        """Place a student's notebook in ``submitted/``; return the assignment folder's notebook path.

        Bytes are written as they are; a dict ``{file name: bytes}`` is handed in as
        files under their own names (a renamed notebook, say); None hands in the
        assignment folder without the notebook.
        """
        path = self.root / "submitted" / student / assignment / f"{notebook}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, nbformat.NotebookNode):  # before dict: a NotebookNode is one
            nbformat.write(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            for name, data in content.items():
                (path.parent / name).write_bytes(data)
        return path

    def students(self) -> list[str]:
        """Everyone with a folder in ``submitted/``, in order."""
        folder = self.root / "submitted"
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []

    def autograde(self, assignment: str, student: str) -> dict:
        """Autograde one submission; returns ``{"success": bool, "log": str}`` like nbgrader."""
        (outcome,) = self.autograde_all([(student, assignment)], workers=1)
        return {"success": outcome.success, "log": outcome.log}

    def autograde_all(self, submissions: list[tuple[str, str]] | None = None,
                      workers: int | None = None, progress=None, feedback: bool = False,
                      scheduler: str | None = None) -> list:
        """Autograde ``(student, assignment)`` pairs (default: every submitted one), in parallel:
        ``workers`` at a time in a local pool, or on the Dask cluster of ``scheduler``
        (``tcp://HOST:8786``, grader.trusted.cluster; needs the ``cluster`` extra).

        Returns the grader.trusted.grading.GradingOutcome of each pair, in the order given.
        ``progress(outcome)`` is called as each one finishes. A pair whose grading
        fails leaves its grade untouched (its previous grade, if any, stays); its
        record (grader.trusted.intake_record) says ``failed: <why>``.
        With ``feedback``, each pair's feedback HTML is written as it is graded (by the
        grading workers, in parallel), as ``generate_feedback`` would write it.

        Grading always runs in worker processes of its own (grader.trusted.grading.run_tasks), so a
        script that calls this needs the ``if __name__ == "__main__":`` guard. Raises, before
        grading anything, SandboxUnavailable (no sandbox here) or, with ``scheduler``,
        ClusterRefused (no scheduler there, or workers unfit: grader.trusted.cluster).
        """
        if submissions is None:
            submissions = [(student, assignment) for student in self.students()
                           for assignment in self.assignments
                           if (self.root / "submitted" / student / assignment).is_dir()]
        if self.sandbox and not scheduler:  # on a cluster, each worker checks its own
            bwrap_executable()  # refuse before anything is graded: raises SandboxUnavailable, saying why
        grading.snapshot_gradebook(self.root)
        tasks = [grading.GradingTask(str(self.root), assignment, student, tuple(self.notebooks(assignment)),
                                     self.cell_timeout, self.memory_limit_mb, feedback, self.sandbox)
                 for student, assignment in submissions]
        if scheduler:
            from grader.trusted.cluster import grade_on_cluster  # Dask is an optional extra

            graded = grade_on_cluster(tasks, scheduler)
        else:
            graded = grading.run_tasks(tasks, workers or self.workers)
        outcomes = {}
        for outcome in graded:
            if outcome.success:
                self._record(outcome)
            else:
                self._record_failure(outcome)
            grading.discard_shard(self.root, outcome.task)
            outcomes[outcome.task] = outcome
            if progress:
                progress(outcome)
        return [outcomes[task] for task in tasks]

    def _record(self, outcome) -> None:
        """Write a successful outcome into the course: gradebook, autograded/, intake/."""
        from nbgrader.api import Gradebook

        task = outcome.task
        grading.copy_autograded(self.root, task)
        write_record(self.root, task.student, task.assignment,
                     HandInRecord(GRADED, list(outcome.notes), dict(outcome.problems)))
        if task.feedback:
            self._write_unreadable_notebook_pages(task.assignment, task.student)
        with _quiet(), Gradebook(self.config.CourseDirectory.db_url) as gradebook:
            gradebook.update_or_create_student(task.student)
            handed_in = {"timestamp": outcome.timestamp} if outcome.timestamp else {}
            submission = gradebook.update_or_create_submission(task.assignment, task.student, **handed_in)
            for notebook in submission.notebooks:
                scores = outcome.scores.get(notebook.name, {})
                comments = outcome.comments.get(notebook.name, {})
                for grade in notebook.grades:
                    # a notebook nbgrader did not run (missing, unreadable) scores 0
                    grade.auto_score = scores.get(grade.name, 0.0) if scores else 0.0
                    grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
                for comment in notebook.comments:
                    comment.auto_comment = comments.get(comment.name)
            gradebook.db.commit()

    def _record_failure(self, outcome) -> None:
        """Record that grading ``outcome``'s task failed, and why; its grade and notes stay as they were."""
        task = outcome.task
        record = read_record(self.root, task.student, task.assignment) or HandInRecord("")
        record.status = failed_status(outcome.log)
        write_record(self.root, task.student, task.assignment, record)

    def generate_feedback(self, assignment: str) -> Path:
        """Write the feedback HTML of every graded student; return ``feedback/``.

        Notebooks that could not be graded (missing, not a notebook) get a page
        saying why, with their score of 0.
        """
        if list((self.root / "autograded").glob(f"*/{assignment}/*.ipynb")):
            with _quiet():
                _require_success(self.api.generate_feedback(assignment), f"feedback {assignment}")
        self._write_unreadable_notebook_pages(assignment)
        return self.root / "feedback"

    def _write_unreadable_notebook_pages(self, assignment: str, student: str | None = None) -> None:
        """The feedback page of each notebook of ``student`` (default: all) nbgrader could not run."""
        from nbgrader.api import Gradebook

        from grader.trusted.feedback import unreadable_notebook_page

        students = recorded_students(self.root, assignment) if student is None else [student]
        records = {name: read_record(self.root, name, assignment) for name in students}
        problems = [(name, notebook, problem) for name, record in records.items() if record
                    for notebook, problem in record.problems.items()]
        if not problems:
            return
        with _quiet(), Gradebook(self.config.CourseDirectory.db_url) as gradebook:
            notebook_max = {nb.name: nb.max_score for nb in gradebook.find_assignment(assignment).notebooks}
        for name, notebook, problem in problems:
            page = self.root / "feedback" / name / assignment / f"{notebook}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(unreadable_notebook_page(name, assignment, notebook, problem,
                                                     notebook_max.get(notebook, 0.0)), encoding="utf-8")

    def export_grades(self, path: Path) -> Path:
        """Write the grades CSV (grader.trusted.grades_csv): nbgrader's columns, one row per student and
        assignment, every student who handed in, with ``status`` and ``intake_notes``."""
        with _quiet():
            return write_grades_csv(self, path)

    def describe(self, outcome) -> str:
        """One progress line for a grading outcome: the grade, or why it failed and its log."""
        task = outcome.task
        if outcome.success:
            grade = self.grade(task.assignment, task.student)
            unsandboxed = "" if task.sandbox else "  (graded without a sandbox)"
            return f"  graded {task.student:<24} {task.assignment:<26} {grade.score:g}/{grade.max_score:g}{unsandboxed}"
        return (f"  FAILED {task.student:<24} {task.assignment:<26} (grade left as it was; log below)\n"
                + outcome.log[-2000:])

    def grade(self, assignment: str, student: str) -> SubmissionGrade:
        """The recorded grade of one student's submission (0 for missing work)."""
        from nbgrader.api import Gradebook, MissingEntry

        with _quiet(), Gradebook(self.config.CourseDirectory.db_url) as gradebook:
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


@contextmanager
def _quiet():
    """Silence SQLAlchemy and traitlets warnings raised from inside nbgrader."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _require_success(result: dict, what: str) -> None:
    if not result["success"]:
        raise RuntimeError(f"nbgrader could not {what}:\n{result['log']}\n{result.get('error', '')}")


def _read_gradebook_schema_version_in_process() -> None:
    """nbgrader asks a fresh ``alembic heads`` subprocess for the schema version of each new
    gradebook (seconds of start-up on a busy machine); read it once from nbgrader's own
    migration scripts instead. Same answer, no subprocess."""
    import nbgrader.api
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    if getattr(nbgrader.api.get_alembic_version, "in_process", False):
        return
    alembic = AlembicConfig()
    alembic.set_main_option("script_location", ALEMBIC_DIR)
    head = ScriptDirectory.from_config(alembic).get_current_head()

    def get_alembic_version() -> str:
        return head

    get_alembic_version.in_process = True
    nbgrader.api.get_alembic_version = get_alembic_version


def _put_interpreter_tools_on_path() -> None:
    """nbgrader runs ``alembic`` by name; make the running interpreter's scripts findable."""
    from grader.trusted.interpreter_tools import put_interpreter_tools_on_path

    put_interpreter_tools_on_path()
