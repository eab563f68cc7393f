"""What does grading on a Dask cluster cost, compared with the local pool?

Grades the bundled sample class (samples/, every assignment of solutions/, or those of
``--assignment``) from the same hand-ins, each run in a fresh copy of the course folder,
and prints in one run seconds per submission (wall time / submissions):

- in the local pool with 2 workers (grader.trusted.grading.run_tasks);
- on a ``LocalCluster`` with 1 worker and with 2 workers (grader.trusted.cluster,
  ``autograde_all(scheduler=...)``), the cluster started beforehand (a real one is long-lived);

then the cluster's scaling ratio (1 worker / 2 workers); the per-task overhead of the
cluster path: with 1 worker, the wall time the worker spent not running a task (intake and
packing on the client, transport, scheduling), per submission, from Dask's task stream;
whether all runs gave the same grades; and the time for 1,000 students × 4 assignments on
N workers at the measured cost per submission of one worker (overhead included).

On 2 cores, 2 workers are the whole machine and more: a grading runs nbgrader and a kernel
side by side, so a scaling ratio near 2 needs a core per worker and then some.

    .venv/bin/python benchmarks/cluster_speed.py [--assignment 01_numerical_derivatives ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The class of the on-paper estimate: 1,000 students × 4 assignments.
CLASS_SUBMISSIONS = 1000 * 4
ESTIMATE_WORKERS = (2, 8, 32, 128)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", action="append", dest="assignments", default=None,
                        help="grade only this assignment (repeatable; default: all)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT))
    from distributed import Client, get_task_stream

    from grader.trusted.cluster import local_cluster
    from grader.trusted.course import CourseFolder
    from grader.trusted.demo import hand_in_class
    from grader.trusted.gradebook import grade_table

    def say(message: str) -> None:
        print(message, flush=True)

    with tempfile.TemporaryDirectory() as scratch:
        handed_in = CourseFolder(Path(scratch) / "handed-in", ROOT / "solutions", args.assignments)
        handed_in.generate_release()
        students = hand_in_class(handed_in, ROOT / "samples")
        submissions = len(students) * len(handed_in.assignments)
        say(f"sample class: {len(students)} students x {len(handed_in.assignments)} assignments "
            f"= {submissions} submissions")

        def seconds_per_submission(name: str, **where) -> tuple[float, dict]:
            folder = Path(scratch) / name
            shutil.copytree(handed_in.root, folder)
            course = CourseFolder(folder, ROOT / "solutions", args.assignments)
            started = time.monotonic()
            outcomes = course.autograde_all(**where)
            seconds = time.monotonic() - started
            failed = sum(not outcome.success for outcome in outcomes)
            say(f"{name}: {seconds:.1f} s = {seconds / submissions:.2f} s per submission"
                + (f" ({failed} FAILED)" if failed else ""))
            return seconds / submissions, grade_table(course, students).scores

        local, local_grades = seconds_per_submission("local pool, 2 workers", workers=2)
        per_cluster, computing, grades = {}, {}, [local_grades]
        for workers in (1, 2):
            started = time.monotonic()
            with local_cluster(workers) as cluster, Client(cluster) as client:
                say(f"(LocalCluster of {workers} started in {time.monotonic() - started:.1f} s, not counted)")
                with get_task_stream(client) as stream:
                    per_cluster[workers], table = seconds_per_submission(f"LocalCluster, {workers} worker(s)",
                                                                          scheduler=cluster.scheduler_address)
                computing[workers] = sum(part["stop"] - part["start"] for task in stream.data
                                         for part in task["startstops"] if part["action"] == "compute")
                grades.append(table)
        say(f"scaling ratio, LocalCluster 1 worker / 2 workers: {per_cluster[1] / per_cluster[2]:.2f} (ideal 2.00); "
            f"2 workers on the cluster / in the local pool: {per_cluster[2] / local:.2f}")
        say(f"per-task overhead of the cluster path (1 worker, time not grading): "
            f"{per_cluster[1] - computing[1] / submissions:+.2f} s per submission, "
            f"of {per_cluster[1]:.2f} s ({computing[1] / submissions:.2f} s grading on the worker)")
        say(f"same grades in all runs: {'yes' if all(table == local_grades for table in grades) else 'NO'}")
        cost = per_cluster[1]  # one worker, one submission at a time: worker-seconds per task
        say(f"on paper, 1,000 students x 4 assignments at {cost:.2f} worker-s per submission "
            "(these notebooks, a core of this machine per worker):")
        for workers in ESTIMATE_WORKERS:
            say(f"  {workers:>4} workers: {CLASS_SUBMISSIONS * cost / workers / 60:6.1f} min")


if __name__ == "__main__":
    main()
