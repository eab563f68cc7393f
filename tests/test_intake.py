"""Intake (grader.trusted.intake*): real submissions get a fair grade or a clear reason.

Each kind of damage is built here from the tiny release of tests/test_classroom.py,
applied to a correct submission, and graded next to the correct control: the student
always had correct answers, so full marks (2/2) and a note saying what was repaired is
the right outcome. The first part checks intake alone (no kernel); the second grades.
"""

from __future__ import annotations

import copy
import csv
import json
import os

import nbformat
import pytest
from test_classroom import ASSIGNMENT, CORRECT_CUBE, CORRECT_SQUARE, NOTEBOOK, _answers, write_tiny_assignment

from grader.trusted import grading
from grader.trusted.course import CourseFolder
from grader.trusted.intake import NOTE_CELL_ID, take_in
from grader.trusted.intake_file import UnreadableNotebook, read_notebook_file
from grader.trusted.intake_timestamp import read_hand_in_time
from grader.trusted.submissions import apply_edits, grade_id_of

TIMEOUT = 10


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    solutions = write_tiny_assignment(tmp_path_factory.mktemp("solutions"))
    course = CourseFolder(tmp_path_factory.mktemp("course"), solutions)
    course.generate_release()
    return course.released_notebook(ASSIGNMENT, NOTEBOOK)


# --- ways a correct notebook gets damaged on its way in ------------------------------


def correct(release) -> nbformat.NotebookNode:
    return apply_edits(release, _answers(square=CORRECT_SQUARE, cube=CORRECT_CUBE))


def as_bytes(notebook) -> bytes:
    return nbformat.writes(notebook).encode("utf-8")


def without_metadata(notebook, keep_ids=True) -> bytes:
    """A VS Code / LMS round trip: every cell's metadata is {} (ids, sources, order kept)."""
    stripped = copy.deepcopy(notebook)
    for cell in stripped.cells:
        cell.metadata = {}
        if not keep_ids:
            cell.id = f"x{abs(hash(cell.source)) % 10**8}"
    return as_bytes(stripped)


def as_json(notebook) -> dict:
    return json.loads(nbformat.writes(notebook))


def json_bytes(data: dict) -> bytes:
    return json.dumps(data, indent=1).encode("utf-8")


def minor_2_with_ids(notebook) -> bytes:
    data = as_json(notebook)
    data["nbformat_minor"] = 2
    return json_bytes(data)


def a_null_id(notebook) -> bytes:
    data = as_json(notebook)
    data["cells"][1]["id"] = None
    return json_bytes(data)


def markdown_with_outputs(notebook) -> bytes:
    data = as_json(notebook)
    data["cells"][0]["outputs"] = []
    return json_bytes(data)


def kernelspec_without_display_name(notebook) -> bytes:
    data = as_json(notebook)
    del data["metadata"]["kernelspec"]["display_name"]
    return json_bytes(data)


def windows_bytes(notebook) -> bytes:
    """Saved by a Windows editor: a UTF-8 byte-order mark and CRLF line endings."""
    return b"\xef\xbb\xbf" + as_bytes(notebook).replace(b"\n", b"\r\n")


def without_tests(notebook) -> nbformat.NotebookNode:
    deleted = copy.deepcopy(notebook)
    deleted.cells = [cell for cell in deleted.cells if not (grade_id_of(cell) or "").endswith("_tests")]
    return deleted


def answer_cell_copied(notebook) -> nbformat.NotebookNode:
    """The square answer cell copied (metadata and all) to just below itself, as a scratch copy."""
    copied = copy.deepcopy(notebook)
    index = next(i for i, cell in enumerate(copied.cells) if grade_id_of(cell) == "square")
    scratch = copy.deepcopy(copied.cells[index])
    scratch.id = "scratch"
    copied.cells.insert(index + 1, scratch)
    return copied


# --- intake alone ---------------------------------------------------------------------


def _take_in(tmp_path, release, files: dict[str, bytes]):
    handed_in, target = tmp_path / "handed_in", tmp_path / "target"
    handed_in.mkdir()
    target.mkdir()
    for name, data in files.items():
        (handed_in / name).write_bytes(data)
    intake = take_in(handed_in, target, {NOTEBOOK: release})
    path = target / f"{NOTEBOOK}.ipynb"
    return intake, (nbformat.read(path, as_version=4) if path.exists() else None)


