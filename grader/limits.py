"""Every limit of a grading run, in one table (after openedx/codejail's ``DEFAULT_LIMITS``).

The grading kernel gets the first group as *hard* resource limits, set inside the
sandbox before ipykernel starts, so student code can lower them but never raise
them (``setrlimit`` refuses to raise a hard limit without CAP_SYS_RESOURCE, which
the sandbox drops). The rest bound what the trusted side spends on, and reads
back from, one submission.
"""

from __future__ import annotations

MIB = 1024 * 1024

# --- hard limits of the kernel process and everything it starts (resource.setrlimit) ----------
#: Address space of one kernel process, in MiB. An idle kernel with numpy maps ~0.5 GiB;
#: a runaway allocation gets a MemoryError in its own cell instead of taking the machine down.
MEMORY_LIMIT_MB = 2048
#: Largest file the kernel may write, in MiB: enough for any figure or array a
#: notebook saves, far from filling the disk.
FILE_SIZE_LIMIT_MB = 64
#: CPU seconds of one kernel process over its whole life: above any notebook of the course
#: (the slowest solution uses ~10 s), bounding a submission that hides from the cell timeout.
CPU_SECONDS_LIMIT = 600
#: Processes of the kernel's user (RLIMIT_NPROC). Linux exempts uid 0 from it, so it binds
#: only when the instructor grades as an ordinary user; the PID namespace of the sandbox
#: still kills every process the kernel started when the kernel goes.
PROCESS_LIMIT = 256
#: Size of the kernel's private /tmp and of its /dev/shm, in MiB each: a tmpfs is memory that
#: the address-space limit does not count, and by default it may grow to half the machine's.
TMPFS_LIMIT_MB = 256
#: Core dumps: none (a crashing kernel must not write its memory to the scratch folder).
CORE_FILE_LIMIT_MB = 0

# --- time ---------------------------------------------------------------------------------
#: Seconds one cell may run during autograding before it is interrupted.
CELL_TIMEOUT_SECONDS = 30
#: Seconds an interrupted cell gets to stop; a cell that swallows KeyboardInterrupt
#: longer than this has its kernel restarted (grader.trusted.execution).
INTERRUPT_GRACE_SECONDS = 5
#: Wall-clock seconds one notebook may run in all; cells after that are not run.
SUBMISSION_BUDGET_SECONDS = 600
#: Wall-clock seconds a cluster worker gives one submission beyond the budget of its notebooks
#: (grader.trusted.shard_parcel): kernel starts (up to 3 each), intake, nbgrader's own steps and
#: feedback take ~5 s on the sample class, so 120 s is slack, not a second budget.
TASK_MARGIN_SECONDS = 120

# --- output -------------------------------------------------------------------------------
#: Lines one cell may print to a stream before the kernel drops the rest.
MAX_LINES_PER_CELL = 5000
#: Characters one cell may print before the rest is dropped (kernel and grader alike).
MAX_CHARS_PER_CELL = 100_000
#: Characters one line of output may have: nbclient's merging of stream outputs costs the
#: square of a line's length (a 1 MB line took hours); 100 lines of 1000 take 0.05 s.
MAX_LINE_CHARS = 1000
#: Outputs (streams, displays) one cell may make before the grader drops the rest: empty
#: displays cost no characters, but thousands of them outlast nbclient's wait for output.
MAX_OUTPUTS_PER_CELL = 1000
#: Lines of output kept per cell in autograded notebooks and feedback.
MAX_OUTPUT_LINES = 1000

# --- what the trusted side reads from a hand-in ------------------------------------------------
#: Largest notebook file intake reads, in MiB: the course's notebooks with outputs are < 1 MiB;
#: parsing costs several times a file's size in memory, so a 200 MB attachment is refused.
MAX_NOTEBOOK_MB = 32

# --- what the trusted side reads back from a shard ------------------------------------------
#: Largest file copied back from a shard's autograded folder, in MiB (a larger one is dropped).
MAX_COPIED_FILE_MB = 64
#: What a shard's scratch folder may hold in all, in MiB (notebooks first); the rest is removed.
MAX_SCRATCH_MB = 128
#: How deep folders may nest in a scratch folder, and how many entries one top-level entry may
#: hold: 16 levels of 255-character names stay under PATH_MAX (4096), and no notebook needs more.
MAX_SCRATCH_DEPTH = 16
MAX_SCRATCH_ENTRIES = 10_000
#: Largest frame the judge reads from a kernel (grader.in_kernel.wire), in MiB: the arrays of
#: one call of a student's function; the course's are under 1 MiB.
MAX_JUDGE_MESSAGE_MB = 64
#: Largest JSON header of such a frame, in MiB: it holds numbers and names, the arrays travel
#: as raw bytes beside it (Python objects cost ~30 times the JSON text that makes them).
MAX_JUDGE_HEADER_MB = 4
#: How deeply containers may nest in a value the judge decodes (lists of dicts of tuples ...).
MAX_JUDGE_DEPTH = 32
#: Characters of a string the judge keeps from the kernel (a repr, an exception's message).
MAX_JUDGE_STRING_CHARS = 10_000
#: Bytes of the kernel's stderr log kept for the error message of a failed start.
STARTUP_ERRORS_KEPT = 2000
