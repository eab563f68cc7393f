"""The gradebook as a table: one row per student, one column per assignment.

Read from a course folder's nbgrader gradebook (grader.trusted.course.CourseFolder.grade),
so it shows exactly what is recorded, including 0 for work never handed in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GradeTable:
    """``scores[student][assignment] = (score, max_score)``, with the row and column order."""

    students: list[str]
    assignments: list[str]
    scores: dict[str, dict[str, tuple[float, float]]]

    def total(self, student: str) -> tuple[float, float]:
        row = self.scores[student].values()
        return sum(score for score, _ in row), sum(maximum for _, maximum in row)


def grade_table(course, students: list[str] | None = None) -> GradeTable:
    """The recorded grades of ``students`` (default: everyone who submitted) in ``course``."""
    students = course.students() if students is None else students
    assignments = course.assignments
    scores = {}
    for student in students:
        scores[student] = {}
        for assignment in assignments:
            grade = course.grade(assignment, student)
            scores[student][assignment] = (grade.score, grade.max_score)
    return GradeTable(students, assignments, scores)


def format_table(table: GradeTable) -> str:
    """A plain-text table: ``score/max`` per assignment and a total per student."""
    header = ["student", *table.assignments, "total"]
    rows = []
    for student in table.students:
        cells = [_points(*table.scores[student][a]) for a in table.assignments]
        rows.append([student, *cells, _points(*table.total(student))])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        first = row[0].ljust(widths[0])
        return "  ".join([first, *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:]))])

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _points(score: float, maximum: float) -> str:
    return f"{score:g}/{maximum:g}"
