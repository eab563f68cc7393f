"""The grading kernel's start-up: private Unix sockets, and a retry when a kernel dies early."""

from __future__ import annotations

import os
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader.trusted.execution import KERNEL_START_ATTEMPTS, GradingExecute
from grader.trusted.kernel import GradingKernelManager

CRASH_ON_START = "import sys; sys.stderr.write('simulated start-up crash'); sys.exit(3)"


class CrashingKernelManager(GradingKernelManager):
    """Kernels whose first ``crashes`` starts (counted across instances) exit at once."""

    crashes = 0

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if type(self).crashes > 0:
            type(self).crashes -= 1
            return [sys.executable, "-c", CRASH_ON_START]
        return command


def run_notebook(tmp_path, manager_class) -> nbformat.NotebookNode:
    notebook = new_notebook(cells=[new_code_cell("print(6 * 7)")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    executor = GradingExecute(kernel_manager_class=manager_class, startup_timeout=60)
    notebook, _ = executor.preprocess(notebook, {"metadata": {"path": str(tmp_path)}})
    return notebook


def test_kernel_talks_over_unix_sockets_in_a_private_directory_removed_afterwards(tmp_path):
    import asyncio

    async def start_and_stop():
        manager = GradingKernelManager(kernel_name="python3")
        await manager.start_kernel(cwd=str(tmp_path))
        try:
            directory = os.path.dirname(manager.ip)
            assert manager.transport == "ipc"
            assert os.stat(directory).st_mode & 0o077 == 0, "other users could reach the sockets"
            assert len(f"{manager.ip}-{manager.shell_port}") < 100  # the Unix socket path limit
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            client.stop_channels()
        finally:
            await manager.shutdown_kernel(now=True)
        return directory

    directory = asyncio.run(start_and_stop())
    assert not os.path.exists(directory)


def test_a_kernel_that_dies_on_start_is_replaced(tmp_path):
    CrashingKernelManager.crashes = KERNEL_START_ATTEMPTS - 1
    notebook = run_notebook(tmp_path, CrashingKernelManager)
    assert CrashingKernelManager.crashes == 0
    assert notebook.cells[0].outputs[0]["text"] == "42\n"


def test_a_kernel_that_never_starts_fails_with_its_stderr(tmp_path):
    CrashingKernelManager.crashes = KERNEL_START_ATTEMPTS
    with pytest.raises(RuntimeError, match=f"failed to start {KERNEL_START_ATTEMPTS} times(.|\n)*simulated start-up crash"):
        run_notebook(tmp_path, CrashingKernelManager)
    assert CrashingKernelManager.crashes == 0
