"""How fast is grading a class, compared with just running its notebooks?

Grades the bundled sample class (samples/, every assignment of solutions/) in a fresh
course folder exactly as ``make demo`` does, then executes the same notebooks bare
(nbclient, a plain python3 kernel, no nbgrader, no limits, no shards) with the same
number of parallel workers, and prints in one run:

- seconds per submission for autograding the whole class (wall time / submissions),
- seconds per submission for executing the same notebooks bare,
- their ratio (goal: ≤ 1.5), and the bare time with one worker for reference;
- whether grading the class a second time gave the same grades.

"The same notebooks" are the autograded ones with their outputs cleared: the
student's cells plus the restored (hidden) tests, so both runs execute the same
code. Submissions that never reach a kernel (missing or unreadable notebooks) count
in neither run.

    .venv/bin/python benchmarks/grading_speed.py [--workers N]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def execute_bare(path: str) -> float:
    """Execute one notebook with nbclient as ``jupyter nbconvert --execute`` would; its seconds."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    started = time.monotonic()
    client = NotebookClient(notebook, timeout=30, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except DeadKernelError:
        pass  # the submission killed its kernel: bare execution stops there too
    return time.monotonic() - started


def run_bare(paths: list[str], workers: int) -> float:
    """Wall seconds to execute ``paths`` bare, ``workers`` at a time."""
    started = time.monotonic()
    if workers <= 1:
        for path in paths:
            execute_bare(path)
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            list(pool.map(execute_bare, paths))
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-serial", action="store_true", help="skip the one-worker bare run")
    args = parser.parse_args()

    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT))
    from grader.demo import run_demo
    from grader.gradebook import grade_table

    with tempfile.TemporaryDirectory() as scratch:
        course_root = Path(scratch) / "course"
        started = time.monotonic()
        course = run_demo(ROOT, course_root, workers=args.workers, out=io.StringIO())
        demo_seconds = time.monotonic() - started

        graded = sorted(str(p) for p in (course.root / "autograded").glob("*/*/*.ipynb"))
        submissions = len(graded)
        first_grades = grade_table(course).scores
        started = time.monotonic()
        course.autograde_all(workers=args.workers)
        grading_seconds = time.monotonic() - started
        same_grades = grade_table(course).scores == first_grades

        bare_seconds = run_bare(graded, args.workers)
        serial_seconds = None if args.skip_serial else run_bare(graded, 1)

    per_grade, per_bare = grading_seconds / submissions, bare_seconds / submissions
    print(f"sample class: {submissions} notebooks executed "
          f"({len(course.students())} students x {len(course.assignments)} assignments), {args.workers} workers")
    print(f"make demo pipeline (release, hand-in, autograde, CSV, feedback): {demo_seconds:.1f} s")
    print(f"autograde the whole class: {grading_seconds:.1f} s = {per_grade:.2f} s per submission")
    print(f"execute the same notebooks bare, {args.workers} at a time: {bare_seconds:.1f} s "
          f"= {per_bare:.2f} s per submission")
    print(f"ratio autograde / bare: {per_grade / per_bare:.2f} (goal <= 1.5)")
    print(f"regrading the class gave the same grades: {'yes' if same_grades else 'NO'}")
    if serial_seconds is not None:
        print(f"bare, one at a time: {serial_seconds:.1f} s = {serial_seconds / submissions:.2f} s per submission "
              f"(ratio to autograde: {grading_seconds / serial_seconds:.2f})")


if __name__ == "__main__":
    main()
