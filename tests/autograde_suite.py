"""One autograding suite, reused by every assignment's test file.

A test file says only which assignment it grades::

    class TestNumericalDerivatives(AutogradeSuite):
        assignment = "01_numerical_derivatives"

and the suite autogrades, through nbgrader in a temporary course folder (all
submissions at once, in parallel, as ``backprop-lab demo`` grades a class),
every answer file in ``tests/submissions/<assignment>/`` (see grader.trusted.submissions),
applied to the *solution*, so that each file plants bugs in otherwise correct work.
Its first line names the test cells the bug must fail: ``# fails: id_1, id_2``.
Those cells must score 0 and every other cell full marks: a bug costs exactly its
exercise's points, no more, no less. Every exercise (autograded answer cell) must
be the target of at least one such file. A file whose ``# fails:`` list is empty is an
*alternative-correct* answer (correct code written differently from the solution)
and must earn full marks; every exercise must be answered by at least one.
Below it, ``# expects: <words>`` lines say what the failure must tell the student:
each must appear in the error of a failing cell of the *autograded* notebook (what
the feedback page shows), as tests/test_diagnosis_corpus.py checks in process.

To keep ``make test`` within its budget, answer files that edit different cells and
fail different test cells are *packed* into one submission (one notebook run instead
of several). Each file is still judged on its own: its named cells must score 0, and
every cell that no file of its pack names must score full marks. What packing cannot
see is a bug that leaks into the cells of another bug in the same pack.

The correct work that every pack is built on is the solution: each test cell must earn full
marks in some pack, so the solution's code earns every test cell's points through the real
pipeline. (The solution notebook itself passes its tests in nbval, and the sample class grades
a correct submission and the blank release of every assignment: tests/test_sample_class.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import SOLUTIONS, SUBMISSIONS

from notebook_messages import NOT_YET_NAMED, expected_diagnoses

from grader.trusted.course import CourseFolder, SubmissionGrade
from grader.trusted.submissions import apply_edits, grade_id_of, read_answer_file

_FAILS = re.compile(r"^# fails:(?P<grade_ids>.*)$")


def expected_failures(answer_file: Path) -> set[str]:
    """The test-cell grade_ids named on the ``# fails:`` first line of an answer file."""
    first_line = answer_file.read_text(encoding="utf-8").splitlines()[0]
    match = _FAILS.match(first_line)
    if not match:
        raise ValueError(f"{answer_file} must start with '# fails: <test grade_ids>'")
    return {grade_id.strip() for grade_id in match["grade_ids"].split(",") if grade_id.strip()}


def answer_files(assignment: str) -> list[Path]:
    """The answer files of one assignment: planted bugs and alternative-correct answers."""
    return sorted((SUBMISSIONS / assignment).glob("*.py"))


