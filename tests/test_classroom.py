"""The grading plumbing (grader.trusted: course, grading, execution, the judge, intake) on a tiny assignment.

``99_tiny`` has two exercises, each with one test cell worth 1 point:
``square(x)`` (answer cell ``square``, tests ``square_tests``) and ``cube(x)``
(``cube`` / ``cube_tests``), with a read-only markdown cell between them. Its tests
use numpy, so patching numpy is a way to cheat them. Answer files for it are
written inline in the tests (grader.trusted.submissions format).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ASSIGNMENT = "99_tiny"
NOTEBOOK = "tiny"


def _marks(grade_id, *, grade=False, solution=False, locked=False, points=None):
    marks = {"schema_version": 3, "grade_id": grade_id, "grade": grade, "solution": solution, "locked": locked}
    if points is not None:
        marks["points"] = points
    return {"nbgrader": marks}


def write_tiny_assignment(solutions: Path, solution_secret: str = "", hidden_secret: str = "") -> Path:
    """Write ``solutions/99_tiny/tiny.ipynb`` and return the solutions folder.

    Its tests check the shape before the values: ``np.allclose`` broadcasts, and an empty
    (0, 3) array is "close" to anything (a forgery of tests/test_forged_grades.py).

    A ``solution_secret`` or ``hidden_secret`` is written as a comment into both solution
    cells or both hidden tests: a string that must never reach a student
    (tests/test_hostile_submissions.py looks for it in feedback)."""
    in_solution = f"    # {solution_secret}\n" if solution_secret else ""
    in_hidden = f"# {hidden_secret}\n" if hidden_secret else ""
    cells = [
        nbformat.v4.new_markdown_cell("# Tiny\nSquare and cube.", metadata=_marks("intro", locked=True)),
        nbformat.v4.new_code_cell("import numpy as np"),
        nbformat.v4.new_code_cell(
            f"def square(x):\n    ### BEGIN SOLUTION\n{in_solution}    return x * x\n    ### END SOLUTION",
            metadata=_marks("square", solution=True)),
        nbformat.v4.new_code_cell(
            "result = square(np.arange(3.0))\n"
            "assert np.shape(result) == (3,) and np.allclose(result, [0, 1, 4]), 'square is wrong'\n"
            f"### BEGIN HIDDEN TESTS\n{in_hidden}"
            "result = square(np.array([-2.0, 3.0]))\n"
            "assert np.shape(result) == (2,) and np.allclose(result, [4, 9]), 'square is wrong on hidden cases'\n"
            "### END HIDDEN TESTS",
            metadata=_marks("square_tests", grade=True, locked=True, points=1)),
        nbformat.v4.new_markdown_cell("## Cube", metadata=_marks("cube_intro", locked=True)),
        nbformat.v4.new_code_cell(
            f"def cube(x):\n    ### BEGIN SOLUTION\n{in_solution}    return x ** 3\n    ### END SOLUTION",
            metadata=_marks("cube", solution=True)),
        nbformat.v4.new_code_cell(
            "result = cube(np.arange(3.0))\n"
            "assert np.shape(result) == (3,) and np.allclose(result, [0, 1, 8]), 'cube is wrong'\n"
            f"### BEGIN HIDDEN TESTS\n{in_hidden}"
            "result = cube(np.array([-2.0]))\n"
            "assert np.shape(result) == (1,) and np.allclose(result, [-8]), 'cube is wrong on hidden cases'\n"
            "### END HIDDEN TESTS",
            metadata=_marks("cube_tests", grade=True, locked=True, points=1)),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = solutions / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return solutions


# --- the grading plumbing, on the tiny assignment ----------------------------------

import csv  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402

from grader.trusted.course import CourseFolder  # noqa: E402
from grader.trusted.submissions import Edit, apply_edits  # noqa: E402

#: Short, so the infinite loop costs little; the tiny cells take milliseconds.
TIMEOUT = 5
#: Small, so the memory hog reaches it within the timeout.
MEMORY_LIMIT_MB = 1024

CORRECT_SQUARE = "def square(x):\n    return x * x"
CORRECT_CUBE = "def cube(x):\n    return x ** 3"


def _answers(**cells):
    return [Edit("replace", grade_id, source) for grade_id, source in cells.items()]


#: student -> (edits applied to the release, or raw bytes, or None for no file), expected cell scores
SUBMISSIONS = {
    "perfect": (_answers(square=CORRECT_SQUARE, cube=CORRECT_CUBE), {"square_tests": 1, "cube_tests": 1}),
    "blank": ([], {"square_tests": 0, "cube_tests": 0}),
    "raises": (_answers(square="def square(x):\n    raise ValueError('not yet')", cube=CORRECT_CUBE),
               {"square_tests": 0, "cube_tests": 1}),
    "nan": (_answers(square="import numpy as np\ndef square(x):\n    return x * np.nan", cube=CORRECT_CUBE),
            {"square_tests": 0, "cube_tests": 1}),
    "loops_forever": (_answers(square="def square(x):\n    while True:\n        x = x * 1\n    return x",
                               cube=CORRECT_CUBE), {"square_tests": 0, "cube_tests": 1}),
    "os_exit": (_answers(square=CORRECT_SQUARE, cube="import os\nos._exit(0)"),
                {"square_tests": 1, "cube_tests": 0}),
    "ipython_exit": (_answers(square=CORRECT_SQUARE, cube="exit()"), {"square_tests": 1, "cube_tests": 0}),
    "sys_exit": (_answers(square="import sys\nsys.exit('giving up')", cube=CORRECT_CUBE),
                 {"square_tests": 0, "cube_tests": 1}),
    "swallows_interrupt": (_answers(square="import time\nwhile True:\n    try:\n        time.sleep(1)\n"
                                           "    except BaseException:\n        pass", cube=CORRECT_CUBE),
                           {"square_tests": 0, "cube_tests": 1}),
    "big_display": (_answers(square=CORRECT_SQUARE + "\nfrom IPython.display import HTML, display\n"
                                   "display(HTML('<table>' + '<tr><td>1</td></tr>' * 6000 + '</table>'))",
                            cube=CORRECT_CUBE), {"square_tests": 1, "cube_tests": 1}),
    "nests_folders": (_answers(square=CORRECT_SQUARE + "\nimport os\nhome = os.getcwd()\nfor _ in range(2500):\n"
                                     "    os.mkdir('d')\n    os.chdir('d')\nos.chdir(home)",
                               cube=CORRECT_CUBE), {"square_tests": 1, "cube_tests": 1}),
    "memory_hog": (_answers(
        square="import numpy as np\ndef square(x):\n    history = []\n    while True:\n"
               "        history.append(np.ones(10**7))\n    return x * x",
        cube=CORRECT_CUBE), {"square_tests": 0, "cube_tests": 1}),
    "prints_a_lot": (_answers(square="def square(x):\n    for step in range(20_000):\n        print('step', step)\n"
                                     "    return x * x", cube=CORRECT_CUBE), {"square_tests": 1, "cube_tests": 1}),
    "overflow_warning": (_answers(
        square="import numpy as np\ndef square(x):\n    np.exp(np.full(3, 1000.0))  # overflows: a RuntimeWarning\n"
               "    return x * x", cube=CORRECT_CUBE), {"square_tests": 1, "cube_tests": 1}),
    "patches_numpy": (_answers(square="import numpy as np\nnp.allclose = lambda *args, **kwargs: True\n"
                                      "def square(x):\n    return x", cube=CORRECT_CUBE),
                      {"square_tests": 0, "cube_tests": 1}),
    "edits_tests": ([*_answers(square="def square(x):\n    return x"),
                     Edit("replace", "square_tests", "pass  # all good"), Edit("replace", "cube_tests", "pass")],
                    {"square_tests": 0, "cube_tests": 0}),
    "deletes_tests": ([*_answers(square=CORRECT_SQUARE, cube="def cube(x):\n    return x * x"),
                       Edit("delete", "square_tests"), Edit("delete", "cube_tests"), Edit("delete", "cube_intro")],
                      {"square_tests": 1, "cube_tests": 0}),
    "not_json": (b'{"cells": [{"cell_type": "code", "source": "def square(x):', {"square_tests": 0, "cube_tests": 0}),
    "no_notebook": (None, {"square_tests": 0, "cube_tests": 0}),
}


#: Tries to kill the worker process grading it; in the sandbox its parent is out of reach.
KILLS_ITS_GRADER = "kills_grader"
KILL_THE_PARENT = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """The tiny course with every submission above autograded (in parallel) and its feedback."""
    solutions = write_tiny_assignment(tmp_path_factory.mktemp("solutions"))
    course = CourseFolder(tmp_path_factory.mktemp("course"), solutions, cell_timeout=TIMEOUT,
                          memory_limit_mb=MEMORY_LIMIT_MB, workers=2)
    course.generate_release()
    release = course.released_notebook(ASSIGNMENT, NOTEBOOK)
    for student, (content, _) in SUBMISSIONS.items():
        if isinstance(content, list):
            content = apply_edits(release, content)
        course.submit(student, ASSIGNMENT, NOTEBOOK, content)
    course.submit(KILLS_ITS_GRADER, ASSIGNMENT, NOTEBOOK, apply_edits(release, _answers(square=KILL_THE_PARENT)))
    (course.root / "submitted" / "perfect" / ASSIGNMENT / "timestamp.txt").write_text("2026-03-01 12:00:00 UTC")
    # a temporary folder of its own (here and in the spawned workers), to see what grading leaves in it
    temporary = tmp_path_factory.mktemp("tmp")
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = os.environ["TMPDIR"] = str(temporary)
    try:
        outcomes = course.autograde_all()
    finally:
        tempfile.tempdir = saved[0]
        if saved[1] is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = saved[1]
    course.socket_folders_left = sorted(path.name for path in temporary.glob("bplab-*"))
    course.generate_feedback(ASSIGNMENT)
    course.outcomes = {outcome.task.student: outcome for outcome in outcomes}
    return course


def _cell_scores(course, student):
    return {grade_id: cell.score for grade_id, cell in course.grade(ASSIGNMENT, student).cells.items()}


def _feedback(course, student):
    return (course.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")


def _autograded_outputs(course, student, grade_id):
    notebook = nbformat.read(course.root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return cell.outputs


@pytest.mark.parametrize("student", SUBMISSIONS)
def test_every_submission_is_graded_without_crashing_the_run(graded_course, student):
    outcome = graded_course.outcomes[student]
    assert outcome.success, outcome.log
    assert _cell_scores(graded_course, student) == SUBMISSIONS[student][1]


def test_a_submission_cannot_kill_its_grading_process(graded_course):
    outcome = graded_course.outcomes[KILLS_ITS_GRADER]
    assert outcome.success, outcome.log
    # its kill missed (the sandbox's PID namespace holds no grader process): graded on its answers
    assert _cell_scores(graded_course, KILLS_ITS_GRADER) == {"square_tests": 0, "cube_tests": 0}  # no answers
    assert graded_course.socket_folders_left == [], "kernel socket folders were left behind"


def test_the_hand_in_time_is_recorded(graded_course):
    from nbgrader.api import Gradebook

    with Gradebook(graded_course.config.CourseDirectory.db_url) as gradebook:
        handed_in = gradebook.find_submission(ASSIGNMENT, "perfect").timestamp
    assert handed_in.isoformat().startswith("2026-03-01T12:00:00")


def test_kernel_death_keeps_earlier_points_and_says_what_happened(graded_course):
    (died,) = _autograded_outputs(graded_course, "os_exit", "cube_tests")
    assert died.ename == "KernelDied" and "earlier cell" in died.evalue
    assert "kernel died" in _feedback(graded_course, "os_exit")
    (exited,) = _autograded_outputs(graded_course, "ipython_exit", "cube")
    assert exited.ename == "KernelDied" and "exit()" in exited.evalue


def test_infinite_loop_is_interrupted_and_later_cells_still_run(graded_course):
    outputs = _autograded_outputs(graded_course, "loops_forever", "square_tests")
    timeouts = [output for output in outputs if output.get("ename") == "CellTimeoutError"]
    assert timeouts and f"time limit of {TIMEOUT} s" in timeouts[0].evalue


def test_a_cell_that_swallows_the_interrupt_gets_a_new_kernel_and_later_cells_still_run(graded_course):
    (stuck,) = [output for output in _autograded_outputs(graded_course, "swallows_interrupt", "square")
                if output.get("ename") == "CellTimeoutError"]
    assert "did not stop when interrupted" in stuck.evalue and f"{TIMEOUT} s" in stuck.evalue
    # cube_tests scored 1 (test_every_submission_is_graded...), in the new kernel


def test_memory_limit_turns_a_memory_hog_into_a_memory_error(graded_course):
    outputs = _autograded_outputs(graded_course, "memory_hog", "square_tests")
    assert [output.ename for output in outputs if output.output_type == "error"] == ["MemoryError"]


def test_an_output_flood_is_truncated(graded_course):
    outputs = _autograded_outputs(graded_course, "prints_a_lot", "square_tests")
    printed = "".join(output.get("text", "") for output in outputs)
    assert printed.count("\n") <= 1001 and "truncated" in printed


def test_a_warning_from_a_correct_answer_goes_to_stdout(graded_course):
    outputs = _autograded_outputs(graded_course, "overflow_warning", "square_tests")
    assert [(output.name, "RuntimeWarning" in output.text) for output in outputs] == [("stdout", True)]


def test_patching_numpy_in_the_kernel_changes_no_verdict(graded_course):
    """The tests run in the judge, with the grader's own numpy: the kernel's patch is not seen."""
    feedback = _feedback(graded_course, "patches_numpy")
    assert "square is wrong" in feedback


def test_feedback_shows_the_message_not_the_hidden_tests(graded_course):
    feedback = _feedback(graded_course, "edits_tests")
    assert "square is wrong" in feedback
    assert "hidden cases" not in feedback and "hidden tests: their result is shown below" in feedback


def test_broken_and_missing_notebooks_get_a_feedback_page(graded_course):
    assert "not valid JSON" in _feedback(graded_course, "not_json")
    assert "No notebook was submitted" in _feedback(graded_course, "no_notebook")


def test_exported_csv_has_every_student_who_handed_in_with_a_status(graded_course, tmp_path):
    rows = list(csv.DictReader(graded_course.export_grades(tmp_path / "grades.csv").open()))
    killer = graded_course.grade(ASSIGNMENT, KILLS_ITS_GRADER).score  # graded, or 0 if its grading failed
    assert {row["student_id"]: float(row["score"]) for row in rows} == {
        KILLS_ITS_GRADER: killer, **{student: float(sum(cells.values())) for student, (_, cells) in SUBMISSIONS.items()}}
    status = {row["student_id"]: row["status"] for row in rows}
    assert {status[student] for student in SUBMISSIONS} == {"graded"}
    assert status[KILLS_ITS_GRADER] == "graded" if graded_course.outcomes[KILLS_ITS_GRADER].success \
        else status[KILLS_ITS_GRADER].startswith("failed: ")


def test_regrading_gives_the_same_grades_and_a_failed_regrade_loses_nothing(graded_course, monkeypatch):
    from grader.trusted import grading

    before = {student: _cell_scores(graded_course, student) for student in ("perfect", "os_exit")}
    graded_course.autograde_all([("perfect", ASSIGNMENT), ("os_exit", ASSIGNMENT)])
    assert {student: _cell_scores(graded_course, student) for student in before} == before

    def unreadable_snapshot(course):  # the copy of the gradebook every shard starts from
        (course / grading.SHARDS / grading.SNAPSHOT).write_text("this file is not a gradebook")

    monkeypatch.setattr(grading, "snapshot_gradebook", unreadable_snapshot)
    (outcome,) = graded_course.autograde_all([("perfect", ASSIGNMENT)], workers=1)
    assert not outcome.success and "not a database" in outcome.log
    assert _cell_scores(graded_course, "perfect") == before["perfect"]


# --- the integrity check, in this process ------------------------------------------


def test_the_command_line_grades_gives_feedback_and_exports(tmp_path, capsys):
    """backprop-lab autograde / feedback / export on a course folder, as the README shows."""
    from grader.trusted.cli import main

    repository = tmp_path / "repository"
    write_tiny_assignment(repository / "solutions")
    course = CourseFolder(tmp_path / "course", repository / "solutions", workers=2)
    course.generate_release()
    course.submit("perfect", ASSIGNMENT, NOTEBOOK, course.source_notebook(ASSIGNMENT, NOTEBOOK))
    course.submit("blank", ASSIGNMENT, NOTEBOOK, course.released_notebook(ASSIGNMENT, NOTEBOOK))

    main(["--repository", str(repository), "autograde", str(course.root)])
    main(["--repository", str(repository), "feedback", str(course.root)])
    main(["--repository", str(repository), "export", str(course.root), str(tmp_path / "grades.csv")])

    printed = capsys.readouterr().out
    assert f"graded perfect{' ' * 18}{ASSIGNMENT:<26} 2/2" in printed
    assert f"graded blank{' ' * 20}{ASSIGNMENT:<26} 0/2" in printed
    assert (course.root / "feedback" / "perfect" / ASSIGNMENT / f"{NOTEBOOK}.html").exists()
    with open(tmp_path / "grades.csv", newline="") as grades:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(grades)}
    assert scores == {"perfect": 2.0, "blank": 0.0}
