"""What grading wrote for the students, to compare two gradings of the same hand-ins file for file."""

from __future__ import annotations

from pathlib import Path

import nbformat

GRADED_FOLDERS = ("autograded", "feedback", "intake")


def graded_files(course_root: Path, racy: frozenset[tuple[str, str]] = frozenset()) -> dict[str, bytes]:
    """Every file grading wrote for the students under the course folder ``course_root``:
    autograded notebooks (without the times their cells ran), feedback pages and intake records,
    keyed by path in the course. The ``racy`` (student, assignment) pairs are left out: a cell
    that kills its kernel may or may not send its execution count first, in any run."""
    files = {}
    for folder in GRADED_FOLDERS:
        for path in sorted((course_root / folder).rglob("*")):
            student, assignment, *_ = path.relative_to(course_root / folder).parts + ("", "")
            if path.is_file() and (student, assignment) not in racy:
                files[str(path.relative_to(course_root))] = _without_cell_times(path)
    return files


def _without_cell_times(path: Path) -> bytes:
    if path.suffix != ".ipynb":
        return path.read_bytes()
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return nbformat.writes(notebook).encode()
