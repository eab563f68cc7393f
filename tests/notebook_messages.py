"""What each test cell of a solution notebook says about an answer file, run in this process.

The autograde suites grade through nbgrader and a kernel, which takes minutes; to
check the *message* of every failing test cell (the diagnosis a student reads),
``failure_messages`` executes the notebook's code cells in one namespace here, with
an answer file's edits applied, and returns the message of each test cell that
raised: ``str(error)`` for an ``AssertionError`` (what the feedback page shows),
``"<ExceptionName>: <message>"`` otherwise.

An answer file names what its failures must say on ``# expects:`` lines (one
substring per line, matched case-insensitively), next to its ``# fails:`` line.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

import matplotlib
import nbformat

from grader.trusted.submissions import apply_edits, grade_id_of, read_answer_file

ROOT = Path(__file__).resolve().parents[1]
_EXPECTS = re.compile(r"^# expects:\s*(?P<text>.+?)\s*$")

# Buggy files whose failure does not yet name the bug (the message is right about the verdict, vague
# about the cause). Each is a strict xfail, here and in tests/autograde_suite.py: naming it later turns
# the tests red until it leaves this list.
NOT_YET_NAMED = {
    # dZ2 masked with layer 1's (A1 > 0) instead of its own: wrong in W1, b1, W2 and b2 at once, with no
    # pattern the numbers alone show; naming it needs each layer's mask, which only the network knows.
    "relu_mask_of_the_wrong_layer",
}


def expected_diagnoses(answer_file: Path) -> list[str]:
    """The substrings the ``# expects:`` lines of an answer file require, in order."""
    lines = answer_file.read_text(encoding="utf-8").splitlines()
    return [match["text"] for line in lines if (match := _EXPECTS.match(line))]


def solution_notebook(assignment: str) -> nbformat.NotebookNode:
    (path,) = (ROOT / "solutions" / assignment).glob("*.ipynb")
    return nbformat.read(path, as_version=4)


def failure_messages(assignment: str, answer_file: Path | None, only: set[str] | None = None) -> dict[str, str]:
    """grade_id → message of every test cell that fails, the answer file's edits applied.

    ``only``: run just these test cells (every other code cell still runs), to save time.
    Matplotlib draws to the Agg backend; output is swallowed.
    """
    notebook = solution_notebook(assignment)
    if answer_file is not None:
        notebook = apply_edits(notebook, read_answer_file(answer_file))
    namespace: dict = {"__name__": "__main__"}
    messages: dict[str, str] = {}
    folder = ROOT / "solutions" / assignment
    previous = os.getcwd()
    matplotlib.use("Agg")  # in this process only: not os.environ, which kernels started later (nbval) inherit
    sink = io.StringIO()
    try:
        os.chdir(folder)
        sys.path.insert(0, str(ROOT))
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                meta = cell.metadata.get("nbgrader", {})
                grade_id = grade_id_of(cell)
                is_test = meta.get("grade") and not meta.get("solution")
                if is_test and only is not None and grade_id not in only:
                    continue
                source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
                try:
                    exec(compile(source, f"<cell {grade_id}>", "exec"), namespace)
                except Exception as error:  # noqa: BLE001 -- every failure is a message to record
                    if is_test:
                        messages[grade_id] = _message(error)
    finally:
        os.chdir(previous)
        sys.path.remove(str(ROOT))
        import matplotlib.pyplot as plt

        plt.close("all")
    return messages


def _message(error: BaseException) -> str:
    if isinstance(error, AssertionError):
        return str(error)
    return f"{type(error).__name__}: {error}"
