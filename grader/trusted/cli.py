"""The ``backprop-lab`` command: a thin layer over grader.trusted.course.

    backprop-lab release                 regenerate notebooks/ from solutions/ with nbgrader
    backprop-lab demo                    grade the sample class in build/demo, print the gradebook
    backprop-lab autograde COURSE        autograde every submission in a course folder (hardened, parallel)
                 [--scheduler tcp://HOST:8786]  ... on the workers of a Dask cluster
    backprop-lab feedback COURSE         write the feedback HTML of a course folder
    backprop-lab export COURSE [CSV]     export a course folder's grades to CSV and print the gradebook
    backprop-lab archive [ZIP]           zip the student release and the checker's wheel for an LMS
    backprop-lab formgrader COURSE       open a course folder (e.g. build/demo) in JupyterLab's Formgrader

A course folder is nbgrader's layout (``source/``, ``release/``, ``submitted/``, …);
``autograde`` copies ``solutions/`` in as its source.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

from grader.trusted.course import CourseFolder
from grader.trusted.interpreter_tools import put_interpreter_tools_on_path
from grader.trusted.sandbox import SandboxUnavailable
from grader.trusted.shard_parcel import ClusterRefused


def release(repository: Path) -> None:
    """Replace ``notebooks/`` with what ``nbgrader generate_assignment`` makes of ``solutions/``."""
    with tempfile.TemporaryDirectory() as scratch:
        course = CourseFolder(Path(scratch), repository / "solutions")
        generated = course.generate_release()
        target = repository / "notebooks"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(generated, target)
        for assignment in course.assignments:
            print(f"released {assignment}: {', '.join(course.notebooks(assignment))}")


def _course(repository: Path, folder: Path, workers: int | None = None, sandbox: bool = True) -> CourseFolder:
    course = CourseFolder(folder, repository / "solutions", workers=workers, sandbox=sandbox)
    if not (course.root / "release").exists():
        course.generate_release()
    return course


def autograde(repository: Path, folder: Path, workers: int | None, sandbox: bool = True,
              scheduler: str | None = None) -> None:
    """Grade every submission of the course ``folder``, printing each grade as it comes, then
    "graded k of n" and the submissions that failed; on ``scheduler``'s Dask cluster if given."""
    course = _course(repository, folder, workers, sandbox)
    total = sum(1 for _ in (course.root / "submitted").glob("*/*"))  # student × assignment
    graded = iter(range(1, total + 1))  # a submission graded again (its worker died) keeps the last number
    outcomes = course.autograde_all(
        progress=lambda outcome: print(f"[{next(graded, total)}/{total}]{course.describe(outcome)}", flush=True),
        scheduler=scheduler)
    failed = [f"{outcome.task.student} {outcome.task.assignment}" for outcome in outcomes if not outcome.success]
    print(f"graded {len(outcomes) - len(failed)} of {len(outcomes)}"
          + (f"; failed: {', '.join(failed)}" if failed else ""))


def formgrader(course: Path, jupyter_arguments: list[str]) -> None:
    """Replace this process by JupyterLab serving ``course``, so that Formgrader shows its gradebook.

    The server runs in the course folder (nbgrader reads the course from its working
    directory and links notebooks relative to the server root, so both must be the course)
    with the venv's scripts on PATH (nbgrader runs ``alembic`` by name).
    """
    course = course.resolve()
    if not (course / "gradebook.db").exists() and not (course / "source").is_dir():
        raise SystemExit(f"backprop-lab: {course} is not a course folder (no gradebook.db, no source/): "
                         "run `make demo` for build/demo")
    put_interpreter_tools_on_path()
    os.chdir(course)
    print(f"Formgrader of {course}: open the URL below, then Nbgrader > Formgrader (or /formgrader)", flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={course}",
                              *jupyter_arguments])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="backprop-lab", description=__doc__.splitlines()[0])
    parser.add_argument("--repository", type=Path, default=Path.cwd(),
                        help="the course repository (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="regenerate notebooks/ from solutions/")
    demo = commands.add_parser("demo", help="grade the bundled sample class and print the gradebook")
    demo.add_argument("--output", type=Path, default=None, help="course folder (default: build/demo)")
    demo.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: cores)")
    demo.add_argument("--assignment", action="append", dest="assignments", default=None,
                      help="grade only this assignment (repeatable; default: all)")
    grade = commands.add_parser("autograde", help="autograde every submission of a course folder")
    grade.add_argument("course", type=Path)
    grade.add_argument("--workers", type=int, default=None)
    grade.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                       help="grade on this Dask scheduler's workers (needs backprop-lab[cluster] here and on them)")
    for command in (demo, grade):
        command.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                             help="run student code without the bubblewrap sandbox (only where none can be had)")
    feedback = commands.add_parser("feedback", help="write the feedback HTML of a course folder")
    feedback.add_argument("course", type=Path)
    export = commands.add_parser("export", help="export grades to CSV and print the gradebook")
    export.add_argument("course", type=Path)
    export.add_argument("csv", type=Path, nargs="?", default=None)
    archive = commands.add_parser("archive", help="zip notebooks/ and the checker's wheel for an LMS")
    archive.add_argument("zip", type=Path, nargs="?", default=None,
                         help="archive to write (default: build/backprop-lab-<version>-release.zip)")
    lab = commands.add_parser("formgrader", help="open a course folder in JupyterLab's Formgrader")
    lab.add_argument("course", type=Path)
    lab.add_argument("jupyter_arguments", nargs=argparse.REMAINDER,
                     help="passed on to jupyter lab, e.g. --no-browser --port 8899")
    args = parser.parse_args(argv)
    try:
        _run(args)
    except (SandboxUnavailable, ClusterRefused) as error:
        raise SystemExit(f"backprop-lab: {error}") from None
    except ModuleNotFoundError as error:
        if error.name not in ("dask", "distributed"):
            raise
        raise SystemExit("backprop-lab: --scheduler needs Dask distributed: "
                         "pip install 'backprop-lab[cluster]'") from None


def _run(args: argparse.Namespace) -> None:

    warnings.simplefilter("ignore")  # SQLAlchemy and traitlets chatter from inside nbgrader
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    repository = args.repository.resolve()
    if args.command == "release":
        release(repository)
    elif args.command == "demo":
        from grader.trusted.demo import run_demo

        run_demo(repository, args.output or repository / "build" / "demo", args.workers,
                 assignments=args.assignments, sandbox=args.sandbox)
    elif args.command == "autograde":
        autograde(repository, args.course, args.workers, args.sandbox, args.scheduler)
    elif args.command == "feedback":
        course = _course(repository, args.course)
        for assignment in course.assignments:
            course.generate_feedback(assignment)
        print(f"feedback HTML: {course.root / 'feedback'}")
    elif args.command == "export":
        from grader.trusted.gradebook import format_table, grade_table

        course = _course(repository, args.course)
        path = course.export_grades(args.csv or course.root / "grades.csv")
        print(format_table(grade_table(course)))
        print(f"grades (CSV): {path}")
    elif args.command == "archive":
        from grader.trusted.release_archive import build_release_archive, project_version

        default = repository / "build" / f"backprop-lab-{project_version(repository)}-release.zip"
        build_release_archive(repository, args.zip or default)
    elif args.command == "formgrader":
        formgrader(args.course, args.jupyter_arguments)
