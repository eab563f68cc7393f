"""A grading shard as bytes: what a cluster worker is sent, and what it sends back.

Cluster workers (grader.trusted.cluster) share no file system with the client. The client
takes each hand-in in (grader.trusted.intake) in its own course folder, where links, pipes
and oversized files are judged as the local pool judges them, and sends what the shard
needs as plain bytes: the notebooks after intake (``SubmissionParcel``, one per task) and,
once per run, the assignments' source and release and the gradebook snapshot
(``CourseParcel``). The worker lays the shard out in a temporary folder of its own,
autogrades it with the local pool's code (grader.trusted.grading.autograde_shard) and sends
back the outcome with the autograded notebooks and feedback pages (``GradedParcel``,
regular files only, grader.trusted.scratch). The client writes those into the course's
shard folder, from where they are recorded as a local pool's are.
"""

from __future__ import annotations

import copy
import socket
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from grader.limits import SUBMISSION_BUDGET_SECONDS, TASK_MARGIN_SECONDS
from grader.trusted.fingerprint import grader_fingerprint
from grader.trusted.grading import (SHARDS, SNAPSHOT, GradingOutcome, GradingTask, autograde_shard, graded_folders,
                                    intake_folder, shard_folder, shard_student, take_in_task)
from grader.trusted.interpreter_tools import put_interpreter_tools_on_path
from grader.trusted.sandbox import SandboxUnavailable, bwrap_executable
from grader.trusted.scratch import read_regular_files, remove_tree, write_files

GRADEBOOK = "gradebook.db"  # the shard's gradebook, a copy of the run's snapshot


@dataclass(frozen=True)
class CourseParcel:
    """What every task of a run shares; sent to each worker once."""

    fingerprint: str  # the client's grader (grader.trusted.fingerprint)
    files: dict[str, bytes]  # gradebook.db, source/<assignment>/…, release/<assignment>/…


@dataclass(frozen=True)
class SubmissionParcel:
    """One task: the student's notebooks after intake, and what intake found."""

    outcome: GradingOutcome  # the task, intake's problems and notes; the rest is filled in by grading
    files: dict[str, bytes]  # the intake folder: <notebook>.ipynb, timestamp.txt
    gradable: bool  # False: nothing nbgrader could run, the outcome is final without a worker
    budget_seconds: float  # how long the worker waits for it (grader.limits)


@dataclass(frozen=True)
class GradedParcel:
    """What grading one task produced: the outcome, and ``files[folder]`` the student's files of
    that graded folder (autograded, feedback), relative to ``<folder>/<student>/<assignment>``.
    ``restart_worker``: the address of the worker that gave the task up past its budget and must
    be restarted by the client (its grading thread cannot be stopped), or None."""

    outcome: GradingOutcome
    files: dict[str, dict[str, bytes]]
    restart_worker: str | None = None


def pack_course(course: Path, assignments: list[str]) -> CourseParcel:
    """The gradebook snapshot (grader.trusted.grading.snapshot_gradebook, taken before) and the
    source and release of ``assignments``, read from the course folder ``course``."""
    files = {GRADEBOOK: (Path(course) / SHARDS / SNAPSHOT).read_bytes()}
    for folder in ("source", "release"):
        for assignment in assignments:
            for name, data in read_regular_files(Path(course) / folder / assignment).items():
                files[f"{folder}/{assignment}/{name}"] = data
    return CourseParcel(grader_fingerprint(), files)


def pack_submission(task: GradingTask) -> SubmissionParcel:
    """Take the task's hand-in in (in a temporary folder of this machine) and pack the result.

    Raises what reading the course's release raises (OSError, a malformed notebook)."""
    with tempfile.TemporaryDirectory(prefix="bplab-intake-") as scratch:
        target = Path(scratch) / "intake"
        intake = take_in_task(task, target)
        files = read_regular_files(target)
    outcome = GradingOutcome(task, True, problems=intake.problems, notes=intake.notes)
    budget = SUBMISSION_BUDGET_SECONDS * len(task.notebooks) + TASK_MARGIN_SECONDS
    return SubmissionParcel(outcome, files, bool(intake.gradable), budget)


class ClusterRefused(Exception):
    """The cluster cannot grade as this machine would: no scheduler reached, no worker, or workers
    with another grader, no sandbox or several threads; the message says which and what to do.
    (Here, not in grader.trusted.cluster, so that catching it needs no Dask.)"""


def worker_problem(fingerprint: str, sandbox: bool) -> str:
    """Why this process cannot grade for a client whose grader is ``fingerprint`` ("" if it can)."""
    here = grader_fingerprint()
    if here != fingerprint:
        return (f"the worker on {socket.gethostname()} runs {here}, the client {fingerprint}: it would grade "
                "differently, so it grades nothing; install the client's version on every worker and restart them")
    if sandbox:
        try:
            bwrap_executable()
        except SandboxUnavailable as error:
            return f"the worker on {socket.gethostname()} cannot sandbox student code: {error}"
    return ""