def _marked(notebook) -> list[str]:
    return [grade_id_of(cell) for cell in notebook.cells if grade_id_of(cell)]


@pytest.mark.parametrize("keep_ids", [True, False], ids=["ids_kept", "ids_lost"])
def test_cells_that_lost_their_markings_are_found_again_in_release_order(tmp_path, release, keep_ids):
    intake, notebook = _take_in(tmp_path, release, {f"{NOTEBOOK}.ipynb": without_metadata(correct(release), keep_ids)})
    assert _marked(notebook) == _marked(release)
    answers = {grade_id_of(cell): cell.source for cell in notebook.cells if grade_id_of(cell)}
    assert answers["square"] == CORRECT_SQUARE and answers["cube"] == CORRECT_CUBE
    assert "lost the grader's cell markings" in " ".join(intake.notes)
    assert notebook.cells[0].id == NOTE_CELL_ID and "VS Code" in notebook.cells[0].source


def test_test_cells_restored_without_markings_come_after_the_answers_they_test(tmp_path, release):
    stripped = without_metadata(without_tests(correct(release)))
    intake, notebook = _take_in(tmp_path, release, {f"{NOTEBOOK}.ipynb": stripped})
    order = [grade_id_of(cell) for cell in notebook.cells if grade_id_of(cell) in {"square", "square_tests",
                                                                                    "cube", "cube_tests"}]
    assert order == ["square", "square_tests", "cube", "cube_tests"]
    assert "put them back after your answers" in " ".join(intake.notes)


@pytest.mark.parametrize("damage", [minor_2_with_ids, a_null_id, markdown_with_outputs,
                                    kernelspec_without_display_name, windows_bytes])
def test_a_file_jupyter_accepts_is_repaired_and_the_repair_is_named(release, damage):
    read = read_notebook_file(damage(correct(release)))
    nbformat.validate(read.notebook)
    assert read.repairs and _marked(read.notebook) == _marked(release)


def test_a_file_that_is_not_a_notebook_is_still_refused_with_a_reason():
    with pytest.raises(UnreadableNotebook, match="not valid JSON"):
        read_notebook_file(b'{"cells": [')
    with pytest.raises(UnreadableNotebook, match="not a valid Jupyter notebook|not a Jupyter notebook"):
        read_notebook_file(b'{"hello": "world"}')


def test_a_copied_answer_cell_keeps_its_marking_on_the_first_copy_only(tmp_path, release):
    intake, notebook = _take_in(tmp_path, release, {f"{NOTEBOOK}.ipynb": as_bytes(answer_cell_copied(correct(release)))})
    assert _marked(notebook) == _marked(release)
    assert "appears 2 times" in " ".join(intake.notes)


def test_a_single_notebook_under_another_name_is_graded_and_named(tmp_path, release):
    intake, notebook = _take_in(tmp_path, release, {f"{NOTEBOOK} (1).ipynb": as_bytes(correct(release))})
    assert notebook is not None and intake.gradable == [NOTEBOOK]
    assert f"'{NOTEBOOK} (1).ipynb'" in " ".join(intake.notes)


def test_a_folder_without_the_notebook_names_the_files_that_are_there(tmp_path, release):
    intake, notebook = _take_in(tmp_path, release, {"answers.pdf": b"%PDF", "a.ipynb": b"{}", "b.ipynb": b"{}"})
    assert notebook is None
    problem = intake.problems[NOTEBOOK]
    assert "No notebook was submitted" in problem and "'answers.pdf'" in problem and "cannot tell" in problem


@pytest.mark.parametrize("stamp, utc", [
    ("2026-03-01 12:00:00.000000 UTC", "2026-03-01T12:00:00"),    # nbgrader's own format
    ("2026-03-01 12:00:00 -0800", "2026-03-01T20:00:00"),          # nbgrader reads -800 seconds
    ("2026-03-01 12:00:00 PST", "2026-03-01T20:00:00"),            # nbgrader drops the zone
    ("2026-03-01T12:00:00-08:00", "2026-03-01T20:00:00"),
    ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00"),
    ("Sun, 01 Mar 2026 12:00:00 +0100", "2026-03-01T11:00:00"),
    ("2026-03-01 12:00:00 America/Los_Angeles", "2026-03-01T20:00:00"),
    ("2026-03-01 12:00:00", "2026-03-01T12:00:00"),                # no zone: UTC, as nbgrader reads it
])
def test_hand_in_times_are_read_as_their_writers_mean_them(stamp, utc):
    hand_in_time = read_hand_in_time(stamp)
    assert hand_in_time.utc.isoformat() == utc and hand_in_time.note is None


