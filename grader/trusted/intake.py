"""Intake: turn what a student handed in into notebooks nbgrader can grade fairly.

A submission whose answers can be found and run is graded on them; whatever intake
had to repair or guess to get there is said plainly, as *notes*: in a "Note from the
grader" cell at the top of the graded notebook (so in the feedback), and in the
instructor's record and CSV (grader.trusted.intake_record). ``take_in`` prepares one student's
assignment folder for nbgrader:

- the hand-in time (``timestamp.txt``) is read in every common form and rewritten in
  nbgrader's own (grader.trusted.intake_timestamp); an unreadable one is left out, with a note;
- a notebook handed in under another name is taken when it is the only candidate;
- each notebook is read as Jupyter reads it, repairing what Jupyter accepts
  (grader.trusted.intake_file); a file that is not a notebook is a *problem*: 0 points for
  it and a feedback page saying why;
- its cells are matched to the release (grader.trusted.intake_cells): duplicated grade_ids,
  markings lost in VS Code or an LMS, deleted test cells.

nbgrader then restores the instructor's source of every test cell, hidden tests
included, as for any edited locked cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.trusted.intake_cells import keep_one_cell_per_grade_id, restore_deleted_grade_cells, restore_lost_markings
from grader.limits import MAX_NOTEBOOK_MB, MIB
from grader.trusted.intake_file import UnreadableNotebook, read_handed_in_file, read_notebook_file
from grader.trusted.intake_timestamp import read_hand_in_time

TIMESTAMP = "timestamp.txt"
MAX_TIMESTAMP_BYTES = 4096  # a date and time; anything longer is not one
NOTE_CELL_ID = "grader-intake-note"
NOTE_HEADING = "**Note from the grader.** Your submission needed attention before it could be graded:"


@dataclass
class Intake:
    """One notebook after intake: the gradable notebook (or why there is none) and the notes."""

    notebook: nbformat.NotebookNode | None
    problem: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class SubmissionIntake:
    """One student's assignment folder after intake (see ``take_in``)."""

    gradable: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # notebook -> why it could not be graded
    notes: list[str] = field(default_factory=list)          # what was repaired or guessed, in order


def take_in(handed_in: Path, target: Path, releases: dict[str, nbformat.NotebookNode]) -> SubmissionIntake:
    """Prepare the folder ``handed_in`` for nbgrader in ``target`` (which must exist).

    ``releases`` maps each notebook name of the assignment (no ``.ipynb``) to its release.
    Writes ``target/<notebook>.ipynb`` for each gradable notebook, with a note cell at
    the top when intake has something to say, and ``target/timestamp.txt`` when a
    hand-in time could be read. Never raises for anything in ``handed_in``.
    """
    result = SubmissionIntake()
    handed_in, target = Path(handed_in), Path(target)
    if handed_in.is_symlink() or handed_in.parent.is_symlink():  # it could point at another student's work
        for notebook_name in releases:
            result.problems[notebook_name] = (f"The folder handed in ({handed_in.parent.name}/{handed_in.name}) is a "
                                              "link, not a folder; links are not followed, so nothing was graded.")
        return result
    if _is_regular_file(handed_in / TIMESTAMP):
        try:
            stamp = read_handed_in_file(handed_in / TIMESTAMP, MAX_TIMESTAMP_BYTES)
        except UnreadableNotebook:
            stamp = b""
        hand_in_time = read_hand_in_time(stamp.decode("utf-8-sig", "replace"))
        if hand_in_time.utc is not None:
            (target / TIMESTAMP).write_text(hand_in_time.for_nbgrader() + "\n", encoding="utf-8")
        if hand_in_time.note:
            result.notes.append(hand_in_time.note)
    submission_notes = list(result.notes)
    files, naming_notes = locate_notebooks(handed_in, list(releases))
    for notebook_name, release in releases.items():
        path = files.get(notebook_name)
        if path is None:
            result.problems[notebook_name] = no_notebook_problem(handed_in, notebook_name)
            continue
        intake = read_submission(path, release)
        intake.notes[:0] = naming_notes.get(notebook_name, [])
        if intake.notebook is None:
            result.problems[notebook_name] = intake.problem
            result.notes += intake.notes
            continue
        notes = submission_notes + intake.notes
        if notes:
            intake.notebook.cells.insert(0, note_cell(notes))
        nbformat.write(intake.notebook, target / f"{notebook_name}.ipynb")
        result.gradable.append(notebook_name)
        result.notes += intake.notes
    return result


def read_submission(path: Path, release: nbformat.NotebookNode) -> Intake:
    """Read one handed-in notebook file and match its cells to ``release``."""
    try:
        read = read_notebook_file(read_handed_in_file(Path(path), MAX_NOTEBOOK_MB * MIB))
    except UnreadableNotebook as problem:
        return Intake(None, str(problem))
    notes = []
    if read.repairs:
        notes.append("The notebook file needed repairs that Jupyter itself accepts: " + "; ".join(read.repairs) + ".")
    notebook = read.notebook
    notes += keep_one_cell_per_grade_id(notebook)
    notes += restore_lost_markings(notebook, release)
    notes += restore_deleted_grade_cells(notebook, release)
    return Intake(notebook, None, notes)


def locate_notebooks(handed_in: Path, names: list[str]) -> tuple[dict[str, Path], dict[str, list[str]]]:
    """The file to grade for each notebook name, and a note for each one found under another name.

    A notebook is its own ``<name>.ipynb``; when exactly one expected notebook is
    missing and exactly one other ``.ipynb`` is in the folder (``name (1).ipynb``, a
    renamed copy), that file stands in for it. File names are taken literally.
    """
    present = sorted(path for path in handed_in.iterdir() if _is_regular_file(path)) if handed_in.is_dir() else []
    files = {name: handed_in / f"{name}.ipynb" for name in names if _is_regular_file(handed_in / f"{name}.ipynb")}
    others = [path for path in present if path.suffix == ".ipynb" and path.stem not in names]
    missing = [name for name in names if name not in files]
    if len(missing) == 1 and len(others) == 1:
        (name,), (other,) = missing, others
        files[name] = other
        return files, {name: [f"The notebook was handed in as {other.name!r} instead of {name + '.ipynb'!r}; "
                              "it was graded as the assignment's notebook."]}
    return files, {}


def _is_regular_file(path: Path) -> bool:
    """A regular file, not a link to one (a link could point at another student's work)."""
    return path.is_file() and not path.is_symlink()


def no_notebook_problem(handed_in: Path, name: str) -> str:
    """Why ``name`` could not be graded when no file for it was found, naming what was there."""
    present = sorted(path.name for path in Path(handed_in).iterdir()
                     if path.is_file() and path.name != TIMESTAMP) if Path(handed_in).is_dir() else []
    if not present:
        return f"No notebook was submitted: the folder handed in holds no {name}.ipynb and no other file."
    listed = ", ".join(repr(file) for file in present[:10]) + (", …" if len(present) > 10 else "")
    reason = ("the grader cannot tell which notebook there is this one" if any(f.endswith(".ipynb") for f in present)
              else "none of them is a notebook")
    return f"No notebook was submitted as {name}.ipynb; the folder handed in holds {listed}, but {reason}."


def note_cell(notes: list[str]) -> nbformat.NotebookNode:
    """The markdown cell that tells the student (in feedback) what intake repaired or guessed."""
    cell = nbformat.v4.new_markdown_cell("\n".join([NOTE_HEADING, "", *(f"- {note}" for note in notes)]))
    cell.id = NOTE_CELL_ID
    return cell
