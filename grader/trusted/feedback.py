"""Student-facing feedback: the checker's message first, hidden test code out of the way.

nbgrader's feedback HTML is the autograded notebook. For a failed test cell that
would show the hidden test source (restored at autograding) and a long traceback
through the checker; what the student needs is the checker's message: its
per-parameter table and diagnosis ("dW scaled by 2", …), which the test-cell helpers
put in the error message and as an HTML table. ``StudentFeedback`` (run by
``nbgrader generate_feedback``, see grader.trusted.config.grading_config)

- replaces the hidden part of each test cell with a one-line placeholder,
- shortens the traceback of a failed check (an AssertionError and its kin,
  grader.checker.testing's WrongAnswerError and GradientCheckError included) to its message,
- says that an exercise still raising ``NotImplementedError`` has not been answered
  yet, and
- keeps, of an error raised in the student's own code, only the frames in the
  student's cells: never the test cell's frame, nor a frame in a file (the grader's
  or a library's), whose path is the instructor's machine.

Each test cell is named after its exercise (``exercise_name``: its grade_id in words and the heading of
its section) in the page's summary, where nbgrader's own template says "Test cell" for every one
(``FEEDBACK_TEMPLATE``, rendered by ``FeedbackExporter``, see grader.trusted.config.grading_config).

``unreadable_notebook_page`` is the feedback for a notebook that could not be graded
at all (missing, or not a valid notebook), which nbgrader has no page for.
"""

from __future__ import annotations

import html
import re

from jinja2 import DictLoader
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import default

HIDDEN_PLACEHOLDER = "# (hidden tests: their result is shown below)"
CHECK_FAILURES = {"AssertionError", "CheckFailure", "GradientCheckError", "WrongAnswerError",
                  "KernelDied", "CellTimeoutError"}
#: Image outputs, and the ``alt`` text of one that has none (nbconvert's own, from its HTMLExporter).
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})
NO_ALT_TEXT = "No description has been provided for this image"
NOT_ANSWERED = ("This exercise has not been answered yet: its code still raises NotImplementedError. Replace "
                "`raise NotImplementedError()` with your answer, run the cell, then run this test cell again.")


# nbgrader's feedback page (feedback/index.html.j2), its summary naming each test cell's exercise
# (metadata backprop_lab.exercise, written by StudentFeedback) instead of "Test cell". Jinja's
# super.super() renders the notebook itself, skipping the parent's body with its own summary.
FEEDBACK_TEMPLATE_NAME = "backprop_lab_feedback.html.j2"
FEEDBACK_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block body %}
<body>
  <a name="top"></a>
  <div class="container">
    <div class="panel panel-default">
      <div class="panel-heading">
        <h4>{{ resources.nbgrader.notebook }} (Score: {{ resources.nbgrader.score | float | round(2) }} / {{ resources.nbgrader.max_score | float | round(2) }})</h4>
        <div id="toc">
          <ol>
          {% for cell in nb.cells %}
            {% if cell.metadata.nbgrader and cell.metadata.nbgrader.grade %}
            <li><a href="#{{ cell.metadata.nbgrader.grade_id }}">{{ ((cell.metadata.backprop_lab or {}).exercise or cell.metadata.nbgrader.grade_id) | e }}</a> (Score: {{ cell.metadata.nbgrader.score | float | round(2) }} / {{ cell.metadata.nbgrader.points | float | round(2) }})</li>
            {% endif %}
          {% endfor %}
          {% if resources.nbgrader.late_penalty > 0 %}
            <li class="late-penalty">Late submission penalty (Score: -{{ resources.nbgrader.late_penalty | float | round(2) }})</li>
          {% endif %}
          </ol>
        </div>
      </div>
      <div class="panel-body">
        <div id="notebook" class="border-box-sizing">
          <div class="container" id="notebook-container">
            {{ super.super() }}
          </div>
        </div>
      </div>
    </div>
  </div>
