"""Autograde submissions in isolated shards, in parallel, and merge the grades.

nbgrader keeps its gradebook in one sqlite file and autogrades one student at a
time. To grade independent students in parallel without sharing that file between
processes (sqlite locking under concurrent writers fails with "database is locked"),
every (student, assignment) is graded in its own *shard*: a scratch course folder
under ``<course>/.grading/`` with the assignment's source and release, a snapshot of
the gradebook and the student's notebooks after intake (grader.trusted.intake). nbgrader
autogrades the shard; the grades (per cell) come back to the parent process, which
alone writes the course's gradebook and copies the autograded notebooks in. The
autograde step (``autograde_shard``) reads and writes nothing but its shard, so a
cluster worker runs it too, on a shard sent as bytes (grader.trusted.shard_parcel).

A shard that fails in any way (nbgrader error, a worker process dying) changes
nothing in the course: a grade already recorded is never lost, and no other
student's grade is touched (a submission that kills its worker costs the others a
regrade, not their grade: see ``run_tasks``).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import nbformat

from grader.trusted.config import VERDICTS, grading_config
from grader.trusted.scratch import copy_regular_files, remove_tree
from grader.trusted.intake import SubmissionIntake, take_in

SHARDS = ".grading"
SNAPSHOT = "gradebook-snapshot.db"


@dataclass(frozen=True)
class GradingTask:
    """One student's submission of one assignment, in the course folder at ``course_root``."""

    course_root: str
    assignment: str
    student: str
    notebooks: tuple[str, ...]
    cell_timeout: int
    memory_limit_mb: int
    feedback: bool = False  # also write the student's feedback HTML (in the worker, in parallel)
    sandbox: bool = True  # run the kernel in grader.trusted.sandbox (False only for --no-sandbox)


