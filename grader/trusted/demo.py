"""``make demo``: grade the bundled sample class from scratch and print the gradebook.

Steps, all inside a fresh course folder under ``build/demo`` (git-ignored; committed
files are never touched):

1. copy ``solutions/`` in as the nbgrader source and generate the student release;
2. hand in the sample class of ``samples/`` (grader.trusted.submissions.class_submissions);
3. autograde every submission (grader.trusted.grading: parallel, hardened);
   and write each submission's feedback HTML as it is graded;
4. export the grades to CSV;
5. print the gradebook table and where the CSV and feedback are.

Every step starts from nothing, so running it twice gives the same grades.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from grader.trusted.course import CourseFolder
from grader.trusted.gradebook import format_table, grade_table
from grader.trusted.submissions import class_submissions


def hand_in_class(course: CourseFolder, samples: Path) -> list[str]:
    """Put every sample student's work for every assignment in ``submitted/``; return the students."""
    students = set()
    for assignment in course.assignments:
        (notebook,) = course.notebooks(assignment)
        release = course.released_notebook(assignment, notebook)
        for student, content in class_submissions(samples, assignment, release).items():
            students.add(student)
            course.submit(student, assignment, notebook, content)
    return sorted(students)


def run_demo(repository: Path, output: Path, workers: int | None = None, out=sys.stdout,
             assignments: list[str] | None = None, cell_timeout: int | None = None,
             sandbox: bool = True) -> CourseFolder:
    """Grade ``samples/`` against ``solutions/`` in a fresh course folder at ``output``.

    ``assignments`` limits the run to some assignments (default: all of solutions/);
    ``cell_timeout`` overrides grader.trusted.course.CELL_TIMEOUT_SECONDS.
    """
    started = time.monotonic()

    def say(message: str) -> None:
        print(message, file=out, flush=True)

    shutil.rmtree(output, ignore_errors=True)
    options = {"cell_timeout": cell_timeout} if cell_timeout else {}
    course = CourseFolder(output, repository / "solutions", assignments, workers=workers, sandbox=sandbox, **options)
    course.generate_release()
    say(f"released {len(course.assignments)} assignments from solutions/ into {course.root / 'release'}")
    students = hand_in_class(course, repository / "samples")
    say(f"handed in the sample class: {len(students)} students x {len(course.assignments)} assignments")

    say(f"autograding with {workers or course.workers} workers ...")
    total = len(students) * len(course.assignments)
    graded = iter(range(1, total + 1))  # a submission graded again (its worker died) keeps the last number
    course.autograde_all(progress=lambda outcome: say(f"[{next(graded, total)}/{total}]{course.describe(outcome)}"),
                         feedback=True)
    grades_csv = course.export_grades(course.root / "grades.csv")

    say("")
    say(format_table(grade_table(course, students)))
    say("")
    say(f"grades (CSV):  {grades_csv}")
    say(f"feedback HTML: {course.root / 'feedback'}/<student>/<assignment>/<notebook>.html")
    say(f"done in {time.monotonic() - started:.0f} s")
    return course
