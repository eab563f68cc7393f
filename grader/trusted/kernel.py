"""The grading kernel's manager: starts each autograding kernel in the sandbox.

``GradingKernelManager`` starts every autograding kernel as
``bwrap … python -m grader.in_kernel.launcher -f <connection file>`` (grader.trusted.sandbox) instead
of ``python -m ipykernel_launcher -f …``; grader.in_kernel.launcher sets the kernel's limits
inside the sandbox before ipykernel starts. Numerical libraries run
single-threaded, so that students graded in parallel do not compete for cores, and
matplotlib without rendering figures (a third of the time of a plotting notebook;
figures earn no points, so feedback shows none). A sandboxed kernel's matplotlib folder is in
its private directory, given the font list of the grading process's matplotlib: matplotlib
would otherwise build that list again in every new kernel (0.15 s of each notebook that
imports it). The list comes from the grader's side, never from another kernel.

The manager talks to its kernel over Unix sockets in a private directory (ZeroMQ's
``ipc`` transport) rather than TCP ports on localhost: the sandbox has no network, and
jupyter_client's way of picking a free TCP port races with other processes starting
kernels (jupyter/jupyter_client#487). The connection file lives in the same
directory. The kernel process's stderr goes to a log there, kept as
``startup_errors`` when the kernel is cleaned up, so a kernel that fails to start
says why. Interrupts are sent as ``interrupt_request`` messages: the sandboxed
kernel runs in a session of its own, out of reach of a signal to the launcher's
process group.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, Unicode

from grader import limits
from grader.trusted import sandbox
from grader.in_kernel.launcher import MEMORY_LIMIT_VARIABLE

#: The folder in which kernels make their socket directories (default: the system's
#: temporary folder). grader.trusted.grading points its workers at a folder of the run's own and
#: removes it afterwards, also what a worker that was killed could not clean up.
SOCKET_ROOT_VARIABLE = "BACKPROP_LAB_SOCKET_ROOT"

_SINGLE_THREADED = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@functools.cache
def matplotlib_font_list() -> tuple[str, bytes] | None:
    """(file name, content) of the font list that this process's matplotlib reads from its cache
    folder (building it there first if need be), or None without matplotlib or that file. Its
    name follows matplotlib 3 (``fontlist-v<FontManager.__version__>.json``): a list of another
    name is ignored by the kernel's matplotlib, which then builds its own."""
    try:
        import matplotlib
        from matplotlib import font_manager  # reads or builds the list
    except ImportError:
        return None
    name = f"fontlist-v{font_manager.FontManager.__version__}.json"
    try:
        return name, Path(matplotlib.get_cachedir(), name).read_bytes()
    except OSError:
        return None


class GradingKernelManager(AsyncKernelManager):
    """Starts the kernel through this module's launcher, in the sandbox, with ``memory_limit_mb``,
    connected over Unix sockets in a private directory (see the module docstring)."""

    memory_limit_mb = Integer(
        limits.MEMORY_LIMIT_MB, help="Address-space limit of the kernel process in MiB (0: none)."
    ).tag(config=True)
    use_sandbox = Bool(
        True, help="Run the kernel in the bubblewrap sandbox (grader.trusted.sandbox); False only for --no-sandbox."
    ).tag(config=True)
    startup_errors = Unicode(
        "", help="The end of what the kernel process wrote to stderr, read when it is cleaned up."
    )

    def __init__(self, **kwargs):
        # short: socket paths are limited to ~100 bytes
        self._directory = tempfile.mkdtemp(prefix="bplab-", dir=os.environ.get(SOCKET_ROOT_VARIABLE))
        # the log lives outside the socket folder, which the sandboxed kernel can write: it could
        # otherwise swap the log for a named pipe or a link to /dev/zero, and this process reads it
        self._log_directory = tempfile.mkdtemp(prefix="bplab-log-", dir=os.environ.get(SOCKET_ROOT_VARIABLE))
        kwargs.setdefault("transport", "ipc")
        # the socket path prefix: ZeroMQ appends "-<n>" for each of the five channels
        kwargs.setdefault("ip", os.path.join(self._directory, "kernel"))
        kwargs.setdefault("connection_file", os.path.join(self._directory, "kernel.json"))
        super().__init__(**kwargs)

    @property
    def socket_folder(self) -> str:
        """The private folder of this kernel's sockets, which the sandboxed kernel can reach too."""
        return self._directory

    @property
    def _stderr_log(self) -> str:
        return os.path.join(self._log_directory, "stderr.log")

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        if command[1:3] != ["-m", "ipykernel_launcher"]:
            raise RuntimeError(f"grading needs a Python kernel, not {command!r}")
        return [command[0], "-m", "grader.in_kernel.launcher", *command[3:],
                "--IPKernelApp.outstream_class=grader.in_kernel.launcher.CappedOutStream"]

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw):
        env = dict(kw.get("env") or os.environ)
        env[MEMORY_LIMIT_VARIABLE] = str(self.memory_limit_mb)
        for variable in _SINGLE_THREADED:  # set before the kernel imports numpy
            env.setdefault(variable, "1")
        env["MPLBACKEND"] = "agg"  # figures are not graded: do not render them
        kw["env"] = env
        if self.use_sandbox:
            if not kw.get("cwd"):  # never default to this process's folder, which may be the repository
                raise ValueError("a sandboxed grading kernel needs the notebook's folder as its cwd")
            # bwrap itself gets only the kernel's environment too: inside, /proc/1/environ is bwrap's
            kw["env"] = env = sandbox.kernel_environment(env, self._directory)
            self._give_font_list(env["MPLCONFIGDIR"])
            kernel_cmd = sandbox.sandboxed(kernel_cmd, scratch=os.path.abspath(kw["cwd"]),
                                           private=self._directory, environment=env)
        # what the student's code prints reaches the notebook through the kernel protocol; the
        # process's own stdout and stderr only matter when the kernel fails to start. They go to
        # the log, never to the grader's: a process the kernel leaves behind holds no pipe of the run
        with open(self._stderr_log, "ab") as log:
            kw.update(stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    @staticmethod
    def _give_font_list(folder: str) -> None:
        """Make the kernel's matplotlib ``folder`` with this process's font list in it."""
        os.makedirs(folder, exist_ok=True)
        if font_list := matplotlib_font_list():
            name, content = font_list
            Path(folder, name).write_bytes(content)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if restart or self._directory is None:
            return
        try:
            with open(self._stderr_log, "rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - limits.STARTUP_ERRORS_KEPT))
                self.startup_errors = log.read(limits.STARTUP_ERRORS_KEPT).decode(errors="replace")
        except FileNotFoundError:
            pass
        shutil.rmtree(self._directory, ignore_errors=True)
        shutil.rmtree(self._log_directory, ignore_errors=True)
        self._directory = None

    cleanup_resources = _async_cleanup_resources  # what nbclient calls after a failed start

    async def _async_interrupt_kernel(self) -> None:
        if not self.use_sandbox:
            return await super()._async_interrupt_kernel()
        if self.has_kernel:  # as jupyter_client does for kernels whose interrupt_mode is "message"
            self._connect_control_socket()
            self.session.send(self._control_socket, self.session.msg("interrupt_request", content={}))

    interrupt_kernel = _async_interrupt_kernel
