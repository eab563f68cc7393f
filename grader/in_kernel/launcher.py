"""Runs inside the sandbox, beside student code: limits, then an ordinary ipykernel.

``python -m grader.in_kernel.launcher -f <connection file>`` is how grader.trusted.kernel starts every
grading kernel. Before ipykernel starts, it

- sets the hard resource limits of grader.limits (address space, file size, CPU
  time, processes, no core files): a submission that allocates without bound gets a
  ``MemoryError`` in its own cell, and no submission can raise a limit again;
- prints warnings to stdout rather than stderr. nbgrader gives 0 to a test cell that
  writes to stderr; a numpy ``RuntimeWarning`` raised by an otherwise correct answer
  (``exp`` overflowing to ``inf`` in a sigmoid, say) must not cost the student
  points: correctness is decided by the checks, and the warning stays visible in the
  feedback;
- caps what one cell may print (``CappedOutStream``), in lines and in characters, so
  a submission printing a million lines or one endless line costs the kernel a
  second instead of flooding the grader (and nbclient's output merging) with it.

It shares a process with student code, so nothing here decides a grade.
"""

from __future__ import annotations

import os
import sys

from ipykernel.iostream import OutStream

from grader import limits

#: How grader.trusted.kernel tells the launcher the address-space limit, in MiB.
MEMORY_LIMIT_VARIABLE = "BACKPROP_LAB_KERNEL_MEMORY_MB"
TRUNCATED = "\n... output truncated by the grader: this cell printed more than {} ...\n"


class CappedOutStream(OutStream):
    """ipykernel's stdout/stderr that forwards at most ``MAX_LINES_PER_CELL`` lines and
    ``MAX_CHARS_PER_CELL`` characters per cell (grader.limits)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cap = [None, 0, 0]  # [request being counted, lines, characters it printed]

    def write(self, string: str) -> int | None:
        cap = self._cap
        request = self.parent_header.get("msg_id")
        if request != cap[0]:
            cap[0], cap[1], cap[2] = request, 0, 0
        if cap[1] > limits.MAX_LINES_PER_CELL or cap[2] > limits.MAX_CHARS_PER_CELL:
            return len(string)
        cap[1] += string.count("\n")
        cap[2] += len(string)
        if cap[1] > limits.MAX_LINES_PER_CELL:
            super().write(TRUNCATED.format(f"{limits.MAX_LINES_PER_CELL} lines"))
            return len(string)
        if cap[2] > limits.MAX_CHARS_PER_CELL:
            super().write(string[:limits.MAX_CHARS_PER_CELL - (cap[2] - len(string))])
            super().write(TRUNCATED.format(f"{limits.MAX_CHARS_PER_CELL} characters"))
            return len(string)
        return super().write(string)


def apply_limits(memory_limit_mb: int) -> None:
    """Set this process's hard resource limits (grader.limits); 0 MiB leaves memory alone.

    Soft and hard limit are set alike: inside the sandbox, without CAP_SYS_RESOURCE, no
    code can raise them again, and every process it starts inherits them."""
    import resource

    table = {
        resource.RLIMIT_FSIZE: limits.FILE_SIZE_LIMIT_MB * limits.MIB,
        resource.RLIMIT_CPU: limits.CPU_SECONDS_LIMIT,
        resource.RLIMIT_NPROC: limits.PROCESS_LIMIT,
        resource.RLIMIT_CORE: limits.CORE_FILE_LIMIT_MB * limits.MIB,
    }
    if memory_limit_mb > 0:
        table[resource.RLIMIT_AS] = memory_limit_mb * limits.MIB
    for which, limit in table.items():
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(which, (limit, limit))


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
    apply_limits(int(os.environ.get(MEMORY_LIMIT_VARIABLE, limits.MEMORY_LIMIT_MB)))
    print_warnings_to_stdout()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
