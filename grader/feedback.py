"""Student-facing feedback: the checker's message first, hidden test code out of the way.

nbgrader's feedback HTML is the autograded notebook. For a failed test cell that
would show the hidden test source (restored at autograding) and a long traceback
through the checker; what the student needs is the checker's message: its
per-parameter table and diagnosis ("dW scaled by 2", …), which the test-cell helpers
put in the error message and as an HTML table. ``StudentFeedback`` (run by
``nbgrader generate_feedback``, see grader.classroom.grading_config)

- replaces the hidden part of each test cell with a one-line placeholder, and
- shortens the traceback of a failed check (an AssertionError and its kin) to its
  message; an error raised in the student's own code keeps the traceback frames in
  the student's cells, without the test cell's frame.

``unreadable_notebook_page`` is the feedback for a notebook that could not be graded
at all (missing, or not a valid notebook), which nbgrader has no page for.
"""

from __future__ import annotations

import html

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

HIDDEN_PLACEHOLDER = "# (hidden tests: their result is shown below)"
CHECK_FAILURES = {"AssertionError", "GradientCheckError", "TamperingDetected", "KernelDied", "CellTimeoutError"}


class StudentFeedback(NbGraderPreprocessor):
    """Hide hidden-test source and reduce failed checks to their message."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            cell.source = without_hidden_tests(cell.source)
            for output in cell.get("outputs", []):
                if output.output_type != "error":
                    continue
                if output.ename in CHECK_FAILURES:
                    output.traceback = [f"\x1b[0;31m{output.ename}\x1b[0m: {output.evalue}"]
                else:  # keep the frames in the student's code, drop those in the test cell
                    own_frame = f"In[{cell.get('execution_count')}]"
                    output.traceback = [entry for entry in output.traceback if own_frame not in entry]
        return cell, resources


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
