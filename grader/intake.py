"""Intake: turn what a student handed in into a notebook nbgrader can grade.

nbgrader's own sanitizing restores the source of *edited* locked cells (the checksum
differs, so the instructor's source, hidden tests included, is put back), but it
cannot read a file that is not a notebook, and it does not put back a test cell the
student *deleted* (its ``add_missing_cells`` option is off by default and, when on,
fails when the cell before the deleted one is a read-only markdown cell). Intake
runs before nbgrader and

- reads the notebook; a file that is not valid JSON or not a valid notebook is
  reported as unreadable (the student scores 0 for it and the feedback says why);
- puts every graded cell of the release that the submission lacks back where the
  release has it (after the nearest preceding cell that survived), with a comment
  saying it was restored; nbgrader then fills in its hidden tests as for an edited
  cell.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.reader import NotJSONError

RESTORED_NOTE = "# This test cell was missing from your submission; the grader restored it.\n"


@dataclass
class Intake:
    """The gradable notebook (or why there is none) and the cells that were restored."""

    notebook: nbformat.NotebookNode | None
    problem: str | None = None
    restored: list[str] = field(default_factory=list)


def read_submission(path: Path, release: nbformat.NotebookNode) -> Intake:
    """Read a submitted notebook and restore deleted graded cells from ``release``."""
    path = Path(path)
    if not path.exists():
        return Intake(None, "No notebook was submitted.")
    try:
        notebook = nbformat.reads(path.read_text(encoding="utf-8", errors="replace"), as_version=4)
        nbformat.validate(notebook)
    except (json.JSONDecodeError, NotJSONError):
        return Intake(None, "The notebook file is not valid JSON (it may have been cut short or edited "
                            "in a text editor); it could not be opened or graded.")
    except Exception as error:  # nbformat raises several types for broken notebooks
        return Intake(None, f"The file is not a valid Jupyter notebook ({type(error).__name__}: "
                            f"{str(error).splitlines()[0] if str(error) else ''}); it could not be graded.")
    restored = restore_graded_cells(notebook, release)
    return Intake(notebook, None, restored)


def restore_graded_cells(notebook: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Insert release grade cells missing from ``notebook`` in place; return their grade_ids."""
    present = {_grade_id(cell) for cell in notebook.cells} - {None}
    restored = []
    for position, cell in enumerate(release.cells):
        grade_id = _grade_id(cell)
        if grade_id is None or grade_id in present or not cell.metadata["nbgrader"].get("grade"):
            continue
        anchor = _index_after_previous_survivor(notebook, release.cells[:position])
        restored_cell = copy.deepcopy(cell)
        if restored_cell.cell_type == "code":
            restored_cell.source = RESTORED_NOTE + restored_cell.source
            restored_cell.outputs = []
            restored_cell.execution_count = None
        notebook.cells.insert(anchor, restored_cell)
        present.add(grade_id)
        restored.append(grade_id)
    return restored


def _index_after_previous_survivor(notebook, earlier_release_cells) -> int:
    """Where a restored cell goes: after the last earlier release cell still in ``notebook``."""
    positions = {_grade_id(cell): index for index, cell in enumerate(notebook.cells) if _grade_id(cell)}
    for cell in reversed(earlier_release_cells):
        grade_id = _grade_id(cell)
        if grade_id in positions:
            return positions[grade_id] + 1
    return 0


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
