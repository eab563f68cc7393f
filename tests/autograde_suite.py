"""One autograding suite, reused by every assignment's test file.

A test file says only which assignment it grades::

    class TestNumericalDerivatives(AutogradeSuite):
        assignment = "01_numerical_derivatives"

and the suite autogrades, through nbgrader in a temporary course folder (all
submissions at once, in parallel, as ``backprop-lab demo`` grades a class):

- the solution notebook (must earn full marks),
- the blank student release (must earn 0 and not crash the run),
- every answer file in ``tests/submissions/<assignment>/`` (see grader.submissions),
  applied to the *solution*, so that each file plants bugs in otherwise correct work.
  Its first line names the test cells the bug must fail: ``# fails: id_1, id_2``.
  Those cells must score 0 and every other cell full marks: a bug costs exactly its
  exercise's points, no more, no less. Every exercise (autograded answer cell) must
  be the target of at least one such file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SOLUTIONS, SUBMISSIONS

from grader.classroom import CourseFolder, SubmissionGrade
from grader.submissions import apply_edits, grade_id_of, read_answer_file

_FAILS = re.compile(r"^# fails:(?P<grade_ids>.*)$")


def expected_failures(answer_file: Path) -> set[str]:
    """The test-cell grade_ids named on the ``# fails:`` first line of an answer file."""
    first_line = answer_file.read_text(encoding="utf-8").splitlines()[0]
    match = _FAILS.match(first_line)
    if not match:
        raise ValueError(f"{answer_file} must start with '# fails: <test grade_ids>'")
    return {grade_id.strip() for grade_id in match["grade_ids"].split(",") if grade_id.strip()}


def answer_files(assignment: str) -> list[Path]:
    """The buggy answer files of one assignment."""
    return sorted((SUBMISSIONS / assignment).glob("*.py"))


class AutogradeSuite:
    """Subclass as ``Test…`` with ``assignment = "<folder in solutions/>"``."""

    assignment: str

    @pytest.fixture(scope="class")
    @classmethod
    def course(cls, tmp_path_factory) -> CourseFolder:
        course = CourseFolder(tmp_path_factory.mktemp(cls.assignment), SOLUTIONS, [cls.assignment])
        course.generate_release()
        return course

    @pytest.fixture(scope="class")
    @classmethod
    def grades(cls, course) -> dict[str, SubmissionGrade]:
        (notebook,) = course.notebooks(cls.assignment)
        solution = course.source_notebook(cls.assignment, notebook)
        submissions = {
            "solution": solution,
            "blank": course.released_notebook(cls.assignment, notebook),
        }
        for answer_file in answer_files(cls.assignment):
            submissions[answer_file.stem] = apply_edits(solution, read_answer_file(answer_file))

        for student, content in submissions.items():
            course.submit(student, cls.assignment, notebook, content)
        for outcome in course.autograde_all([(student, cls.assignment) for student in submissions]):
            assert outcome.success, f"autograding {outcome.task.student} crashed:\n{outcome.log}"
        return {student: course.grade(cls.assignment, student) for student in submissions}

    def test_solution_earns_full_marks(self, grades):
        solution = grades["solution"]
        lost = {g.grade_id: g.score for g in solution.cells.values() if g.score != g.max_score}
        assert solution.score == solution.max_score > 0, f"the solution loses points in {lost}"

    def test_blank_release_earns_nothing(self, grades):
        blank = grades["blank"]
        earned = {g.grade_id: g.score for g in blank.cells.values() if g.score}
        assert blank.score == 0, f"an untouched release earns points in {earned}"

    def test_every_exercise_has_a_planted_bug(self, course):
        (notebook,) = course.notebooks(self.assignment)
        exercises = {
            grade_id_of(cell)
            for cell in course.source_notebook(self.assignment, notebook).cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
        }
        targeted = {
            edit.grade_id for path in answer_files(self.assignment) for edit in read_answer_file(path)
        }
        assert exercises <= targeted, f"exercises with no buggy answer: {sorted(exercises - targeted)}"

    def test_planted_bug_costs_exactly_its_exercise(self, grades, answer_file):
        must_fail = expected_failures(answer_file)
        cells = grades[answer_file.stem].cells
        assert must_fail <= cells.keys(), f"{answer_file.name} names unknown test cells"
        wrong = {
            g.grade_id: (g.score, g.max_score)
            for g in cells.values()
            if g.score != (0 if g.grade_id in must_fail else g.max_score)
        }
        assert not wrong, f"{answer_file.name}: cells scored unexpectedly (score, max): {wrong}"