</body>
{%- endblock body %}
"""


class FeedbackExporter(HTMLExporter):
    """nbgrader's feedback page (its template_name and paths still come from nbgrader), exercises named."""

    @default("extra_loaders")
    def _extra_loaders_default(self):
        return [DictLoader({FEEDBACK_TEMPLATE_NAME: FEEDBACK_TEMPLATE})]

    @default("template_file")
    def _template_file_default(self):
        return FEEDBACK_TEMPLATE_NAME

    def from_notebook_node(self, nb, resources=None, **kw):
        """``HTMLExporter.from_notebook_node`` (nbconvert 7) without its last step, which parses
        the whole page again with BeautifulSoup to give images without one an ``alt`` text and
        the lab template's cells a ``tabindex``. nbgrader's feedback template is the classic one,
        which has no such cells, and ``StudentFeedback`` gives image outputs their ``alt`` text
        before rendering; the parse took more than half of each page's time (0.8 s of 1.4 s for
        notebook 02). tests/test_feedback_page.py checks that the pages are still nbconvert's."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class StudentFeedback(NbGraderPreprocessor):
    """Hide hidden-test source, reduce failed checks to their message, name each test cell's exercise."""

    def preprocess(self, nb, resources):
        self._headings = section_headings(nb.cells)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            for image in IMAGE_TYPES.intersection(output.get("data", {})):
                output.setdefault("metadata", {}).setdefault(image, {}).setdefault("alt", NO_ALT_TEXT)
        if utils.is_grade(cell):
            name = exercise_name(cell.metadata["nbgrader"]["grade_id"], self._headings[index])
            cell.metadata["backprop_lab"] = {"exercise": name}
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            cell.source = without_hidden_tests(cell.source)
            for output in cell.get("outputs", []):
                if output.output_type != "error":
                    continue
                if output.ename in CHECK_FAILURES:
                    output.traceback = [f"\x1b[0;31m{output.ename}\x1b[0m: {output.evalue}"]
                elif output.ename == "NotImplementedError":
                    output.traceback = [NOT_ANSWERED]
                else:
                    output.traceback = student_frames(output.traceback, cell.get("execution_count"))
        return cell, resources


def section_headings(cells) -> list[str | None]:
    """For each cell, the last Markdown heading above it (without its #s), or None."""
    headings, current = [], None
    for cell in cells:
        headings.append(current)
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    current = line.lstrip("#").strip()
    return headings


def exercise_name(grade_id: str, heading: str | None) -> str:
    """'Relu layer (Activations: ReLU, sigmoid, tanh)' for grade_id 'relu_layer_tests' in that section."""
    words = re.sub(r"[_-]+", " ", re.sub(r"[_-]?tests?$", "", grade_id)).strip() or grade_id
    words = words[:1].upper() + words[1:]
    return f"{words} ({heading})" if heading else words


def student_frames(traceback: list[str], execution_count) -> list[str]:
    """The entries of an IPython traceback that a student should see.

    Kept: frames in other cells (the student's code) and the closing
    "Name: message" line.  Dropped: the separator line, the test cell's own
    frame (hidden test code) and every frame in a file ("File /path/…"),
    which would show the grader's internals and the instructor's paths.
    """
    own_frame = f"In[{execution_count}]"
    kept = []
    for entry in traceback:
        plain = _without_colours(entry)
        if own_frame in plain or plain.lstrip().startswith("File ") or set(plain.strip()) <= {"-"}:
            continue
        kept.append(entry)
    return kept


def _without_colours(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def without_hidden_tests(source: str) -> str:
    """``source`` with each BEGIN/END HIDDEN TESTS region replaced by a placeholder line."""
    kept, hidden = [], False
    for line in source.splitlines():
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
            kept.append(line[: len(line) - len(line.lstrip())] + HIDDEN_PLACEHOLDER)
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def unreadable_notebook_page(student: str, assignment: str, notebook: str, problem: str, max_score: float) -> str:
    """A feedback page for a notebook that could not be graded."""
    title = html.escape(f"{assignment}/{notebook}.ipynb — {student}")
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>\n"
        f"<h1>{title}</h1>\n<p><strong>Score: 0 / {max_score:g}</strong></p>\n"
        f"<p>{html.escape(problem)}</p>\n"
        "<p>Submit the notebook file itself (File → Save, then hand in the <code>.ipynb</code>); "
        "if it was damaged, download a fresh copy of the assignment and redo your answers in it.</p>\n"
        "</body></html>\n"
    )
