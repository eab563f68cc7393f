"""Student-facing feedback: the checker's message first, hidden test code out of the way.

nbgrader's feedback HTML is the autograded notebook. For a failed test cell that
would show the hidden test source (restored at autograding) and a long traceback
through the checker; what the student needs is the checker's message: its
per-parameter table and diagnosis ("dW scaled by 2", …), which the test-cell helpers
put in the error message and as an HTML table. ``StudentFeedback`` (run by
``nbgrader generate_feedback``, see grader.trusted.course.grading_config)

- replaces the hidden part of each test cell with a one-line placeholder,
- shortens the traceback of a failed check (an AssertionError and its kin,
  grader.checker.testing's WrongAnswerError and GradientCheckError included) to its message,
- says that an exercise still raising ``NotImplementedError`` has not been answered
  yet, and
- keeps, of an error raised in the student's own code, only the frames in the
  student's cells: never the test cell's frame, nor a frame in a file (the grader's
  or a library's), whose path is the instructor's machine.

``unreadable_notebook_page`` is the feedback for a notebook that could not be graded
at all (missing, or not a valid notebook), which nbgrader has no page for.
"""

from __future__ import annotations

import html
import re

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

HIDDEN_PLACEHOLDER = "# (hidden tests: their result is shown below)"
CHECK_FAILURES = {"AssertionError", "CheckFailure", "GradientCheckError", "WrongAnswerError", "TamperingDetected",
                  "KernelDied", "CellTimeoutError"}
NOT_ANSWERED = ("This exercise has not been answered yet: its code still raises NotImplementedError. Replace "
                "`raise NotImplementedError()` with your answer, run the cell, then run this test cell again.")


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
                elif output.ename == "NotImplementedError":
                    output.traceback = [NOT_ANSWERED]
                else:
                    output.traceback = student_frames(output.traceback, cell.get("execution_count"))
        return cell, resources


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
