"""grader.trusted.sandbox: what the grading kernel's file system holds, and what happens without bwrap.

What the sandbox denies a running kernel (the course folder, the repository, the
network, outliving its grading, raising its limits) is tested on real submissions in
tests/test_hostile_submissions.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.trusted import sandbox
from grader.trusted.course import CourseFolder
from grader.trusted.kernel import GradingKernelManager, matplotlib_font_list
from grader.trusted.submissions import Edit, apply_edits
from test_classroom import ASSIGNMENT, CORRECT_CUBE, CORRECT_SQUARE, NOTEBOOK, write_tiny_assignment

ROOT = Path(__file__).resolve().parents[1]


def _bound_folders(command: list[str]) -> dict[str, str]:
    """{folder inside the sandbox: how it is mounted} from a bwrap command line."""
    mounts = {}
    for position, argument in enumerate(command):
        if argument in ("--bind", "--ro-bind", "--ro-bind-try"):
            mounts[command[position + 2]] = argument
    return mounts


def test_the_kernel_sees_the_python_installation_read_only_and_only_its_scratch_writable(tmp_path):
    scratch, private = tmp_path / "scratch", tmp_path / "sockets"
    command = sandbox.sandboxed(["python", "-m", "grader.in_kernel.launcher"], scratch=str(scratch), private=str(private),
                                environment={"PATH": "/usr/bin", "SECRET_TOKEN": "hunter2",
                                             "BACKPROP_LAB_KERNEL_MEMORY_MB": "2048"})
    mounts = _bound_folders(command)
    writable = sorted(folder for folder, how in mounts.items() if how == "--bind")
    assert writable == sorted([str(scratch), str(private)])
    assert str(ROOT) not in mounts and str(Path.home()) not in mounts
    assert not any(folder in (str(ROOT / "solutions"), str(ROOT / "samples")) for folder in mounts)
    assert str(ROOT / "grader" / "checker") in mounts  # the checker the notebooks import, read-only
    assert not any(folder.startswith(str(ROOT / "grader" / "trusted")) for folder in mounts)
    assert command[command.index("--chdir") + 1] == str(scratch)
    assert "--unshare-all" in command and "--die-with-parent" in command and "--clearenv" in command
    assert "hunter2" not in command and "2048" in command  # only the grader's own variables pass


def test_the_sandbox_runs_a_python_that_sees_the_checker_but_not_the_repository_or_the_grader(tmp_path):
    command = sandbox.sandboxed(
        [sys.executable, "-c", f"import os, grader; print(os.path.exists({str(ROOT / 'solutions')!r}), "
                               f"os.path.exists({str(ROOT / 'grader' / 'trusted')!r}), "
                               f"os.path.exists({str(ROOT / 'grader' / 'checker')!r}), os.getcwd())"],
        scratch=str(tmp_path), private=str(tmp_path), environment={})
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "True", str(tmp_path)]


def test_the_sandbox_shows_neither_the_graders_environment_nor_owner_only_system_files(tmp_path):
    environment = {**os.environ, "INSTRUCTOR_TOKEN": "hunter2"}
    probe = ("import os; print('hunter2' in open('/proc/1/environ').read(), 'hunter2' in str(os.environ), "
             "os.path.exists('/etc/shadow'), os.access('/', os.W_OK))")
    command = sandbox.sandboxed([sys.executable, "-c", probe], scratch=str(tmp_path), private=str(tmp_path),
                                environment=environment)
    result = subprocess.run(command, capture_output=True, text=True, check=True,
                            env=sandbox.kernel_environment(environment, str(tmp_path)))  # as grader.trusted.kernel starts it
    assert result.stdout.split() == ["False", "False", "False", "False"]


def test_without_bwrap_grading_refuses_and_says_how_to_go_on(monkeypatch):
    def no_sandbox():
        raise sandbox.SandboxUnavailable("Student code cannot be sandboxed: … pass --no-sandbox …")

    monkeypatch.setattr("grader.trusted.course.bwrap_executable", no_sandbox)
    from grader.trusted import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["autograde", "/nonexistent-course-folder"])
    assert "--no-sandbox" in str(stop.value)


def test_a_grade_made_without_the_sandbox_says_so_in_the_feedback(tmp_path):
    course = CourseFolder(tmp_path / "course", write_tiny_assignment(tmp_path / "solutions"),
                          cell_timeout=10, workers=1, sandbox=False)
    course.generate_release()
    answers = [Edit("replace", "square", CORRECT_SQUARE), Edit("replace", "cube", CORRECT_CUBE)]
    nbformat.write(apply_edits(course.released_notebook(ASSIGNMENT, NOTEBOOK), answers),
                   course.submit("unsandboxed", ASSIGNMENT, NOTEBOOK, None))
    (outcome,) = course.autograde_all([("unsandboxed", ASSIGNMENT)], feedback=True)
    assert outcome.success, outcome.log
    assert course.grade(ASSIGNMENT, "unsandboxed").score == 2
    assert "graded without a sandbox" in course.describe(outcome)
    page = (course.root / "feedback" / "unsandboxed" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    assert "Graded without a sandbox" in page


def test_a_sandboxed_kernel_reads_the_graders_matplotlib_font_list_instead_of_building_one(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    folder = sandbox.matplotlib_folder(str(private))
    GradingKernelManager._give_font_list(folder)
    probe = ("import logging; logging.basicConfig(level=logging.DEBUG); import matplotlib.font_manager; "
             "print(matplotlib.get_configdir())")
    environment = {**os.environ, "MPLBACKEND": "agg"}
    command = sandbox.sandboxed([sys.executable, "-c", probe], scratch=str(tmp_path), private=str(private),
                                environment=environment)
    result = subprocess.run(command, capture_output=True, text=True, check=True,
                            env=sandbox.kernel_environment(environment, str(private)))
    name, _ = matplotlib_font_list()
    assert result.stdout.strip() == folder
    assert f"Using fontManager instance from {folder}/{name}" in result.stderr, result.stderr[-2000:]
