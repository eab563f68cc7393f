"""The grading kernel: an ipykernel process with limits a student cannot lift.

``GradingKernelManager`` starts every autograding kernel as
``python -m grader.kernel -f <connection file>`` instead of
``python -m ipykernel_launcher -f …``. Before ipykernel starts, this launcher

- caps the kernel's address space (``RLIMIT_AS``), so a submission that allocates
  without bound gets a ``MemoryError`` in its own cell instead of taking the grading
  machine down;
- runs numerical libraries single-threaded, so that students graded in parallel do
  not compete for cores, and matplotlib without rendering figures (a third of the
  time of a plotting notebook; figures earn no points, so feedback shows none);
- caps what one cell may print (``CappedOutStream``): a submission printing a million
  lines costs the kernel a second instead of flooding the grader with messages;
- prints warnings to stdout rather than stderr. nbgrader gives 0 to a test cell that
  writes to stderr; a numpy ``RuntimeWarning`` raised by an otherwise correct answer
  (``exp`` overflowing to ``inf`` in a sigmoid, say) must not cost the student
  points: correctness is decided by the checks, and the warning stays visible in the
  feedback.

The manager talks to its kernel over Unix sockets in a private directory (ZeroMQ's
``ipc`` transport) rather than TCP ports on localhost. jupyter_client picks a free
TCP port by binding and releasing it; another process starting a kernel at the same
moment (parallel grading, pytest workers, nbval) can take the same port, and the
kernel then dies before it answers (jupyter/jupyter_client#487). A socket path in a
directory of the kernel's own cannot collide. The kernel process's stderr goes to a
log in that directory, kept as ``startup_errors`` when the kernel is cleaned up, so a
kernel that fails to start says why.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from ipykernel.iostream import OutStream
from jupyter_client.manager import AsyncKernelManager
from traitlets import Integer, Unicode

#: Address-space cap of a grading kernel, in MiB (an idle kernel with numpy maps ~0.5 GiB).
DEFAULT_MEMORY_LIMIT_MB = 2048

#: Lines one cell may print to a stream before the rest is dropped (feedback keeps fewer).
MAX_LINES_PER_CELL = 5000
TRUNCATED = "\n... output truncated by the grader: this cell printed more than {} lines ...\n"

#: Bytes of the kernel's stderr log kept for the error message of a failed start.
STARTUP_ERRORS_KEPT = 2000

#: The folder in which kernels make their socket directories (default: the system's
#: temporary folder). grader.grading points its workers at a folder of the run's own and
#: removes it afterwards, also what a worker that was killed could not clean up.
SOCKET_ROOT_VARIABLE = "BACKPROP_LAB_SOCKET_ROOT"

_MEMORY_LIMIT_VARIABLE = "BACKPROP_LAB_KERNEL_MEMORY_MB"
_SINGLE_THREADED = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class GradingKernelManager(AsyncKernelManager):
    """Starts the kernel through this module's launcher, with ``memory_limit_mb``,
    connected over Unix sockets in a private directory (see the module docstring)."""

    memory_limit_mb = Integer(
        DEFAULT_MEMORY_LIMIT_MB, help="Address-space limit of the kernel process in MiB (0: none)."
    ).tag(config=True)
    startup_errors = Unicode(
        "", help="The end of what the kernel process wrote to stderr, read when it is cleaned up."
    )

    def __init__(self, **kwargs):
        # short: socket paths are limited to ~100 bytes
        self._directory = tempfile.mkdtemp(prefix="bplab-", dir=os.environ.get(SOCKET_ROOT_VARIABLE))
        kwargs.setdefault("transport", "ipc")
        # the socket path prefix: ZeroMQ appends "-<n>" for each of the five channels
        kwargs.setdefault("ip", os.path.join(self._directory, "kernel"))
        super().__init__(**kwargs)

    @property
    def _stderr_log(self) -> str:
        return os.path.join(self._directory, "stderr.log")

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        if command[1:3] != ["-m", "ipykernel_launcher"]:
            raise RuntimeError(f"grading needs a Python kernel, not {command!r}")
        return [command[0], "-m", "grader.kernel", *command[3:],
                f"--IPKernelApp.outstream_class={__name__}.CappedOutStream"]

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw):
        env = dict(kw.get("env") or os.environ)
        env[_MEMORY_LIMIT_VARIABLE] = str(self.memory_limit_mb)
        for variable in _SINGLE_THREADED:  # set before the kernel imports numpy
            env.setdefault(variable, "1")
        env["MPLBACKEND"] = "agg"  # figures are not graded: do not render them
        kw["env"] = env
        # what the student's code prints reaches the notebook through the kernel protocol;
        # the process's own stderr only matters when the kernel fails to start
        with open(self._stderr_log, "ab") as log:
            kw["stderr"] = log
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if restart or self._directory is None:
            return
        try:
            with open(self._stderr_log, "rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - STARTUP_ERRORS_KEPT))
                self.startup_errors = log.read().decode(errors="replace")
        except FileNotFoundError:
            pass
        shutil.rmtree(self._directory, ignore_errors=True)
        self._directory = None

    cleanup_resources = _async_cleanup_resources  # what nbclient calls after a failed start


class CappedOutStream(OutStream):
    """ipykernel's stdout/stderr that forwards at most MAX_LINES_PER_CELL lines per cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cap = [None, 0]  # [request being counted, lines it printed]

    def write(self, string: str) -> int | None:
        cap = self._cap
        request = self.parent_header.get("msg_id")
        if request != cap[0]:
            cap[0], cap[1] = request, 0
        if cap[1] > MAX_LINES_PER_CELL:
            return len(string)
        cap[1] += string.count("\n")
        if cap[1] > MAX_LINES_PER_CELL:
            super().write(TRUNCATED.format(MAX_LINES_PER_CELL))
            return len(string)
        return super().write(string)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at ``megabytes`` MiB (0 leaves it alone)."""
    if megabytes <= 0:
        return
    import resource

    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def print_warnings_to_stdout() -> None:
    """Show every warning on the notebook's stdout, formatted as Python would."""
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show
    # plt.show() under the agg backend says it cannot show anything: true and irrelevant
    warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")


def main() -> None:
    """Apply the limits, then become an ordinary ipykernel (same arguments)."""
    limit_memory(int(os.environ.get(_MEMORY_LIMIT_VARIABLE, DEFAULT_MEMORY_LIMIT_MB)))
    print_warnings_to_stdout()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
