"""The nbgrader configuration of a course folder: which steps autograding and feedback run.

Its own module, so that the course folder (grader.trusted.course) and the grading workers
(grader.trusted.grading) both import it without importing each other.
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern, LimitOutput,
                                    SaveAutoGrades)
from traitlets.config import Config

from grader.limits import CELL_TIMEOUT_SECONDS, MAX_OUTPUT_LINES, MEMORY_LIMIT_MB
from grader.trusted.execution import GradingExecute
from grader.trusted.feedback import FeedbackExporter, StudentFeedback
from grader.trusted.stderr_policy import StderrCostsNothing

#: The folder of a course (or shard) where the judge writes its verdicts, out of the kernel's reach.
VERDICTS = ".verdicts"


def grading_config(root: Path, cell_timeout: int = CELL_TIMEOUT_SECONDS,
                   memory_limit_mb: int = MEMORY_LIMIT_MB, sandbox: bool = True) -> Config:
    """The nbgrader configuration of a course folder at ``root``.

    Autograding executes with grader.trusted.execution.GradingExecute (sandboxed kernel,
    kernel-death recovery, test cells judged on the trusted side) instead of nbgrader's
    Execute, its verdicts written to ``VERDICTS`` in ``root``; feedback is rendered with
    grader.trusted.feedback.StudentFeedback.
    """
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{Path(root) / 'gradebook.db'}"
    config.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__"]
    config.Autograde.autograde_preprocessors = [
        GradingExecute, StderrCostsNothing, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
    ]
    config.GradingExecute.timeout = cell_timeout
    config.GradingExecute.interrupt_on_timeout = True
    config.GradingExecute.source_root = str(Path(root) / "source")
    config.GradingExecute.verdict_root = str(Path(root) / VERDICTS)
    config.GradingKernelManager.memory_limit_mb = memory_limit_mb
    config.GradingKernelManager.use_sandbox = sandbox
    config.LimitOutput.max_lines = MAX_OUTPUT_LINES
    config.GenerateFeedback.preprocessors = [GetGrades, StudentFeedback, CSSHTMLHeaderPreprocessor]
    config.GenerateFeedback.exporter_class = FeedbackExporter  # nbgrader's page, each test cell's exercise named
    return config
