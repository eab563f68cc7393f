"""What does grading on a Dask cluster cost, compared with the local pool?

Grades the bundled sample class (samples/, every assignment of solutions/, or those of
``--assignment``) from the same hand-ins, each run in a fresh copy of the course folder,
and prints in one run seconds per submission:

- in the local pool with 2 workers (grader.trusted.grading.run_tasks);
- on a ``LocalCluster`` with 1 worker and with 2 workers (grader.trusted.cluster,
  ``autograde_all(scheduler=...)``), the cluster started beforehand (a real one is long-lived);

then the cluster's scaling ratio (1 worker / 2 workers), the per-task overhead of the cluster
path (worker-seconds per submission beyond the local pool's), whether all runs gave the same
grades, and the time for 1,000 students × 4 assignments on N workers at the measured cost.
On 2 cores, "2 workers" is all the machine: a scaling ratio near 2 is the most it can show.

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

        def seconds_per_submission(name: str, **where) -> tuple[float, object]:
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
        per_cluster, grades = {}, [local_grades]
        for workers in (1, 2):
            started = time.monotonic()
            with local_cluster(workers) as cluster:
                say(f"(LocalCluster of {workers} started in {time.monotonic() - started:.1f} s, not counted)")
                per_cluster[workers], table = seconds_per_submission(f"LocalCluster, {workers} worker(s)",
                                                                      scheduler=cluster.scheduler_address)
                grades.append(table)
        say(f"scaling ratio, LocalCluster 1 worker / 2 workers: {per_cluster[1] / per_cluster[2]:.2f} (ideal 2.00)")
        overhead = 2 * (per_cluster[2] - local)  # 2 workers: each wall second is 2 worker-seconds
        say(f"per-task overhead of the cluster path over the local pool (2 workers each): {overhead:+.2f} worker-s "
            f"per submission ({per_cluster[2] / local:.2f}x the local pool's time)")
        say(f"same grades in all runs: {'yes' if all(table == local_grades for table in grades) else 'NO'}")
        cost = per_cluster[1]  # one worker, one submission at a time: worker-seconds per task
        say(f"on paper, 1,000 students x 4 assignments at {cost:.2f} worker-s per submission "
            "(these notebooks, this machine's cores):")
        for workers in ESTIMATE_WORKERS:
            say(f"  {workers:>4} workers: {CLASS_SUBMISSIONS * cost / workers / 60:6.1f} min")


if __name__ == "__main__":
    main()