def grade_parcel(course: CourseParcel, submission: SubmissionParcel) -> GradedParcel:
    """Grade one task on a worker; never raises (a failure is an unsuccessful outcome).

    A worker with another grader or no sandbox refuses (``worker_problem``). Grading runs in a
    thread of its own, waited for ``submission.budget_seconds``: past that, the task is reported
    as failed, and its worker asks the client to restart it (``GradedParcel.restart_worker``).
    Until then no other grading starts beside the given-up thread, which nbgrader's process-wide
    state (working folder, logging, configuration) does not allow: a task waits for it, within
    its own budget, or fails saying so."""
    task = submission.outcome.task
    problem = worker_problem(course.fingerprint, task.sandbox) or _wait_for_given_up(submission.budget_seconds)
    if problem:
        return GradedParcel(GradingOutcome(task, False, log=problem), {})
    graded, folder = [], _worker_folder()  # here: Dask knows its worker in the task's thread only
    grading = threading.Thread(target=lambda: graded.append(_grade_parcel(course, submission, folder)), daemon=True)
    grading.start()
    grading.join(submission.budget_seconds)
    if not graded:
        _GIVEN_UP.append(grading)
        return GradedParcel(GradingOutcome(task, False, log=OVER_BUDGET.format(budget=submission.budget_seconds)), {},
                            restart_worker=_worker_address())
    return graded[0]


OVER_BUDGET = ("Grading this submission took more than {budget:g} s on its cluster worker (the budget of its notebooks "
               "and a margin, grader.limits), so it was given up. No grade was recorded.")
STILL_GRADING = ("The cluster worker given this submission was still busy with one it had given up, for longer than "
                 "this submission's budget of {budget:g} s, so it did not grade it. No grade was recorded.")
#: Grading threads of this worker process given up past their budget (grade_parcel).
_GIVEN_UP: list[threading.Thread] = []


def _wait_for_given_up(budget_seconds: float) -> str:
    """Wait up to ``budget_seconds`` for the given-up gradings of this process to end: "" once
    they have, else why the task is refused."""
    deadline = time.monotonic() + budget_seconds
    for thread in list(_GIVEN_UP):
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            return STILL_GRADING.format(budget=budget_seconds)
        _GIVEN_UP.remove(thread)
    return ""


def _grade_parcel(course: CourseParcel, submission: SubmissionParcel, folder: str | None) -> GradedParcel:
    """Grade in a temporary folder in ``folder`` (None: the system's)."""
    outcome = copy.deepcopy(submission.outcome)
    task = outcome.task
    try:
        with tempfile.TemporaryDirectory(prefix="bplab-shard-", dir=folder, ignore_cleanup_errors=True) as scratch:
            shard = Path(scratch) / "shard"
            write_files(_files_of(course, task.assignment), shard)
            intake_folder(shard, task).mkdir(parents=True)
            write_files(submission.files, intake_folder(shard, task))
            put_interpreter_tools_on_path()  # nbgrader runs alembic by name
            autograde_shard(shard, outcome)
            files = {folder: read_regular_files(shard / folder / shard_student(task) / task.assignment)
                     for folder in graded_folders(task)}
        return GradedParcel(outcome, files)
    except BaseException:  # noqa: BLE001 - report everything, a worker must not die
        return GradedParcel(GradingOutcome(task, False, log=traceback.format_exc()), {})


def _worker_folder() -> str | None:
    """The Dask worker's own folder, where a shard is laid out: Dask removes the folder of a worker
    that was killed (a shard of its included) when the next worker starts. None outside a worker."""
    worker = _this_worker()
    return worker.local_directory if worker else None


def _worker_address() -> str | None:
    """The address of the Dask worker running this task, None outside a worker."""
    worker = _this_worker()
    return worker.address if worker else None


def _this_worker():
    from distributed import get_worker  # only workers call this: the client needs no Dask to import this module

    try:
        return get_worker()
    except ValueError:  # not in a worker
        return None


def _files_of(course: CourseParcel, assignment: str) -> dict[str, bytes]:
    """The shard's files for one assignment: the gradebook, its source and its release."""
    prefixes = (f"source/{assignment}/", f"release/{assignment}/")
    return {name: data for name, data in course.files.items() if name == GRADEBOOK or name.startswith(prefixes)}


def unpack_graded(task: GradingTask, graded: GradedParcel) -> GradingOutcome:
    """Write what a worker sent back for ``task`` into its shard folder of the course (as if graded
    there) and return the outcome, for ``task`` (the worker's copy of the task is not trusted).

    Raises ValueError for a folder or file name that would leave its place, before writing it."""
    unexpected = set(graded.files) - set(graded_folders(task))
    if unexpected:
        raise ValueError(f"the worker sent back {sorted(unexpected)}, not graded folders of {task.assignment}")
    shard = shard_folder(Path(task.course_root), task)
    remove_tree(shard)
    for folder, files in graded.files.items():
        write_files(files, shard / folder / shard_student(task) / task.assignment)
    return replace(graded.outcome, task=task)
