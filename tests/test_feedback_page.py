"""The feedback page a student gets (grader.trusted.feedback), read from real autograded submissions.

The tiny assignment of tests/test_classroom.py is autograded through nbgrader and its feedback
generated as an instructor would; each test reads one student's page.
"""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from nbconvert.exporters import HTMLExporter
from test_classroom import ASSIGNMENT, NOTEBOOK, write_tiny_assignment

from grader.trusted.course import CourseFolder
from grader.trusted.feedback import NO_ALT_TEXT, NOT_ANSWERED, FeedbackExporter, exercise_name, section_headings
from grader.trusted.submissions import Edit, apply_edits

# square() fails inside numpy's own Python code: the traceback runs through a file of the venv.
RAISES_IN_NUMPY = 'def square(x):\n    return np.linalg.norm(x, ord="bogus") * x'
CORRECT_CUBE = "def cube(x):\n    return x ** 3"
# An image output (a 1×1 PNG, shown by the student's code), which nbconvert's pages give an alt text.
SHOWS_AN_IMAGE = ("import base64\nfrom IPython.display import Image, display\ndisplay(Image(base64.b64decode("
                  "'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==')))")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """student → the text of their feedback page (tags stripped, entities decoded), and the raw HTML."""
    solutions = write_tiny_assignment(tmp_path_factory.mktemp("solutions"))
    course = CourseFolder(tmp_path_factory.mktemp("course"), solutions, workers=2)
    course.generate_release()
    release = course.released_notebook(ASSIGNMENT, NOTEBOOK)
    course.submit("blank", ASSIGNMENT, NOTEBOOK, release)
    course.submit("raises_in_numpy", ASSIGNMENT, NOTEBOOK,
                  apply_edits(release, [Edit("replace", "square", RAISES_IN_NUMPY),
                                        Edit("replace", "cube", f"{CORRECT_CUBE}\n\n\n{SHOWS_AN_IMAGE}")]))
    for outcome in course.autograde_all():
        assert outcome.success, outcome.log
    course.generate_feedback(ASSIGNMENT)
    raw = {student: (course.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
           for student in ("blank", "raises_in_numpy")}
    return {"course": course, "course_root": str(course.root), **{f"{s}.html": page for s, page in raw.items()},
            **{s: html.unescape(re.sub(r"<[^>]+>", "", page)) for s, page in raw.items()}}


def test_an_unanswered_exercise_says_it_has_not_been_answered_yet(pages):
    assert NOT_ANSWERED in pages["blank"]
    assert "NotImplementedError" not in pages["blank"].replace(NOT_ANSWERED, "").replace(
        "raise NotImplementedError()", "")


def test_an_error_in_student_code_keeps_the_students_frame_and_its_message(pages):
    page = pages["raises_in_numpy"]
    assert re.search(r"Cell In\[\d+\], line 2, in square\(x\)", page), page
    assert "ValueError: Invalid norm order 'bogus' for vectors" in page


def test_an_error_in_student_code_shows_no_library_or_grader_frame(pages):
    page = pages["raises_in_numpy"]
    assert "site-packages" not in page and "numpy/linalg" not in page
    assert "grader/" not in page and "checker" not in page


def test_no_page_shows_an_instructor_path(pages):
    for student in ("blank", "raises_in_numpy"):
        assert str(ROOT) not in pages[student], student
        assert pages["course_root"] not in pages[student], student


def test_the_summary_names_each_exercise_instead_of_test_cell(pages):
    page = pages["raises_in_numpy.html"]
    assert ">Test cell<" not in page
    assert ">Square (Tiny)</a>" in page and ">Cube (Cube)</a>" in page


def test_the_page_is_nbconverts_without_its_second_parse(pages, monkeypatch):
    """FeedbackExporter skips HTMLExporter's BeautifulSoup pass (for speed): parsed, its page must
    be the one nbconvert makes with that pass, alt text of images included."""
    course = pages["course"]
    monkeypatch.setattr(FeedbackExporter, "from_notebook_node", HTMLExporter.from_notebook_node)
    course.generate_feedback(ASSIGNMENT)
    nbconverts = (course.root / "feedback" / "raises_in_numpy" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    ours = pages["raises_in_numpy.html"]
    assert f'alt="{NO_ALT_TEXT}"' in ours and "<img" in ours
    assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(nbconverts, "html.parser"))


def test_exercise_names_are_the_grade_id_in_words_and_the_section_heading():
    assert exercise_name("relu_layer_tests", "Activations: ReLU, sigmoid, tanh") == (
        "Relu layer (Activations: ReLU, sigmoid, tanh)")
    assert exercise_name("gradient_check_tests", None) == "Gradient check"
    assert exercise_name("tests", None) == "Tests"


def test_section_headings_are_the_last_heading_above_each_cell():
    import nbformat

    cells = [nbformat.v4.new_markdown_cell("# Title\n## First"), nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_markdown_cell("no heading"), nbformat.v4.new_code_cell("y = 2"),
             nbformat.v4.new_markdown_cell("### Second"), nbformat.v4.new_code_cell("z = 3")]
    assert section_headings(cells) == [None, "First", "First", "First", "First", "Second"]
