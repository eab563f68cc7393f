"""How fast is grading a class, compared with just running its notebooks?

Grades the bundled sample class (samples/, every assignment of solutions/) in a fresh
course folder exactly as ``make demo`` does, then executes the same notebooks bare
(nbclient, a plain python3 kernel, no nbgrader, no limits, no shards) with the same
number of parallel workers, and prints in one run:

- seconds per submission for autograding the whole class (wall time / submissions),
- seconds per submission for executing the same notebooks bare,
- their ratio (goal: ≤ 1.5), and (``--serial``) the bare time with one worker;
- the cost of the sandbox: the same class autograded again with ``sandbox=False``,
  and the seconds per submission the sandbox adds;
- the cost of the trusted judge (grader.trusted.judge): the same class autograded,
  without the sandbox, by the grader of ``--baseline`` (by default the last commit
  before the judge, where test cells ran whole in the student's kernel), checked out in
  a temporary git worktree; the seconds per submission judging adds;
- whether the grades equal samples/expected_scores.csv (the same on every run).

"The same notebooks" are the autograded ones with their outputs cleared and their
test cells whole again (the autograded notebook keeps only a placeholder for hidden
tests): the student's cells plus the instructor's tests, so both runs execute the same
code. Submissions that never reach a kernel (missing or unreadable notebooks) count
in neither run.

    .venv/bin/python benchmarks/grading_speed.py [--workers N] [--baseline REF | --no-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CELL_TIMEOUT_SECONDS = 30  # as grader.limits.CELL_TIMEOUT_SECONDS
#: The last commit before the trusted judge: its grader runs whole test cells in the kernel.
BEFORE_THE_JUDGE = "4586d92"
#: What the baseline's grader lacks that today's notebooks import (added to its grader/__init__.py).
BASELINE_SHIMS = """

def notebook_globals():  # added by benchmarks/grading_speed.py: the baseline predates it
    import sys
    return sys._getframe(1).f_globals


def expected_values_shown():  # likewise
    return True
"""
#: Grades the sample class with whatever grader is first on sys.path; prints seconds as JSON.
BASELINE_RUN = """
import json, sys, time, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import grader
from grader.trusted.course import CourseFolder
from grader.trusted.demo import hand_in_class
root, folder, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
course = CourseFolder(folder, root / "solutions", workers=workers, sandbox=False)
course.generate_release()
hand_in_class(course, root / "samples")
started = time.monotonic()
course.autograde_all()
print(json.dumps({"seconds": time.monotonic() - started, "grader": grader.__file__,
                  "submissions": len(list((course.root / "autograded").glob("*/*/*.ipynb")))}))
"""


def execute_bare(path: str) -> float:
    """Execute one notebook with nbclient as ``jupyter nbconvert --execute`` would; its seconds.

    Same cell timeout as grading (interrupt and go on), errors allowed; a submission
    that kills its kernel stops there, as it does under the grader.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    started = time.monotonic()
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_SECONDS, interrupt_on_timeout=True, allow_errors=True,
                            kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except DeadKernelError:
        pass
    return time.monotonic() - started


def _bare_worker() -> None:
    """Pool worker start-up. Kernels inherit stderr (their start-up warnings are noise here)
    and resource limits: the grading kernels' memory cap keeps a runaway submission from
    exhausting the machine (it costs no time)."""
    from grader.in_kernel.launcher import apply_limits
    from grader.limits import MEMORY_LIMIT_MB

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    apply_limits(MEMORY_LIMIT_MB)


def whole_test_cells(course, graded: list[str], folder: Path) -> list[str]:
    """Copies of the autograded notebooks, outputs cleared and every test cell whole again
    (from the course's source), in ``folder``; their paths."""
    import nbformat

    copies = []
    for number, path in enumerate(graded):
        notebook = nbformat.read(path, as_version=4)
        assignment = Path(path).parent.name
        source = nbformat.read(course.root / "source" / assignment / Path(path).name, as_version=4)
        tests = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in source.cells
                 if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution")}
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type == "code" and grade_id in tests:
                cell.source = tests[grade_id]
        copy = folder / f"{number:03d}" / Path(path).name
        copy.parent.mkdir(parents=True)
        nbformat.write(notebook, copy)
        copies.append(str(copy))
    return copies


