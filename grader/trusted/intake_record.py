"""What the instructor sees of each hand-in besides its score: its status and intake's notes.

Each (student, assignment) that went through grading has one record in the course
folder, ``intake/<student>/<assignment>/record.json`` (plain JSON)::

    {"status": "graded" | "failed: <why>",
     "notes": ["<what intake repaired or guessed>", ...],
     "problems": {"<notebook>": "<why it could not be graded>"}}

grader.trusted.course writes it after every grading attempt and reads it for the CSV
export (``status`` and ``intake_notes`` columns) and for the feedback pages of
notebooks that could not be graded. Paths are built from student ids literally,
never matched as patterns.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FOLDER = "intake"
GRADED = "graded"
#: Characters of a failure's reason kept in the status (the full log is printed by the run).
REASON_CHARS = 300


@dataclass
class HandInRecord:
    """The status of one student's assignment and what intake said about it."""

    status: str
    notes: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


def record_path(course: Path, student: str, assignment: str) -> Path:
    return Path(course) / FOLDER / student / assignment / "record.json"


def write_record(course: Path, student: str, assignment: str, record: HandInRecord) -> None:
    path = record_path(course, student, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(record), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_record(course: Path, student: str, assignment: str) -> HandInRecord | None:
    """The record of one hand-in, or None if it was never graded."""
    path = record_path(course, student, assignment)
    if not path.is_file():
        return None
    return HandInRecord(**json.loads(path.read_text(encoding="utf-8")))


def recorded_students(course: Path, assignment: str) -> list[str]:
    """Every student with a record for ``assignment``, in order."""
    folder = Path(course) / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if record_path(course, p.name, assignment).is_file())


def failed_status(log: str) -> str:
    """``failed: <why>``: the last line of ``log`` that names an error (else its last line)."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "error" in line or "died" in line]
    reason = (errors or lines or ["no log"])[-1]
    return "failed: " + (reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS - 3] + "...")