def pack_answer_files(files: list[Path]) -> list[list[Path]]:
    """Group answer files, first fit in order, so no two in a group touch or fail the same cell."""
    packs: list[tuple[list[Path], set[str], set[str]]] = []
    for path in files:
        edited = {edit.grade_id for edit in read_answer_file(path)}
        failing = expected_failures(path)
        for members, pack_edited, pack_failing in packs:
            if edited.isdisjoint(pack_edited) and failing.isdisjoint(pack_failing):
                members.append(path)
                pack_edited |= edited
                pack_failing |= failing
                break
        else:
            packs.append(([path], edited, failing))
    return [members for members, _, _ in packs]


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
        """Grades keyed by the stem of every answer file (the grade of its pack)."""
        (notebook,) = course.notebooks(cls.assignment)
        solution = course.source_notebook(cls.assignment, notebook)
        submissions = {}
        pack_of = {}
        for number, pack in enumerate(pack_answer_files(answer_files(cls.assignment)), start=1):
            student = f"planted-bugs-{number:02d}"
            edits = [edit for path in pack for edit in read_answer_file(path)]
            submissions[student] = apply_edits(solution, edits)
            pack_of.update({path.stem: student for path in pack})

        for student, content in submissions.items():
            course.submit(student, cls.assignment, notebook, content)
        for outcome in course.autograde_all([(student, cls.assignment) for student in submissions]):
            assert outcome.success, f"autograding {outcome.task.student} crashed:\n{outcome.log}"
        grades = {student: course.grade(cls.assignment, student) for student in submissions}
        return {stem: grades[student] for stem, student in pack_of.items()}

    def test_the_solution_earns_every_test_cell_in_some_pack(self, grades):
        cells = {grade_id for grade in grades.values() for grade_id in grade.cells}
        full_somewhere = {g.grade_id for grade in grades.values() for g in grade.cells.values()
                          if g.score == g.max_score > 0}
        assert cells and not cells - full_somewhere, f"never full marks: {sorted(cells - full_somewhere)}"

    def exercises(self, course) -> set[str]:
        """The grade_ids of the autograded answer cells."""
        (notebook,) = course.notebooks(self.assignment)
        return {
            grade_id_of(cell)
            for cell in course.source_notebook(self.assignment, notebook).cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
        }

    def answered_by(self, *, correct: bool) -> set[str]:
        """The cells edited by the alternative-correct (``correct``) or by the buggy answer files."""
        return {
            edit.grade_id
            for path in answer_files(self.assignment) if (not expected_failures(path)) == correct
            for edit in read_answer_file(path)
        }

    def test_every_exercise_has_a_planted_bug(self, course):
        missing = self.exercises(course) - self.answered_by(correct=False)
        assert not missing, f"exercises with no buggy answer: {sorted(missing)}"

    def test_every_exercise_has_an_alternative_correct_answer(self, course):
        missing = self.exercises(course) - self.answered_by(correct=True)
        assert not missing, f"exercises with no alternative-correct answer: {sorted(missing)}"

    def test_planted_bug_costs_exactly_its_exercise(self, grades, answer_file):
        must_fail = expected_failures(answer_file)
        (pack,) = [pack for pack in pack_answer_files(answer_files(self.assignment)) if answer_file in pack]
        failed_by_pack = set().union(*(expected_failures(path) for path in pack))
        cells = grades[answer_file.stem].cells
        assert must_fail <= cells.keys(), f"{answer_file.name} names unknown test cells"
        not_failed = {g.grade_id: g.score for g in cells.values() if g.grade_id in must_fail and g.score != 0}
        not_full = {
            g.grade_id: (g.score, g.max_score)
            for g in cells.values()
            if g.grade_id not in failed_by_pack and g.score != g.max_score
        }
        packed_with = ", ".join(path.stem for path in pack if path != answer_file) or "nothing"
        assert not not_failed, f"{answer_file.name}: the bug earns points in {not_failed}"
        assert not not_full, (
            f"{answer_file.name} (graded together with {packed_with}): cells that should keep full "
            f"marks lost points (score, max): {not_full}"
        )

    def test_planted_bug_failure_names_the_bug(self, course, grades, answer_file):
        """Each ``# expects:`` phrase is in the errors of the cells the bug fails, as autograded."""
        must_fail = expected_failures(answer_file)
        if not must_fail:
            pytest.skip("an alternative-correct answer")
        (notebook,) = course.notebooks(self.assignment)
        student = grades[answer_file.stem].student
        graded = nbformat.read(course.root / "autograded" / student / self.assignment / f"{notebook}.ipynb",
                               as_version=4)
        errors = "\n".join(
            f"{output.ename}: {output.evalue}"
            for cell in graded.cells if cell.cell_type == "code" and grade_id_of(cell) in must_fail
            for output in cell.get("outputs", []) if output.output_type == "error")
        missing = [words for words in expected_diagnoses(answer_file) if words.lower() not in errors.lower()]
        if answer_file.stem in NOT_YET_NAMED:
            assert missing, f"{answer_file.name} is named now: take it off NOT_YET_NAMED (tests/notebook_messages.py)"
            pytest.xfail("diagnosis not yet specific")
        assert expected_diagnoses(answer_file), f"{answer_file.name} has no '# expects:' line"
        assert not missing, f"{answer_file.name}: the autograded failure does not say {missing}:\n{errors}"