def grade_with_baseline(ref: str, scratch: Path, workers: int) -> tuple[float, int]:
    """(seconds, notebooks executed) for the grader of git revision ``ref`` to autograde the
    sample class without the sandbox (today's solutions and samples, in a temporary worktree)."""
    worktree = scratch / "baseline-grader"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), ref],
                   check=True, capture_output=True)
    try:
        with (worktree / "grader" / "__init__.py").open("a", encoding="utf-8") as package:
            package.write(BASELINE_SHIMS)
        result = subprocess.run([sys.executable, "-c", BASELINE_RUN, str(ROOT), str(scratch / "baseline"), str(workers)],
                                env={**os.environ, "PYTHONPATH": str(worktree)}, cwd=scratch, capture_output=True,
                                text=True, check=True)  # cwd: `python -c` puts it first on sys.path
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        if not measured["grader"].startswith(str(worktree)):
            raise RuntimeError(f"the baseline run imported {measured['grader']}, not the worktree's grader")
        return measured["seconds"], measured["submissions"]
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], capture_output=True)


def run_bare(paths: list[str], workers: int) -> float:
    """Wall seconds to execute ``paths`` bare, ``workers`` at a time."""
    started = time.monotonic()
    with ProcessPoolExecutor(max(workers, 1), mp_context=get_context("spawn"), initializer=_bare_worker) as pool:
        list(pool.map(execute_bare, paths))
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--serial", action="store_true", help="also execute the notebooks bare one at a time")
    parser.add_argument("--baseline", default=BEFORE_THE_JUDGE,
                        help="git revision whose grader the judge's cost is measured against")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline's grading run")
    args = parser.parse_args()

    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(ROOT))
    from grader.trusted.course import CourseFolder
    from grader.trusted.demo import hand_in_class
    from grader.trusted.gradebook import grade_table

    def say(message: str) -> None:
        print(message, flush=True)

    def autograde_class(folder: Path, sandbox: bool):
        course = CourseFolder(folder, ROOT / "solutions", workers=args.workers, sandbox=sandbox)
        course.generate_release()
        students = hand_in_class(course, ROOT / "samples")
        started = time.monotonic()
        course.autograde_all()
        return course, students, time.monotonic() - started

    with tempfile.TemporaryDirectory() as scratch:
        course, students, grading_seconds = autograde_class(Path(scratch) / "course", sandbox=True)

        graded = sorted(str(p) for p in (course.root / "autograded").glob("*/*/*.ipynb"))
        submissions = len(graded)
        per_grade = grading_seconds / submissions
        say(f"sample class: {len(students)} students x {len(course.assignments)} assignments, "
            f"{submissions} notebooks executed, {args.workers} workers")
        say(f"autograde the whole class: {grading_seconds:.1f} s = {per_grade:.2f} s per submission")
        expected = _expected_scores()
        table = grade_table(course, students).scores
        same = all(table[s][a][0] == score for (s, a), score in expected.items() if s in table and a in table[s])
        say(f"grades equal samples/expected_scores.csv: {'yes' if same else 'NO'}")

        bare_seconds = run_bare(whole_test_cells(course, graded, Path(scratch) / "bare"), args.workers)
        per_bare = bare_seconds / submissions
        say(f"execute the same notebooks bare, {args.workers} at a time: {bare_seconds:.1f} s "
            f"= {per_bare:.2f} s per submission")
        say(f"ratio autograde / bare: {per_grade / per_bare:.2f} (goal <= 1.5)")
        _, _, unsandboxed_seconds = autograde_class(Path(scratch) / "unsandboxed", sandbox=False)
        per_unsandboxed = unsandboxed_seconds / submissions
        say(f"autograde without the sandbox: {per_unsandboxed:.2f} s per submission; the sandbox adds "
            f"{per_grade - per_unsandboxed:+.2f} s per submission (ratio {per_grade / per_unsandboxed:.2f})")
        if not args.no_baseline:
            baseline_seconds, baseline_submissions = grade_with_baseline(args.baseline, Path(scratch), args.workers)
            per_baseline = baseline_seconds / baseline_submissions
            say(f"autograde without the sandbox by the grader of {args.baseline} (test cells run whole in the "
                f"kernel): {per_baseline:.2f} s per submission; the trusted judge adds "
                f"{per_unsandboxed - per_baseline:+.2f} s per submission (ratio {per_unsandboxed / per_baseline:.2f})")
        if args.serial:
            serial_seconds = run_bare(whole_test_cells(course, graded, Path(scratch) / "serial"), 1)
            say(f"bare, one at a time: {serial_seconds:.1f} s = {serial_seconds / submissions:.2f} s per submission "
                f"(ratio autograde / serial bare: {grading_seconds / serial_seconds:.2f})")


def _expected_scores() -> dict:
    import csv

    with (ROOT / "samples" / "expected_scores.csv").open(encoding="utf-8") as handle:
        return {(row["student"], row["assignment"]): float(row["score"]) for row in csv.DictReader(handle)}


if __name__ == "__main__":
    main()
