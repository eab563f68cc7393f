"""Grading on a Dask cluster: each (student, assignment) is one task, sent and returned as bytes.

``backprop-lab autograde COURSE --scheduler tcp://HOST:8786`` grades through
``grade_on_cluster`` instead of the local pool (grader.trusted.grading.run_tasks). Intake
and recording stay in this process, the client, which alone writes the course folder and
its gradebook; what a task carries is in grader.trusted.shard_parcel.

Faults:

- A worker that dies mid-task costs only its task. The scheduler hands every task the worker
  held to another worker, and gives up on a task that was on a dying worker twice
  (``SCHEDULER_CONFIG``; ``local_cluster`` sets it, a scheduler of your own needs it in its
  environment, see the README, or it tries 4 times). A task may have been given up only for
  waiting on a worker behind the task that killed it: every task given up is graded again
  at the end, alone on the cluster, as the local pool does (grader.trusted.grading.run_tasks).
  A task that kills its workers then too fails with ``WORKER_DIED``.
- A task past its budget is given up by its worker and reported as failed (shard_parcel); the
  client then restarts that worker, whose grading thread could not be stopped.
- A cluster whose workers run another grader, cannot sandbox, or run several threads is
  refused before anything is sent (``ClusterRefused``); a worker that joins later and
  differs refuses each task it is given.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import dask
from distributed import Client, LocalCluster, as_completed
from distributed.scheduler import KilledWorker

from grader.trusted.grading import GradingOutcome, GradingTask, discard_shard
from grader.trusted.shard_parcel import (ClusterRefused, CourseParcel, grade_parcel, pack_course, pack_submission,
                                         unpack_graded, worker_problem)

#: Tasks sent ahead per worker: one running, one waiting, so that a worker never idles while the
#: client takes the next hand-in in, and the client never holds the whole class in memory.
TASKS_AHEAD_PER_WORKER = 2
#: How a scheduler for grading should be configured (``DASK_DISTRIBUTED__SCHEDULER__…`` variables).
SCHEDULER_CONFIG = {
    "distributed.scheduler.allowed-failures": 1,  # a task whose worker died is retried once, elsewhere
}
#: Seconds to wait for a first worker to join the scheduler.
FIRST_WORKER_SECONDS = 60

WORKER_DIED = ("The cluster workers grading this submission died while grading it, also when it was graded "
               "alone: the submission kills the process that runs it. No grade was recorded.")


def grade_on_cluster(tasks: list[GradingTask], scheduler: str):
    """Yield the outcome of every task as it finishes, graded by the workers of ``scheduler``
    (``tcp://HOST:8786``). Tasks must share one course folder (their ``course_root``), whose
    gradebook snapshot is taken (grader.trusted.grading.snapshot_gradebook).

    Raises ClusterRefused before grading anything: no scheduler reached, workers unfit."""
    if not tasks:
        return
    (course,) = {Path(task.course_root) for task in tasks}
    try:
        client = Client(scheduler)
    except OSError as error:  # distributed raises OSError for a timeout too
        raise ClusterRefused(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    with client:
        parcel = pack_course(course, sorted({task.assignment for task in tasks}))
        sandbox = any(task.sandbox for task in tasks)
        check_workers(client, parcel.fingerprint, sandbox)
        shared = client.submit(_course_parcel, parcel, pure=False)  # sent to each worker once, not once per task
        running, sent, given_up = as_completed(), {}, []
        for task in tasks:
            discard_shard(course, task)  # left by a run that was stopped: a stale autograded notebook
            try:
                submission = pack_submission(task)
            except Exception:  # noqa: BLE001 - as a local worker would, this task fails, the others go on
                yield GradingOutcome(task, False, log=traceback.format_exc())
                continue
            if not submission.gradable:
                yield submission.outcome  # nothing nbgrader could run: no worker needed
                continue
            future = client.submit(grade_parcel, shared, submission, pure=False)
            sent[future.key] = submission
            running.add(future)
            if running.count() >= TASKS_AHEAD_PER_WORKER * max(1, len(client.nthreads())):  # workers come and go
                yield from _unless_given_up(client, next(running), sent, given_up)
        for future in running:
            yield from _unless_given_up(client, future, sent, given_up)
        for submission in given_up:  # alone on the cluster: no other task can kill its worker
            task = submission.outcome.task
            alone = client.submit(grade_parcel, shared, submission, pure=False)
            yield _received(client, alone, task) or GradingOutcome(task, False, log=WORKER_DIED)


def _course_parcel(parcel: CourseParcel) -> CourseParcel:
    """The parcel itself, as the result of a task rather than scattered data: when every worker
    that holds it has died, the scheduler runs this again instead of failing the tasks that need it."""
    return parcel


def _unless_given_up(client: Client, future, sent: dict, given_up: list):
    """Yield the outcome of a finished future, unless the scheduler gave its task up because
    workers died while they held it: then keep its submission in ``given_up``."""
    submission = sent.pop(future.key)
    outcome = _received(client, future, submission.outcome.task)
    if outcome is None:
        given_up.append(submission)
    else:
        yield outcome


def _received(client: Client, future, task: GradingTask) -> GradingOutcome | None:
    """The outcome of ``task``'s finished future, written into the course's shard folder; None if
    the scheduler gave the task up because workers died while they held it. Restarts a worker
    that gave its task up past the budget (shard_parcel.grade_parcel). Never raises."""
    try:
        graded = future.result()
        if graded.restart_worker:
            client.restart_workers([graded.restart_worker], timeout=FIRST_WORKER_SECONDS, raise_for_error=False)
        return unpack_graded(task, graded)
    except KilledWorker:
        return None
    except Exception:  # noqa: BLE001 - a lost scheduler, a refused file: this task fails, the others go on
        return GradingOutcome(task, False, log=traceback.format_exc())


def check_workers(client: Client, fingerprint: str, sandbox: bool) -> None:
    """Raise ClusterRefused unless every worker of ``client`` runs the grader ``fingerprint``, can
    sandbox (if ``sandbox``) and runs one thread (nbgrader keeps process-wide state: warning
    filters, the environment; a worker process grades one submission at a time)."""
    try:
        client.wait_for_workers(1, timeout=FIRST_WORKER_SECONDS)
    except TimeoutError:
        raise ClusterRefused(f"no worker joined the scheduler within {FIRST_WORKER_SECONDS} s: "
                             "start some with `dask worker SCHEDULER --nthreads 1`") from None
    problems = [f"{worker}: {problem}" for worker, problem in client.run(worker_problem, fingerprint, sandbox).items()
                if problem]
    problems += [f"{worker}: runs {threads} threads; start workers with --nthreads 1 (--nworkers for more)"
                 for worker, threads in client.nthreads().items() if threads != 1]
    if problems:
        raise ClusterRefused("the cluster cannot grade as this machine does:\n" + "\n".join(problems))


def local_cluster(workers: int) -> LocalCluster:
    """A cluster on this machine of ``workers`` worker processes of one thread, its scheduler
    configured with ``SCHEDULER_CONFIG``."""
    with dask.config.set(SCHEDULER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