def test_an_unreadable_hand_in_time_is_named_instead_of_failing():
    assert read_hand_in_time("handed in on time, promise").utc is None
    assert "not a date and time" in read_hand_in_time("handed in on time, promise").note
    assert "does not know" in read_hand_in_time("2026-03-01 12:00:00 XYZ").note


# --- graded next to a correct control ------------------------------------------------

LOGS_TO_STDERR = ("import logging, sys\nlogging.basicConfig(stream=sys.stderr, level=logging.INFO, force=True)\n"
                  "def square(x):\n    logging.info('squaring %s', x)\n    return x * x")

#: student -> (what is handed in, built from the release; timestamp.txt or None)
DAMAGED = {
    "control": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(correct(r))}, None),
    "vscode": (lambda r: {f"{NOTEBOOK}.ipynb": without_metadata(correct(r))}, None),
    "vscode_tests_deleted": (lambda r: {f"{NOTEBOOK}.ipynb": without_metadata(without_tests(correct(r)))}, None),
    "minor_2_with_ids": (lambda r: {f"{NOTEBOOK}.ipynb": minor_2_with_ids(correct(r))}, None),
    "null_id": (lambda r: {f"{NOTEBOOK}.ipynb": a_null_id(correct(r))}, None),
    "markdown_outputs": (lambda r: {f"{NOTEBOOK}.ipynb": markdown_with_outputs(correct(r))}, None),
    "no_display_name": (lambda r: {f"{NOTEBOOK}.ipynb": kernelspec_without_display_name(correct(r))}, None),
    "windows": (lambda r: {f"{NOTEBOOK}.ipynb": windows_bytes(correct(r))}, None),
    "logs_to_stderr": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(
        apply_edits(r, _answers(square=LOGS_TO_STDERR, cube=CORRECT_CUBE)))}, None),
    "copied_answer_cell": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(answer_cell_copied(correct(r)))}, None),
    "renamed": (lambda r: {f"{NOTEBOOK} (1).ipynb": as_bytes(correct(r))}, None),
    "stamp_offset": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(correct(r))}, "2026-03-01 12:00:00 -0800"),
    "stamp_zone_name": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(correct(r))}, "2026-03-01 12:00:00 PST"),
    "stamp_unreadable": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(correct(r))}, "last Tuesday"),
    "stu[3]": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(correct(r))}, None),
    "stu3": (lambda r: {f"{NOTEBOOK}.ipynb": as_bytes(r)}, None),  # blank: what the pattern stu[3] matches
}
EXPECTED_SCORE = {student: 2.0 for student in DAMAGED} | {"stu3": 0.0}
#: What the note (feedback and CSV) must say for each repaired submission.
EXPECTED_NOTE = {
    "vscode": "lost the grader's cell markings",
    "vscode_tests_deleted": "put them back after your answers",
    "minor_2_with_ids": "declares format 4.2",
    "null_id": "given new ids",
    "markdown_outputs": "'outputs' on a markdown cell",
    "no_display_name": "no display_name",
    "windows": "byte-order mark",
    "copied_answer_cell": "appears 2 times",
    "renamed": "handed in as 'tiny (1).ipynb'",
    "stamp_unreadable": "not a date and time",
}
HANDED_IN_AT = {"stamp_offset": "2026-03-01T20:00:00", "stamp_zone_name": "2026-03-01T20:00:00",
                "stamp_unreadable": None}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    solutions = write_tiny_assignment(tmp_path_factory.mktemp("solutions"))
    course = CourseFolder(tmp_path_factory.mktemp("course"), solutions, cell_timeout=TIMEOUT, workers=2)
    course.generate_release()
    release = course.released_notebook(ASSIGNMENT, NOTEBOOK)
    for student, (build, stamp) in DAMAGED.items():
        folder = course.submit(student, ASSIGNMENT, NOTEBOOK, build(release)).parent
        if stamp is not None:
            (folder / "timestamp.txt").write_text(stamp)
    course.outcomes = {o.task.student: o for o in course.autograde_all(feedback=True)}
    return course


