"""Output on stderr costs no points: correctness is decided by the checks alone.

nbgrader scores a test cell 0 when any of its outputs is a stream named ``stderr``
(``nbgrader.utils.determine_grade``), even when every check in it passed. A correct
answer can write there for reasons that say nothing about its correctness:
``logging.info`` with a handler set up in an earlier cell, a library's progress bar,
a ``print(..., file=sys.stderr)`` left from debugging. The grading kernel already
prints warnings to stdout (grader.trusted.kernel); ``StderrCostsNothing`` covers the rest,
deciding in the grader's process (a student cannot undo it from the kernel).

It runs in autograding right after the execute step (grader.trusted.config.grading_config)
and turns each stderr stream output into a stdout one with the same text, so the text
stays visible in the feedback and a failed check still fails through its error output.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor


class StderrCostsNothing(NbGraderPreprocessor):
    """Rename every ``stderr`` stream output of a code cell to ``stdout`` (text unchanged)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    output.name = "stdout"
        return cell, resources
