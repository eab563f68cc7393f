"""The execute step of autograding, hardened against what students hand in.

``GradingExecute`` replaces nbgrader's ``Execute`` preprocessor (see
grader.trusted.config.grading_config). On top of nbgrader's behaviour (cell timeout,
interrupt, errors recorded as outputs) it

- runs the kernel through grader.trusted.kernel (sandbox, hard limits, capped output,
  warnings on stdout); after a ``MemoryError`` it frees what the failed cell still holds;
- explains a timeout: the cell that ran past its time limit says so, with the limit.
  A cell that swallows the interrupt (``except: pass`` in a loop) gets
  ``INTERRUPT_GRACE_SECONDS`` to stop; then its kernel is replaced, the code cells
  before it run again (silently) in the new kernel, and grading goes on, so that
  cell scores 0 and every other cell is graded as usual;
- caps every cell's outputs as they arrive (grader.trusted.output_budget), before
  nbclient keeps or merges them;
- stops running cells once the notebook has used its wall-clock budget
  (``SUBMISSION_BUDGET_SECONDS``); the remaining cells say "not run";
- puts a note at the top of the notebook (and so of its feedback) when the kernel
  ran without the sandbox (``--no-sandbox``);
- starts a fresh kernel when one dies before answering (a loaded machine, a
  transient failure), up to ``KERNEL_START_ATTEMPTS`` times, and otherwise fails with
  what the kernel wrote to stderr; no student code has run at that point;
- survives the death of the kernel (``os._exit``, ``exit()``, a crash in C code;
  ``exit()`` is recognised from its reply, so the outcome does not depend on how fast
  the kernel shuts down):
  the cell that killed it and every later code cell get an error output saying so,
  and grading goes on, so the student keeps the points of the cells that ran
  before and nbgrader records the grades as usual (nbgrader itself would abandon
  the whole notebook and record nothing);
- sends the kernel only the *visible* part of each test cell, and has the trusted judge
  (grader.trusted.judge) run the whole cell, hidden tests included, in this process:
  the test cell's outputs, and so its points, are the judge's, never the kernel's.
  The verdicts are also written, as plain data, to ``verdict_root`` for
  grader.trusted.grading to check the gradebook against.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from queue import Empty

from jupyter_client.utils import ensure_async
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
import nbformat
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Unicode

from grader.limits import INTERRUPT_GRACE_SECONDS, SUBMISSION_BUDGET_SECONDS
from grader.trusted.feedback import without_hidden_tests
from grader.trusted.judge import NotebookJudge, error_output
from grader.trusted.judge_link import KernelLink
from grader.trusted.kernel import GradingKernelManager
from grader.trusted.output_budget import OutputBudget
from grader.trusted.scratch import vet_scratch

KERNEL_DIED = (
    "The Python kernel died while running this cell (os._exit, exit(), or a crash), "
    "so this cell and every cell after it could not run. Points of earlier cells are kept."
)
RELEASE_MEMORY = (
    "import sys as _s, gc as _g\n"
    "for _n in ('last_type', 'last_value', 'last_traceback', 'last_exc'):\n"
    "    setattr(_s, _n, None)\n"
    "del _s, _n\n"
    "_g.collect(); del _g"
)
KERNEL_EXITED = (
    "This cell called exit() or quit(), which shuts the Python kernel down, so no cell after it "
    "could run. Points of earlier cells are kept."
)
NOT_RUN = "Not run: the Python kernel died in an earlier cell."
TIMED_OUT = "This cell ran past its time limit of {limit} s and was interrupted, so it earns no points."
STUCK = ("This cell ran past its time limit of {limit} s and did not stop when interrupted, so the grader "
         "started a new Python kernel and ran the cells before this one again; later cells are graded as usual.")
FLOODED = ("This cell's outputs did not stop arriving after it finished, so it earns no points; the grader "
           "started a new Python kernel and ran the cells before this one again.")
NOT_IN_SOURCE = "This test cell is not in the instructor's notebook, so the grader cannot judge it: no points."
OVER_BUDGET = "Not run: the notebook used up its grading time of {budget} s in all."
UNSANDBOXED = ("**Graded without a sandbox.** The instructor graded this notebook with `--no-sandbox`: "
               "its code ran with the instructor's rights, not in the grading sandbox.")
KERNEL_START_ATTEMPTS = 3
#: What the kernel runs to answer the judge (grader.in_kernel.remote), leaving no name behind.
SERVE = "__import__('grader.in_kernel.remote', fromlist=['serve']).serve({path!r})"


class KernelStuck(Exception):
    """The kernel did not stop within INTERRUPT_GRACE_SECONDS of an interrupt."""


class GradingExecute(Execute):
    """nbgrader's Execute with a limited kernel, kernel-death recovery and the trusted judge."""

    source_root = Unicode(help="The course's source/ folder: the instructor's notebooks the judge runs.").tag(config=True)
    verdict_root = Unicode(help="Where the judge's verdicts are written, one JSON file per notebook.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", GradingKernelManager)
        kwargs.setdefault("coalesce_streams", True)
        # Killed once graded: the student's atexit code has nothing to add to a grade (and a graceful
        # shutdown costs a third of a second per notebook).
        kwargs.setdefault("shutdown_kernel", "immediate")
        super().__init__(*args, **kwargs)

    async def async_start_new_kernel_client(self):
        """nbclient's start, retried with a new kernel when the kernel dies or does not answer."""
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            km = self.km
            try:
                return await super().async_start_new_kernel_client()
            except RuntimeError as error:  # jupyter_client: died / did not respond in time
                errors = getattr(km, "startup_errors", "").strip()
                if attempt == KERNEL_START_ATTEMPTS:
                    raise RuntimeError(
                        f"the grading kernel failed to start {attempt} times: {error}"
                        + (f"\nits stderr:\n{errors}" if errors else "")) from error
                self.log.warning("Grading kernel failed to start (%s); starting another. %s",
                                 error, errors)
                self.km = self.create_kernel_manager()
                await self.async_start_new_kernel()

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def preprocess(self, nb, resources=None, km=None):
        """Execute ``nb``; then, the kernel gone, vet its scratch folder (grader.trusted.scratch)
        before nbgrader writes the autograded notebook into it."""
        scratch = Path(resources["metadata"]["path"])
        notebooks = {path.name for path in scratch.glob("*.ipynb")}  # as handed in, before the kernel runs
        try:
            return self._preprocess(nb, resources, km)
        finally:
            vet_scratch(scratch, notebooks)

    def _preprocess(self, nb, resources, km):
        self._kernel_dead = False
        self._kernel_exiting = False
        self._started = time.monotonic()
        self._running = None  # msg_id of the cell being executed
        self.error_on_timeout = {"ename": "CellTimeoutError", "evalue": TIMED_OUT.format(limit=self.timeout),
                                 "traceback": ["CellTimeoutError: " + TIMED_OUT.format(limit=self.timeout)]}
        if not self.config.GradingKernelManager.get("use_sandbox", True):
            nb.cells.insert(0, new_markdown_cell(UNSANDBOXED))
        self._link = KernelLink(self._start_serving, self._finish_serving, run_sync(self._async_interrupt),
                                lambda: self.km.socket_folder)
        self._judge, self._verdicts = None, {}
        names = resources.get("nbgrader")  # outside nbgrader (a bare run) there is nothing to judge against
        if names and self.source_root:
            source = Path(self.source_root) / names["assignment"] / f"{names['notebook']}.ipynb"
            self._judge = NotebookJudge(nbformat.read(source, as_version=4), self._link, self.timeout)
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._judge is not None:
                verdicts = Path(self.verdict_root) / f"{names['notebook']}.json"
                verdicts.parent.mkdir(parents=True, exist_ok=True)
                verdicts.write_text(json.dumps(self._verdicts))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._kernel_dead:
            cell.outputs = [error_output("KernelDied", NOT_RUN)]
            cell.execution_count = None
            return cell, resources
        self._budget = OutputBudget()
        if time.monotonic() - self._started > SUBMISSION_BUDGET_SECONDS:
            cell.outputs = [error_output("CellTimeoutError", OVER_BUDGET.format(budget=SUBMISSION_BUDGET_SECONDS))]
            cell.execution_count = None
            return cell, resources
        is_test = utils.is_grade(cell) and not utils.is_solution(cell)
        if is_test:  # hidden tests never reach the kernel (nor the autograded notebook): the judge runs them
            cell.source = without_hidden_tests(cell.source)
        cell, resources = self._run_in_kernel(cell, resources, index)
        if is_test:
            self._judge_test_cell(cell, index)
        return cell, resources

    def _run_in_kernel(self, cell, resources, index):
        """nbclient's execution of one cell, with a stuck, flooding, exiting or dead kernel handled."""
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except (KernelStuck, CellTimeoutError) as stuck:  # CellTimeoutError: the reply came, outputs kept coming
            message = STUCK.format(limit=self.timeout) if isinstance(stuck, KernelStuck) else FLOODED
            cell.outputs.append(error_output("CellTimeoutError", message))
            self._replace_stuck_kernel(index)
            return cell, resources
        except DeadKernelError:
            self._kernel_dead = True
            cell.outputs.append(error_output("KernelDied", KERNEL_DIED))
            return cell, resources
        if self._kernel_exiting:
            # exit()/quit() ask the kernel to shut down after this cell; whether the next
            # cell still runs would be a race, so it never does
            self._kernel_dead = True
            cell.outputs.append(error_output("KernelDied", KERNEL_EXITED))
            return cell, resources
        if any(output.get("ename") == "MemoryError" for output in cell.outputs):
            self._release_memory()
        return cell, resources

    def _judge_test_cell(self, cell, index: int) -> None:
        """Replace the kernel's outputs of a test cell with the judge's verdict on the whole cell.

        A visible part that timed out or killed the kernel keeps the grader's error for it
        (the kernel's own outputs are dropped all the same)."""
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        failure = next((output for output in cell.outputs if output.get("output_type") == "error"
                        and output.get("ename") in ("CellTimeoutError", "KernelDied")
                        and output.get("evalue") in self._grader_errors()), None)
        # nbclient updates displays by their index in a cell's outputs: these are the judge's now
        self.clear_display_id_mapping(index)
        if self._judge is None or not self._judge.has_test(grade_id):
            failure = failure or error_output("NotJudged", NOT_IN_SOURCE)
        if failure is not None or self._kernel_dead:
            cell.outputs = [failure or error_output("KernelDied", NOT_RUN)]
            self._verdicts[grade_id] = False
            return
        self._printed, self._budget = [], OutputBudget()
        verdict = self._judge.judge(grade_id)
        cell.outputs = verdict.outputs
        if self._printed:  # what the student's code printed while the judge called it
            cell.outputs.insert(0, NotebookNode(output_type="stream", name="stdout", text="".join(self._printed)))
        self._verdicts[grade_id] = verdict.passed
        if self._link.broken:
            if not run_sync(self.km.is_alive)():
                self._kernel_dead = True
            elif self._link.stuck:
                self._replace_stuck_kernel(index + 1)

    def _grader_errors(self) -> set[str]:
        """The messages with which this preprocessor itself fails a cell."""
        return {KERNEL_DIED, KERNEL_EXITED, NOT_RUN, TIMED_OUT.format(limit=self.timeout),
                STUCK.format(limit=self.timeout), FLOODED}

    def _replace_stuck_kernel(self, index: int) -> None:
        run_sync(self._async_replace_stuck_kernel)(index)
        self._link.replace_kernel()

    def _start_serving(self, path: str) -> str:
        """Ask the kernel to answer the judge on ``path``; the id of that request."""
        return self.kc.execute(SERVE.format(path=path), silent=True, store_history=False)

    def _finish_serving(self, msg_id: str) -> None:
        """Wait for the kernel to be done serving; a kernel that is not, within the grace period, is stuck."""
        if not run_sync(self._async_reply_within)(msg_id, INTERRUPT_GRACE_SECONDS):
            self._link.stuck = True
            self._link.broken = "the kernel did not come back from the student's code"
            return
        run_sync(self._async_collect_printed)(msg_id, self._link.hidden)

    async def _async_collect_printed(self, msg_id: str, hidden: bool) -> None:
        """Keep what the student's code printed while serving visible tests (as the OutputBudget
        admits it); drop what it printed during hidden tests, which would show their inputs."""
        deadline = time.monotonic() + INTERRUPT_GRACE_SECONDS
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = await ensure_async(self.kc.iopub_channel.get_msg(timeout=remaining))
            except Empty:
                return
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status" and message["content"].get("execution_state") == "idle":
                return
            if message["msg_type"] == "stream" and not hidden and (admitted := self._budget.admit(message)) is not None:
                self._printed.append(str(admitted["content"].get("text", "")))

    async def _async_reply_within(self, msg_id: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = await ensure_async(self.kc.shell_channel.get_msg(timeout=remaining))
            except Empty:
                return False
            if message["parent_header"].get("msg_id") == msg_id:
                return True
        return False

    async def _async_interrupt(self) -> None:
        await ensure_async(self.km.interrupt_kernel())

    def output(self, outs, msg, display_id, cell_index):
        """Every output message passes here first: keep what the cell's OutputBudget admits."""
        admitted = self._budget.admit(msg)
        return None if admitted is None else super().output(outs, admitted, display_id, cell_index)

    async def _async_poll_for_reply(self, msg_id, *args, **kwargs):
        self._running = msg_id
        return await super()._async_poll_for_reply(msg_id, *args, **kwargs)

    async def _async_handle_timeout(self, timeout, cell=None):
        """Interrupt the cell; if it does not stop within the grace period, give up on its kernel."""
        reply = await super()._async_handle_timeout(timeout, cell)
        deadline = time.monotonic() + INTERRUPT_GRACE_SECONDS
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = await ensure_async(self.kc.shell_channel.get_msg(timeout=remaining))
            except Empty:
                break
            if message["parent_header"].get("msg_id") == self._running:
                return reply  # it stopped: nbclient records the error reply and goes on
        raise KernelStuck()

    async def _async_replace_stuck_kernel(self, index: int) -> None:
        """A new kernel in place of the stuck one, with the code cells before ``index`` run again."""
        self.kc.stop_channels()
        await ensure_async(self.km.shutdown_kernel(now=True))
        self.km = self.create_kernel_manager()
        await self.async_start_new_kernel()
        await self.async_start_new_kernel_client()
        for cell in self.nb.cells[:index]:
            timed_out = any(output.get("ename") == "CellTimeoutError" for output in cell.get("outputs", []))
            if cell.cell_type == "code" and not timed_out and await self._async_run_silently(cell.source) is None:
                return

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        payloads = kwargs["execute_reply"]["content"].get("payload", [])
        if any(p.get("source") == "ask_exit" and not p.get("keepkernel") for p in payloads):
            self._kernel_exiting = True

    def _release_memory(self) -> None:
        """Drop the traceback IPython keeps of the last error: after a MemoryError its
        frames hold the memory that ran out, and later cells would fail for want of it."""
        try:
            run_sync(self._async_run_silently)(RELEASE_MEMORY)
        except DeadKernelError:
            self._kernel_dead = True

    async def _async_run_silently(self, code: str) -> dict | None:
        """Run ``code`` in the kernel without output or history; its reply, None if it timed out."""
        msg_id = await ensure_async(self.kc.execute(code, silent=True, store_history=False))
        return await self.async_wait_for_reply(msg_id)
