"""Read a handed-in ``.ipynb`` file as Jupyter itself would, repairing what Jupyter accepts.

Jupyter opens notebooks that nbformat's strict validation refuses: a byte-order mark
before the JSON (Windows editors), cells that carry 4.5-style ids in a notebook that
declares an older minor format, an id that is null, an ``outputs`` list on a markdown
cell, a kernelspec without ``display_name``. ``read_notebook_file`` repairs each of these
*kinds* of deviation, says what it repaired in plain words (``ReadNotebook.repairs``), and
then validates with nbformat; what is still invalid after that, or is not JSON at all,
raises ``UnreadableNotebook`` with a message for the student.

CRLF line endings need no repair: JSON treats them as whitespace, and the line breaks
inside cell sources are escaped (``\\n``), so an editor that changed them changed nothing.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.reader import NotJSONError

from grader.limits import MIB

#: The keys nbformat 4.5 allows on each cell type; anything else (say ``outputs`` on a
#: markdown cell, left by a tool that converted the cell) is dropped.
CELL_KEYS = {
    "code": {"id", "cell_type", "metadata", "source", "outputs", "execution_count"},
    "markdown": {"id", "cell_type", "metadata", "source", "attachments"},
    "raw": {"id", "cell_type", "metadata", "source", "attachments"},
}
#: The minor format that introduced cell ids.
IDS_MINOR = 5
_VALID_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")  # nbformat 4.5 schema, definitions/cell_id

NOT_JSON = ("The notebook file is not valid JSON (it may have been cut short or edited in a text "
            "editor); it could not be opened or graded.")


class UnreadableNotebook(Exception):
    """The file cannot be read as a notebook even after repair; ``str()`` says why, for the student."""


def read_handed_in_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a handed-in file; raises UnreadableNotebook for a link (``unzip`` restores
    them: one pointed at another student's notebook), anything but a regular file, or a file
    over ``max_bytes``. Never follows a link, never blocks on a named pipe."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise UnreadableNotebook(f"{Path(path).name} could not be opened as a file ({error.strerror}); "
                                 "links are not followed") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableNotebook(f"{Path(path).name} is not a regular file")
        if status.st_nlink > 1:  # a hard link into the course (source/, another student) unpacked from an archive
            raise UnreadableNotebook(f"{Path(path).name} is a hard link to another file; hand in a copy")
        if status.st_size > max_bytes:
            raise UnreadableNotebook(f"{Path(path).name} has {status.st_size / MIB:.0f} MiB, more than the "
                                     f"{max_bytes / MIB:.0f} MiB a hand-in may have (large outputs or attachments?)")
        return handle.read(max_bytes)


@dataclass
class ReadNotebook:
    """A valid nbformat 4.5 notebook and the repairs it needed (plain sentences, possibly none)."""

    notebook: nbformat.NotebookNode
    repairs: list[str] = field(default_factory=list)


def read_notebook_file(data: bytes) -> ReadNotebook:
    """Parse ``data`` (the bytes of an ``.ipynb``) into a valid notebook of format 4.5.

    Older formats are upgraded by nbformat; the deviations listed in the module
    docstring are repaired and reported. Never returns an invalid notebook: raises
    UnreadableNotebook instead.
    """
    repairs = []
    if data.startswith(codecs.BOM_UTF8):
        repairs.append("the file starts with a byte-order mark (as Windows editors save it); it was read as UTF-8")
    text = data.decode("utf-8-sig", errors="replace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns about what is repaired below
            notebook = nbformat.reads(text, as_version=4)
    except (json.JSONDecodeError, NotJSONError) as error:
        raise UnreadableNotebook(NOT_JSON) from error
    except Exception as error:  # nbformat raises several types for JSON that is not a notebook
        raise UnreadableNotebook(_invalid(error)) from error
    if not isinstance(notebook.get("cells"), list):
        raise UnreadableNotebook("The file is JSON but has no list of cells, so it is not a Jupyter notebook; "
                                 "it could not be graded.")
    repairs += _repair_format(notebook)
    try:
        nbformat.validate(notebook)
    except Exception as error:  # noqa: BLE001 - ValidationError, and what broken JSON trips on
        raise UnreadableNotebook(_invalid(error)) from error
    return ReadNotebook(notebook, repairs)


def _repair_format(notebook: nbformat.NotebookNode) -> list[str]:
    """Bring ``notebook`` to format 4.5 in place, fixing the deviations Jupyter tolerates."""
    repairs = []
    minor = notebook.get("nbformat_minor", 0)
    if minor < IDS_MINOR and any("id" in cell for cell in notebook.cells):
        repairs.append(f"the notebook declares format 4.{minor} but its cells carry ids (format 4.{IDS_MINOR}); "
                       f"it was read as 4.{IDS_MINOR}")
    notebook.nbformat_minor = max(minor, IDS_MINOR)

    stray = set()
    for cell in notebook.cells:
        for key in set(cell) - CELL_KEYS.get(cell.get("cell_type"), set(cell)):
            stray.add(f"{key!r} on a {cell.cell_type} cell")
            del cell[key]
    if stray:
        repairs.append("fields that cells of their type do not have were removed (" + ", ".join(sorted(stray)) + ")")

    renamed = _repair_cell_ids(notebook)
    if renamed:
        repairs.append(f"{renamed} cell(s) had a missing, empty, invalid or repeated id and were given new ids")

    kernelspec = notebook.metadata.get("kernelspec")
    if isinstance(kernelspec, dict) and "display_name" not in kernelspec:
        kernelspec["display_name"] = str(kernelspec.get("name", "Python 3"))
        repairs.append(f"the kernelspec had no display_name; it was set to {kernelspec['display_name']!r}")
    return repairs


def _repair_cell_ids(notebook: nbformat.NotebookNode) -> int:
    """Give every cell a valid id, unique in the notebook; return how many ids that changed.

    New ids are ``cell-<position>`` (deterministic, so grading twice gives the same
    notebook). A cell without an id in a notebook written before ids existed is not
    counted: it was not wrong.
    """
    seen, changed = set(), 0
    for position, cell in enumerate(notebook.cells):
        cell_id = cell.get("id")
        if isinstance(cell_id, str) and _VALID_ID.match(cell_id) and cell_id not in seen:
            seen.add(cell_id)
            continue
        changed += "id" in cell
        new_id, suffix = f"cell-{position}", 0
        while new_id in seen or any(other.get("id") == new_id for other in notebook.cells):
            suffix += 1
            new_id = f"cell-{position}-{suffix}"
        cell["id"] = new_id
        seen.add(new_id)
    return changed


def _invalid(error: Exception) -> str:
    first_line = str(error).splitlines()[0] if str(error) else ""
    return (f"The file is not a valid Jupyter notebook ({type(error).__name__}: {first_line}); "
            "it could not be graded.")
