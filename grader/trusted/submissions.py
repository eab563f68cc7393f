"""Submissions written as answer files, turned into notebooks.

A sample submission is stored as a short text file of *edits* to a notebook rather
than as a whole notebook, so that it stays readable, diffs well, and follows the
course when the release changes. An answer file is in the "percent" format:

    # Anything before the first marker is a comment about the submission.
    # %% forward_difference
    def forward_difference(f, x, h):
        return (f(x + h) - f(x)) / h

    # %% insert after forward_difference
    print("a scratch cell the student added")

    # %% delete forward_difference_tests

Each ``# %% <grade_id>`` block replaces the source of the cell with that nbgrader
``grade_id``; ``insert after <grade_id>`` adds a new, unmarked code cell after it;
``delete <grade_id>`` removes the cell. Applied to the student release, the file is
what a student handed in; applied to the solution, it isolates one bug.

A line ``# based on: <other answer file>`` before the first marker (a path relative
to this file) applies that file's edits first: "like ada's work, but with this
exercise done differently".

A line ``# handed in: <form>`` before the first marker says how the notebook reached
the grader, to reproduce what real hand-ins go through (``HAND_IN_FORMS``):
``without cell metadata`` (a VS Code or LMS round trip), ``with a byte-order mark
and CRLF line endings`` (a Windows editor), ``as <file name>`` (a renamed file).

A *class* of submissions (``samples/``) is one folder per student holding, per
assignment, an answer file ``<assignment>.py`` (applied to the release), or a raw
``<assignment>.ipynb`` handed in byte for byte (say, a broken file), or neither
(the student handed in the assignment folder without its notebook).
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

_MARKER = re.compile(r"^# %% (?:(?P<action>insert after|delete) )?(?P<grade_id>\S+)\s*$")
_BASED_ON = re.compile(r"^# based on: (?P<path>\S+)\s*$")
_HANDED_IN = re.compile(r"^# handed in: (?P<form>.+?)\s*$")
#: The ``# handed in:`` forms, besides ``as <file name>``.
HAND_IN_FORMS = ("without cell metadata", "with a byte-order mark and CRLF line endings")


@dataclass(frozen=True)
class Edit:
    """One change to a notebook: ``action`` is "replace", "insert after" or "delete"."""

    action: str
    grade_id: str
    source: str = ""


def read_answer_file(path: Path) -> list[Edit]:
    """Parse an answer file into its edits, in file order (its base file's edits first)."""
    edits: list[Edit] = []
    action = grade_id = None
    body: list[str] = []

    def flush() -> None:
        if grade_id is not None:
            edits.append(Edit(action, grade_id, "\n".join(body).strip("\n")))

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        based_on = _BASED_ON.match(line)
        if based_on and grade_id is None:
            edits.extend(read_answer_file(Path(path).parent / based_on["path"]))
            continue
        marker = _MARKER.match(line)
        if marker:
            flush()
            action = marker["action"] or "replace"
            grade_id = marker["grade_id"]
            body = []
        elif grade_id is not None:
            body.append(line)
    flush()
    return edits


def _cell_id(edit: Edit, cells: int) -> str:
    """An id for the cell an edit inserts into a notebook of ``cells`` cells, from where and what it
    inserts (nbformat 4.5: 1-64 letters, digits, - and _); a second insert finds one cell more."""
    return hashlib.sha256(f"{cells}\n{edit.grade_id}\n{edit.source}".encode()).hexdigest()[:8]


def apply_edits(notebook: nbformat.NotebookNode, edits: list[Edit]) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` with ``edits`` applied; outputs are cleared.

    Raises ``KeyError`` naming the grade_id when an edit targets a cell that the
    notebook does not have, so a stale answer file fails loudly.
    """
    edited = copy.deepcopy(notebook)
    for edit in edits:
        index = _index_of(edited, edit.grade_id)
        if edit.action == "replace":
            edited.cells[index].source = edit.source
        elif edit.action == "insert after":
            inserted = nbformat.v4.new_code_cell(edit.source)
            inserted.id = _cell_id(edit, len(edited.cells))  # the same hand-in each time (nbformat's are random)
            edited.cells.insert(index + 1, inserted)
        else:
            del edited.cells[index]
    for cell in edited.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return edited


def grade_id_of(cell: nbformat.NotebookNode) -> str | None:
    """The nbgrader ``grade_id`` of a cell, or None for an unmarked cell."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _index_of(notebook: nbformat.NotebookNode, grade_id: str) -> int:
    for index, cell in enumerate(notebook.cells):
        if grade_id_of(cell) == grade_id:
            return index
    raise KeyError(f"the notebook has no cell with grade_id {grade_id!r}")


def read_hand_in_forms(path: Path) -> list[str]:
    """The ``# handed in:`` forms of an answer file (its own, not its base file's), in order."""
    forms = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if _MARKER.match(line):
            break
        handed_in = _HANDED_IN.match(line)
        if handed_in:
            form = handed_in["form"]
            if form not in HAND_IN_FORMS and not form.startswith("as "):
                raise ValueError(f"{path}: unknown hand-in form {form!r}")
            forms.append(form)
    return forms


def hand_in(notebook: nbformat.NotebookNode, forms: list[str]) -> nbformat.NotebookNode | bytes | dict[str, bytes]:
    """What a student hands in when ``notebook`` reaches the grader in ``forms``: the
    notebook itself, its bytes, or ``{file name: bytes}`` for a renamed file."""
    if "without cell metadata" in forms:
        notebook = copy.deepcopy(notebook)
        for cell in notebook.cells:
            cell.metadata = {}
    content: nbformat.NotebookNode | bytes = notebook
    if "with a byte-order mark and CRLF line endings" in forms:
        content = b"\xef\xbb\xbf" + nbformat.writes(notebook).encode("utf-8").replace(b"\n", b"\r\n")
    for form in forms:
        if form.startswith("as "):
            data = content if isinstance(content, bytes) else nbformat.writes(content).encode("utf-8")
            return {form[len("as "):]: data}
    return content


def class_submissions(folder: Path, assignment: str, release: nbformat.NotebookNode) -> dict:
    """What each student of a class folder handed in for ``assignment``.

    Returns ``{student: content}`` where content is a notebook (an answer file
    applied to ``release``), bytes (a raw ``.ipynb``, or an answer file handed in as
    bytes), ``{file name: bytes}`` (handed in under another name), or None (no notebook).
    """
    handed_in = {}
    for student in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
        raw, answers = student / f"{assignment}.ipynb", student / f"{assignment}.py"
        if raw.exists():
            handed_in[student.name] = raw.read_bytes()
        elif answers.exists():
            handed_in[student.name] = hand_in(apply_edits(release, read_answer_file(answers)),
                                              read_hand_in_forms(answers))
        else:
            handed_in[student.name] = None
    return handed_in
