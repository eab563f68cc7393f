"""The grades CSV: nbgrader's export, with every student who handed in and what became of it.

nbgrader's ``CsvExportPlugin`` writes one row per student *in the gradebook* and
assignment, and a submission whose grading failed never reaches the gradebook: its
student vanishes from the export. It also writes values unquoted. ``write_grades_csv``
writes nbgrader's columns (same names, same values) through the csv module, for every
student in the gradebook or with a folder in ``submitted/``, plus two columns:

- ``status``: ``graded``, ``failed: <why>`` (a grade recorded earlier is kept and
  shown), ``not graded yet`` (handed in, never graded), or ``not handed in``;
- ``intake_notes``: what intake repaired or guessed, and why a notebook could not be
  graded (grader.trusted.intake_record), joined with `` | ``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from grader.trusted.intake_record import read_record

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
COLUMNS = [*NBGRADER_COLUMNS, "status", "intake_notes"]


def write_grades_csv(course, path: Path) -> Path:
    """Write the CSV of ``course`` (a grader.trusted.course.CourseFolder) to ``path``; return ``path``."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.config.CourseDirectory.db_url) as gradebook:
        known = {student.id: student for student in gradebook.students}
        students = sorted(set(known) | set(course.students()))
        rows = []
        for assignment in gradebook.assignments:
            for student_id in students:
                student = known.get(student_id)
                row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student_id,
                       "last_name": student and student.last_name, "first_name": student and student.first_name,
                       "email": student and student.email, "max_score": assignment.max_score,
                       "timestamp": "", "raw_score": 0.0, "late_submission_penalty": 0.0, "score": 0.0}
                try:
                    submission = gradebook.find_submission(assignment.name, student_id)
                except MissingEntry:
                    pass
                else:
                    penalty = submission.late_submission_penalty or 0.0
                    row.update(timestamp=submission.timestamp, raw_score=submission.score,
                               late_submission_penalty=penalty, score=max(0.0, submission.score - penalty))
                row.update(_status_and_notes(course, student_id, assignment.name))
                rows.append({key: "" if value is None else value for key, value in row.items()})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def _status_and_notes(course, student: str, assignment: str) -> dict[str, str]:
    record = read_record(course.root, student, assignment)
    if record is None:
        handed_in = (course.root / "submitted" / student / assignment).is_dir()
        return {"status": "not graded yet" if handed_in else "not handed in", "intake_notes": ""}
    notes = [*record.notes, *(f"{notebook}.ipynb not graded: {problem}" for notebook, problem in record.problems.items())]
    return {"status": record.status, "intake_notes": " | ".join(notes)}