def _feedback(course, student):
    return (course.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("student", DAMAGED)
def test_a_damaged_submission_of_correct_answers_earns_full_marks(graded, student):
    assert graded.outcomes[student].success, graded.outcomes[student].log
    assert graded.grade(ASSIGNMENT, student).score == EXPECTED_SCORE[student]


@pytest.mark.parametrize("student", [s for s, note in EXPECTED_NOTE.items() if note])
def test_every_repair_is_said_in_the_feedback_and_the_csv(graded, student, tmp_path):
    note = EXPECTED_NOTE[student]
    assert "Note from the grader" in _feedback(graded, student) and note in _feedback(graded, student)
    rows = {row["student_id"]: row for row in csv.DictReader(graded.export_grades(tmp_path / "g.csv").open())}
    assert note in rows[student]["intake_notes"] and rows[student]["status"] == "graded"


def test_a_correct_submission_gets_no_note(graded):
    assert "Note from the grader" not in _feedback(graded, "control")


def test_stderr_from_a_correct_answer_costs_nothing_and_stays_visible(graded):
    assert "squaring" in _feedback(graded, "logs_to_stderr")


@pytest.mark.parametrize("student", HANDED_IN_AT)
def test_the_hand_in_time_is_recorded_in_utc_or_left_out_when_unreadable(graded, student):
    from nbgrader.api import Gradebook

    with Gradebook(graded.config.CourseDirectory.db_url) as gradebook:
        handed_in = gradebook.find_submission(ASSIGNMENT, student).timestamp
    assert (handed_in.isoformat() if handed_in else None) == HANDED_IN_AT[student]


def test_a_student_id_with_glob_characters_is_taken_literally(graded):
    assert graded.grade(ASSIGNMENT, "stu[3]").score == 2.0 and graded.grade(ASSIGNMENT, "stu3").score == 0.0
    assert (graded.root / "feedback" / "stu[3]" / ASSIGNMENT / f"{NOTEBOOK}.html").exists()


def test_a_failed_submission_appears_in_the_csv_with_why(graded, tmp_path, monkeypatch):
    def every_worker_dies(tasks, workers):
        for task in tasks:
            yield grading.GradingOutcome(task, False, log="Traceback ...\nRuntimeError: the worker died")

    for student in ("never_graded", "newcomer"):
        (graded.root / "submitted" / student / ASSIGNMENT).mkdir(parents=True)
    monkeypatch.setattr(grading, "run_tasks", every_worker_dies)
    graded.autograde_all([("control", ASSIGNMENT), ("newcomer", ASSIGNMENT)])
    rows = {row["student_id"]: row for row in csv.DictReader(graded.export_grades(tmp_path / "g.csv").open())}
    assert rows["control"]["status"] == "failed: RuntimeError: the worker died"
    assert float(rows["control"]["score"]) == 2.0  # the grade recorded before is kept
    assert rows["newcomer"]["status"].startswith("failed: ") and float(rows["newcomer"]["score"]) == 0.0
    assert rows["never_graded"]["status"] == "not graded yet"
    assert rows["vscode"]["status"] == "graded"


# --- links in a hand-in (an unpacked archive can hold them) ---------------------------------


def test_a_handed_in_folder_that_is_a_link_is_not_followed(tmp_path, release):
    other = tmp_path / "submitted" / "honest" / ASSIGNMENT
    other.mkdir(parents=True)
    (other / f"{NOTEBOOK}.ipynb").write_bytes(as_bytes(correct(release)))
    thief = tmp_path / "submitted" / "thief"
    thief.mkdir()
    (thief / ASSIGNMENT).symlink_to(other)
    target = tmp_path / "target"
    target.mkdir()
    intake = take_in(thief / ASSIGNMENT, target, {NOTEBOOK: release})
    assert intake.gradable == [] and "is a link" in intake.problems[NOTEBOOK]


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_handed_in_notebook_that_is_a_link_is_not_read(tmp_path, release, link):
    original = tmp_path / "source.ipynb"
    original.write_bytes(as_bytes(correct(release)))
    handed_in = tmp_path / "handed_in"
    handed_in.mkdir()
    (handed_in / f"{NOTEBOOK}.ipynb").symlink_to(original) if link == "symbolic" else \
        os.link(original, handed_in / f"{NOTEBOOK}.ipynb")
    target = tmp_path / "target"
    target.mkdir()
    intake = take_in(handed_in, target, {NOTEBOOK: release})
    assert intake.gradable == [] and NOTEBOOK in intake.problems
