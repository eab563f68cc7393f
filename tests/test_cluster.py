"""Grading on a Dask cluster (grader.trusted.cluster): the command line, the faults, the refusals.

The tiny assignment of tests/test_classroom.py is graded on a ``LocalCluster`` of 2 worker
processes: from the command line (a glob character in an id, a hand-in time, no notebook);
by a worker that gives a task up past its budget; by workers with another grader; and, on a
cluster of its own, with a submission that kills every worker it is given.
tests/test_sample_class.py grades the whole sample class on a cluster while it kills a worker,
and compares it file for file with the local pool.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

pytest.importorskip("distributed")

import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from test_classroom import (ASSIGNMENT, KILL_THE_PARENT, KILLS_ITS_GRADER, MEMORY_LIMIT_MB, NOTEBOOK,  # noqa: E402
                            SUBMISSIONS, TIMEOUT, write_tiny_assignment)

from grader.trusted.cluster import WORKER_DIED, check_workers, local_cluster  # noqa: E402
from grader.trusted.course import CourseFolder  # noqa: E402
from grader.trusted.grading import GradingTask, snapshot_gradebook  # noqa: E402
from grader.trusted import shard_parcel  # noqa: E402
from grader.trusted.shard_parcel import (ClusterRefused, CourseParcel, grade_parcel, pack_course,  # noqa: E402
                                         pack_submission)
from grader.trusted.submissions import Edit, apply_edits  # noqa: E402

STUDENTS = ["perfect", "blank", "raises", "os_exit", "edits_tests", "not_json", "no_notebook"]
GLOB_STUDENT = "stu[3]"  # graded under an alias inside its shard (grader.trusted.grading.shard_student)
OTHER_GRADER = "backprop-lab 0.0.1, grader sources 000000000000"


@pytest.fixture(scope="module")
def cluster():
    with local_cluster(2) as running:
        yield running


@pytest.fixture(scope="module")
def solutions(tmp_path_factory):
    return write_tiny_assignment(tmp_path_factory.mktemp("solutions"))


def handed_in_course(root, solutions) -> CourseFolder:
    """The tiny course with STUDENTS' submissions (and GLOB_STUDENT's, a correct one), not graded."""
    course = CourseFolder(root, solutions, cell_timeout=TIMEOUT, memory_limit_mb=MEMORY_LIMIT_MB, workers=2)
    course.generate_release()
    release = course.released_notebook(ASSIGNMENT, NOTEBOOK)
    for student in STUDENTS:
        content = SUBMISSIONS[student][0]
        course.submit(student, ASSIGNMENT, NOTEBOOK, apply_edits(release, content) if isinstance(content, list)
                      else content)
    course.submit(GLOB_STUDENT, ASSIGNMENT, NOTEBOOK, course.source_notebook(ASSIGNMENT, NOTEBOOK))
    (course.root / "submitted" / "perfect" / ASSIGNMENT / "timestamp.txt").write_text("2026-03-01 12:00:00 UTC")
    return course


def test_the_command_line_grades_on_a_scheduler_and_says_graded_k_of_n(tmp_path, cluster, capsys):
    from nbgrader.api import Gradebook

    from grader.trusted.cli import main

    repository = tmp_path / "repository"
    write_tiny_assignment(repository / "solutions")
    course = CourseFolder(tmp_path / "course", repository / "solutions")
    course.generate_release()
    course.submit("perfect", ASSIGNMENT, NOTEBOOK, course.source_notebook(ASSIGNMENT, NOTEBOOK))
    course.submit(GLOB_STUDENT, ASSIGNMENT, NOTEBOOK, course.source_notebook(ASSIGNMENT, NOTEBOOK))
    course.submit("no_notebook", ASSIGNMENT, NOTEBOOK, None)
    (course.root / "submitted" / "perfect" / ASSIGNMENT / "timestamp.txt").write_text("2026-03-01 12:00:00 UTC")
    main(["--repository", str(repository), "autograde", str(course.root), "--scheduler", cluster.scheduler_address])
    printed = capsys.readouterr().out
    assert f"graded perfect{' ' * 18}{ASSIGNMENT:<26} 2/2" in printed
    assert printed.rstrip().endswith("graded 3 of 3")
    assert course.grade(ASSIGNMENT, GLOB_STUDENT).score == 2, "an id with glob characters is graded under its name"
    with Gradebook(course.config.CourseDirectory.db_url) as gradebook:
        handed_in = gradebook.find_submission(ASSIGNMENT, "perfect").timestamp
    assert handed_in.isoformat().startswith("2026-03-01T12:00:00"), "the hand-in time travels to the worker and back"


@pytest.fixture(scope="module")
def one_task(tmp_path_factory, solutions):
    """The class handed in, nothing graded, the gradebook snapshot taken: (its course parcel, the task of "perfect")."""
    course = handed_in_course(tmp_path_factory.mktemp("parcel"), solutions)
    snapshot_gradebook(course.root)
    task = GradingTask(str(course.root), ASSIGNMENT, "perfect", (NOTEBOOK,), TIMEOUT, MEMORY_LIMIT_MB)
    return pack_course(course.root, [ASSIGNMENT]), task


def test_a_cluster_with_another_grader_is_refused_before_grading(cluster):
    with Client(cluster) as client, pytest.raises(ClusterRefused) as refused:
        check_workers(client, OTHER_GRADER, sandbox=True)
    assert str(refused.value).count("it would grade differently") == 2 and OTHER_GRADER in str(refused.value)


def test_a_worker_with_another_grader_refuses_each_task(cluster, one_task):
    parcel, task = one_task
    with Client(cluster) as client:
        graded = client.submit(grade_parcel, CourseParcel(OTHER_GRADER, parcel.files), pack_submission(task)).result()
    assert not graded.outcome.success and "it would grade differently" in graded.outcome.log
    assert graded.files == {}


def test_a_task_over_its_budget_is_reported_and_its_worker_grades_nothing_beside_it(cluster, one_task):
    """The given-up grading goes on in its worker (a thread cannot be stopped): a task sent to the
    same worker waits for it, here within its budget, and is graded as usual."""
    parcel, task = one_task
    with Client(cluster) as client:
        worker = sorted(client.nthreads())[0]
        given_up = client.submit(grade_parcel, parcel, replace(pack_submission(task), budget_seconds=0.2),
                                 workers=[worker], pure=False).result()
        after = client.submit(grade_parcel, parcel, pack_submission(task), workers=[worker], pure=False).result()
    assert not given_up.outcome.success and "took more than 0.2 s" in given_up.outcome.log
    assert given_up.restart_worker == worker
    assert after.outcome.success and after.outcome.scores == {NOTEBOOK: {"square_tests": 1.0, "cube_tests": 1.0}}


def test_the_client_restarts_a_worker_that_gave_a_task_up(tmp_path, solutions, cluster, monkeypatch):
    monkeypatch.setattr(shard_parcel, "SUBMISSION_BUDGET_SECONDS", 0)  # the budget is set by the client
    monkeypatch.setattr(shard_parcel, "TASK_MARGIN_SECONDS", 0.2)
    course = CourseFolder(tmp_path / "course", solutions, cell_timeout=TIMEOUT, memory_limit_mb=MEMORY_LIMIT_MB)
    course.generate_release()
    course.submit("perfect", ASSIGNMENT, NOTEBOOK, course.source_notebook(ASSIGNMENT, NOTEBOOK))
    with Client(cluster) as watcher:
        before = set(watcher.run(os.getpid).values())
        (outcome,) = course.autograde_all(scheduler=cluster.scheduler_address)
        watcher.wait_for_workers(2, timeout=60)
        after = set(watcher.run(os.getpid).values())
    assert not outcome.success and "took more than 0.2 s" in outcome.log
    assert len(before - after) == 1, "the worker that gave the task up runs on"


HONEST = [f"honest_{number}" for number in range(2)]


def test_a_submission_that_kills_every_worker_it_meets_fails_alone(tmp_path, solutions):
    """Without the sandbox, a kernel can kill the worker process that grades it (its parent).
    The killer goes first, and 2 honest submissions share the 2 workers' queues with it: the scheduler
    blames the ones waiting on a worker the killer takes down. Every task given up is graded again
    alone, so only the killer ends without a grade."""
    course = CourseFolder(tmp_path / "course", solutions, cell_timeout=TIMEOUT, memory_limit_mb=MEMORY_LIMIT_MB,
                          sandbox=False)
    course.generate_release()
    course.submit(KILLS_ITS_GRADER, ASSIGNMENT, NOTEBOOK, apply_edits(
        course.released_notebook(ASSIGNMENT, NOTEBOOK), [Edit("replace", "square", KILL_THE_PARENT)]))
    for student in HONEST:
        course.submit(student, ASSIGNMENT, NOTEBOOK, course.source_notebook(ASSIGNMENT, NOTEBOOK))
    killer_first = [(student, ASSIGNMENT) for student in [KILLS_ITS_GRADER, *HONEST]]
    # A cluster of its own (a worker the killer takes may not come back), whose scheduler gives a task
    # up at its first dying worker: the killer costs 2 worker restarts rather than 4, and honest tasks
    # waiting beside it are all given up too, so the end-of-run regrading is what keeps their grades.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as its_own:
        outcomes = {outcome.task.student: outcome
                    for outcome in course.autograde_all(killer_first, scheduler=its_own.scheduler_address)}
    assert {student: (outcomes[student].success, course.grade(ASSIGNMENT, student).score) for student in HONEST} == {
        student: (True, 2) for student in HONEST}
    assert not outcomes[KILLS_ITS_GRADER].success and outcomes[KILLS_ITS_GRADER].log == WORKER_DIED