@dataclass
class GradingOutcome:
    """What grading a task produced; ``scores[notebook][grade_id]`` is nbgrader's auto score."""

    task: GradingTask
    success: bool
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    comments: dict[str, dict[str, str | None]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what intake repaired or guessed (grader.trusted.intake)
    timestamp: str | None = None  # when it was handed in (timestamp.txt), for late penalties
    log: str = ""


def grade_in_shard(task: GradingTask) -> GradingOutcome:
    """Grade one task in its own shard; never raises (a failure is an unsuccessful outcome)."""
    try:
        return _grade_in_shard(task)
    except BaseException:  # noqa: BLE001 - report everything, a worker must not die
        return GradingOutcome(task, False, log=traceback.format_exc())


def _grade_in_shard(task: GradingTask) -> GradingOutcome:
    course = Path(task.course_root)
    shard = shard_folder(course, task)
    remove_tree(shard)
    for folder in ("source", "release"):
        shutil.copytree(course / folder / task.assignment, shard / folder / task.assignment)
    shutil.copyfile(course / SHARDS / SNAPSHOT, shard / "gradebook.db")
    intake = take_in_task(task, intake_folder(shard, task))
    outcome = GradingOutcome(task, True, problems=intake.problems, notes=intake.notes)
    if intake.gradable:  # else nothing nbgrader could run: every notebook scores 0
        autograde_shard(shard, outcome)
    return outcome


def take_in_task(task: GradingTask, target: Path) -> SubmissionIntake:
    """Intake (grader.trusted.intake) of the task's hand-in, from its course folder into ``target`` (made here)."""
    course = Path(task.course_root)
    target.mkdir(parents=True)
    releases = {notebook: nbformat.read(course / "release" / task.assignment / f"{notebook}.ipynb", as_version=4)
                for notebook in task.notebooks}
    return take_in(course / "submitted" / task.student / task.assignment, target, releases)


def intake_folder(shard: Path, task: GradingTask) -> Path:
    """Where the shard holds the student's notebooks after intake, for nbgrader to grade."""
    return shard / "submitted" / shard_student(task) / task.assignment


def autograde_shard(shard: Path, outcome: GradingOutcome) -> None:
    """Run nbgrader's autograde (and feedback, if asked) of ``outcome.task`` in ``shard``, a course
    folder with the assignment's source and release, a gradebook and the notebooks after intake;
    record in ``outcome`` the scores, comments, hand-in time, log and success.

    Uses only ``shard``, never the task's course folder, so it runs as well on a cluster worker
    (grader.trusted.shard_parcel). Raises what nbgrader raises."""
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI

    task = outcome.task
    config = grading_config(shard, task.cell_timeout, task.memory_limit_mb, task.sandbox)
    api = NbGraderAPI(config=config)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy and traitlets chatter from inside nbgrader
        result = api.autograde(task.assignment, shard_student(task))
    outcome.log = result.get("log", "") + result.get("error", "")
    if not result["success"]:
        outcome.success = False
        return
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        submission = gradebook.find_submission(task.assignment, shard_student(task))
        outcome.timestamp = submission.timestamp.isoformat() if submission.timestamp else None
        for notebook in submission.notebooks:
            outcome.scores[notebook.name] = judged_scores(shard, notebook)
            outcome.comments[notebook.name] = {c.name: c.auto_comment for c in notebook.comments}
    if task.feedback:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = api.generate_feedback(task.assignment, shard_student(task))
        if not result["success"]:
            outcome.success = False
            outcome.log += result.get("log", "") + result.get("error", "")


class VerdictMismatch(Exception):
    """nbgrader scored a test cell otherwise than the judge decided: a bug of the pipeline."""


def judged_scores(shard: Path, notebook) -> dict[str, float | None]:
    """The auto scores of one graded notebook (``nbgrader.api.SubmittedNotebook``): for every
    test cell, from the judge's verdict (grader.trusted.judge, written by GradingExecute); for
    any other graded cell, nbgrader's (None for a manually graded answer).

    nbgrader's own score of a test cell is read from the outputs the judge wrote, so the two
    must agree; ``VerdictMismatch`` if they do not."""
    verdicts_file = shard / VERDICTS / f"{notebook.name}.json"
    verdicts = json.loads(verdicts_file.read_text()) if verdicts_file.is_file() else {}
    scores = {}
    for grade in notebook.grades:
        if grade.name in verdicts:
            scores[grade.name] = grade.max_score if verdicts[grade.name] is True else 0.0
            if grade.auto_score != scores[grade.name]:
                raise VerdictMismatch(f"{notebook.name}, {grade.name}: the judge gives {scores[grade.name]}, "
                                      f"nbgrader {grade.auto_score}")
        else:
            scores[grade.name] = grade.auto_score
    return scores


def shard_folder(course: Path, task: GradingTask) -> Path:
    """The scratch course folder in which ``task`` is graded."""
    return Path(course) / SHARDS / f"{task.assignment}__{shard_student(task)}"


def shard_student(task: GradingTask) -> str:
    """The student's id inside the shard: the real one, unless it has glob characters.

    nbgrader uses a student id as a glob pattern and then globs the paths it found
    again, so ``stu[3]`` matches ``stu3`` or nothing, and escaping cannot help. Inside
    the shard such an id becomes a literal alias (glob characters replaced, a hash of
    the id appended so aliases stay distinct); grades come back under the real id."""
    if not glob.has_magic(task.student):
        return task.student
    return re.sub(r"[][*?]", "_", task.student) + "-" + hashlib.sha256(task.student.encode()).hexdigest()[:8]


def snapshot_gradebook(course: Path) -> None:
    """Copy the course gradebook for the shards (assignments, notebooks and cells)."""
    import sqlite3

    (course / SHARDS).mkdir(parents=True, exist_ok=True)
    target = course / SHARDS / SNAPSHOT
    target.unlink(missing_ok=True)
    with sqlite3.connect(course / "gradebook.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)


def run_tasks(tasks: list[GradingTask], workers: int):
    """Yield the outcome of every task as it finishes, grading ``workers`` at a time.

    Tasks are always graded in worker processes, never in this one: a submission can
    kill the process that grades it (``os.kill(os.getppid(), 9)`` from its kernel).
    That breaks the whole pool, and every task in it fails with it. Tasks that had
    not started yet are graded again in a fresh pool; the ones that were running
    (their shard folder exists) are graded again one by one, each in a process of its
    own, so that only the submission that kills its grader ends up without a grade.
    """
    queue = list(tasks)
    with tempfile.TemporaryDirectory(prefix="bplab-run-", ignore_cleanup_errors=True) as sockets:
        while queue:
            for task in queue:
                discard_shard(Path(task.course_root), task)
            broken = []
            for task, outcome in _run_in_pool(queue, workers, sockets):
                if outcome is None:
                    broken.append(task)
                else:
                    yield outcome
            started = [task for task in broken if shard_folder(Path(task.course_root), task).exists()]
            queue = [task for task in broken if task not in started]
            for task in started:
                [(_, outcome)] = _run_in_pool([task], 1, sockets)
                yield outcome or GradingOutcome(task, False, log=WORKER_DIED)


WORKER_DIED = ("The process grading this submission died while grading it, also when it was graded "
               "alone: the submission kills the process that runs it. No grade was recorded.")


def _run_in_pool(tasks: list[GradingTask], workers: int, sockets: str):
    """``(task, outcome)`` as each task finishes in a new pool; outcome None if the pool broke.

    The kernels make their socket directories in ``sockets``."""
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(tasks))), mp_context=_worker_context(),
                             initializer=_start_worker, initargs=(sockets, dict(os.environ))) as pool:
        futures = {pool.submit(grade_in_shard, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except BrokenProcessPool:
                yield futures[future], None
            except BaseException:  # noqa: BLE001 - the task could not even be sent or received
                yield futures[future], GradingOutcome(futures[future], False, log=traceback.format_exc())


def copy_autograded(course: Path, task: GradingTask) -> None:
    """Replace the course's autograded notebooks (and feedback, if made) of ``task`` with the shard's.

    The kernel could write in the autograded folder (its working folder): only its regular
    files are copied (grader.trusted.scratch)."""
    for folder in graded_folders(task):
        source = shard_folder(course, task) / folder / shard_student(task) / task.assignment
        target = course / folder / task.student / task.assignment
        remove_tree(target)
        if source.is_dir() and not source.is_symlink():
            copy_regular_files(source, target)


def graded_folders(task: GradingTask) -> tuple[str, ...]:
    """The folders of a shard (and of the course) where grading ``task`` writes the student's files."""
    return ("autograded", "feedback") if task.feedback else ("autograded",)


def discard_shard(course: Path, task: GradingTask) -> None:
    remove_tree(shard_folder(course, task))


#: What grading imports (about 2 s of CPU), imported once by the process that forks the workers.
WORKER_PRELOAD = ["grader.trusted.grading", "grader.trusted.config", "nbgrader.apps", "nbgrader.api",
                  "matplotlib.font_manager"]  # the kernels' font list (grader.trusted.kernel)


def _worker_context():
    """Workers are forked from multiprocessing's *forkserver*, a process started (once, by the
    first pool) for that alone, which has imported ``WORKER_PRELOAD`` and run nothing else: a
    worker starts with the grading code loaded, where a spawned one spent about 2 s of CPU
    importing it. Never forked from this process: nbgrader, zmq and asyncio do not survive a
    fork of a process that has used them."""
    context = get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def _start_worker(sockets: str, environment: dict[str, str]) -> None:
    """Worker start-up: this process's environment as it is now (the forkserver's is the one it
    was started with), kernel sockets under ``sockets``, no warnings on the console."""
    from grader.trusted.kernel import SOCKET_ROOT_VARIABLE

    os.environ.clear()
    os.environ.update(environment)
    os.environ[SOCKET_ROOT_VARIABLE] = sockets
    tempfile.tempdir = None  # found again from the environment (TMPDIR) at its next use
    warnings.simplefilter("ignore")
    sys.stderr.flush()
