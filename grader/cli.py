"""The ``backprop-lab`` command: a thin layer over grader.classroom.

    backprop-lab release    regenerate notebooks/ from solutions/ with nbgrader
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from grader.classroom import CourseFolder


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="backprop-lab", description=__doc__.splitlines()[0])
    parser.add_argument("--repository", type=Path, default=Path.cwd(),
                        help="the course repository (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="regenerate notebooks/ from solutions/")
    args = parser.parse_args(argv)
    if args.command == "release":
        release(args.repository)
