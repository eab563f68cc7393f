"""Hostile submissions, graded beside honest students: what the grading sandbox must withstand (issue 9).

The submissions are answer files in ``tests/hostile/`` (grader.trusted.submissions format, with
``@@PLACEHOLDER@@`` fields the test fills in: the course path, the attacker's mark, …), for
the tiny two-exercise assignment ``99_tiny`` (as in test_classroom.py, written here with
secret tokens: one in the solution code and one in the hidden tests, so that instructor
source is recognisable wherever it leaks).

One module-scoped fixture grades every attacker, the capability probes and three honest
students in ONE ``CourseFolder.autograde_all`` run (two workers, 5 s cell timeout). The run
happens in a child process of this test, so that a run that hangs or crashes cannot take
pytest with it, and so that the test can see what an instructor's terminal would (does the
run's output end when the run does?). While it runs, the test polls /proc; afterwards it
records the course folder, the gradebook, the processes and the repository's grader package
(time T0), waits 5 s for delayed attacks, and records them again (T1).

Every attacker leaves a *mark* (``mark_<run>_<attack>_end``) in whatever it writes and in the
command line of every process it starts. Damage found after the run is charged to the
attackers whose marks it carries (a file outside the attacker's own scratch that gained its
mark; a process with its mark or running in its scratch); damage that carries no mark is
charged to every attacker. Missing grades are charged to what made the run stop: the
attackers whose grading never finished when the run hung, the students named in the
traceback when it crashed. So each per-attack test asks of one attacker:

1. every honest student graded beside it keeps their exact score;
2. no file outside its scratch (its autograded/, feedback/, intake/ folders and its shard)
   changed: source/, release/, submitted/, the gradebook, the shards folder, the other
   students' folders, and the repository's grader package (backed up before the run and
   restored right after it and again at teardown, whatever happens);
3. no process it started is left (checked right after the run and 5 s later; when the
   test has to stop a hung run it kills the run's own processes first, so then only the
   attackers' processes are looked for);
4. its autograded notebook and feedback page hold no other student's work (their code,
   their names in the roster) and no instructor source (the solution token; the hidden-test
   token in feedback);
5. the run finished (by itself, closing its output) and it has a grade.

The capability tests ("the kernel cannot …") each read one probe submission's result back
from the side effect itself wherever there is one: the file in the repository, the test's
own listening socket, /proc.

Without a sandbox (before grader.trusted.sandbox) every test failed but the two that check
the suite itself and ``raises_memory_limit``; with the sandbox alone, two attacks still got
through (a named pipe in the kernel's folder broke nbgrader's own feedback step in the
grading worker; one 1 MiB line of output hung the worker in nbclient's stream merging),
closed by grader.trusted.grading's clean-up of the scratch folder and by
grader.trusted.output_budget. Safety: files written by the run are
capped at 128 MiB (RLIMIT_FSIZE on the run), the memory attack stays at 1.5 GiB, processes
are killed by pid after being found by this run's own markers, and the grader package is
restored from the backup.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

import hostile_support as system

# --- the grader: every import of it is in this block (its modules are being moved) ---
import grader
from grader.trusted import grading
from grader.trusted.course import CourseFolder
from grader.trusted.submissions import Edit, apply_edits, read_answer_file
from test_classroom import ASSIGNMENT, NOTEBOOK, write_tiny_assignment
# ------------------------------------------------------------------------------------


HOSTILE = Path(__file__).resolve().parent / "hostile"
TIMEOUT = 5  # seconds per cell: the tiny cells take milliseconds
MEMORY_LIMIT_MB = 1024
WORKERS = 2
#: RLIMIT_FSIZE of the grading run: a copy of /dev/zero stops here instead of filling the disk.
FILE_SIZE_LIMIT = 128 * 2**20
#: The run is stopped when no submission finishes for this long (the first one: FIRST_OUTCOME).
#: Generous: a submission that swallows the interrupt honestly takes 5 s + 5 s + a new kernel,
#: and CI's two cores are shared with another test worker; a real hang never ends.
STALL_SECONDS = 45
FIRST_OUTCOME_SECONDS = 90
RUN_SECONDS = 300
#: How long after the run the course is looked at again, for delayed attacks (they wait 2 s).
DELAYED_SECONDS = 5
#: How long the run's output may stay open after its process exited.
PIPE_GRACE_SECONDS = 3
RUN_VARIABLE = "BACKPROP_LAB_HOSTILE_RUN"
#: How the grading run's multiprocessing helpers are started (their command lines: the resource
#: tracker, the forkserver of grader.trusted.grading), and how long they may take to exit after
#: the run (seen once on a clean clone: the tracker caught while exiting).
MULTIPROCESSING_HELPERS = ("from multiprocessing.resource_tracker import main",
                           "from multiprocessing.forkserver import main")
HELPER_GRACE_SECONDS = 3
MARKER_LINE = "# hostile-submission-marker"

#: Honest students: answer cells, and the exact cell scores they must keep.
HONEST = {
    "honest_right": ({"square": "def square(x):\n    return x * x", "cube": "def cube(x):\n    return x ** 3"},
                     {"square_tests": 1.0, "cube_tests": 1.0}),
    "honest_alt": ({"square": "import numpy as np\n\n\ndef square(x):\n    return np.power(x, 2)",
                    "cube": "def cube(x):\n    return x * x * x"},
                   {"square_tests": 1.0, "cube_tests": 1.0}),
    "honest_wrong": ({"square": "def square(x):\n    return x + x", "cube": "def cube(x):\n    return x ** 3"},
                     {"square_tests": 0.0, "cube_tests": 1.0}),
}

#: Attacks (tests/hostile/<name>.py), each with a test of its own; then the capability probes.
ATTACKS = [
    "reads_the_course",                # 1. reads source/, submitted/, gradebook.db
    "rewrites_checker",                # 2. appends to the grader package's testing.py
    "delayed_gradebook_rewrite",       # 3. a detached process rewrites gradebook.db after the run
    "delayed_notebook_rewrite",        # 3. … or the honest students' autograded notebooks and feedback
    "overwrites_gradebook_snapshot",   # 4. the snapshot every shard starts from
    "writes_other_shards",             # 4. the other students' shards
    "spawns_sleepers",                 # 5. 100 detached sleepers
    "raises_memory_limit",             # 6. RLIMIT_AS to infinity, then 1.5 GiB
    "leaves_special_files",            # 7. named pipe, links to /dev/zero and /etc/passwd, huge file
    "special_files_for_the_parent",    # 7. … named so that only the parent's copy-back meets them
    "floods_output",                   # 8. one 1 MiB line, 200k short lines
    "holds_the_output_pipe",           # 9. a detached child holding the run's stdout
    "swallows_interrupts",             # 10. a loop that swallows KeyboardInterrupt
    "signals_other_processes",         # extra: kills a process outside its kernel
    "rewrites_submissions",            # extra: overwrites the honest students' submitted notebooks
    "links_its_notebook_to_the_gradebook",  # red team: nbgrader writes the notebook through a link
]
CAPABILITIES = ["capability_read_course", "capability_write_repository", "capability_network",
                "capability_outlive", "capability_limits"]
ATTACKERS = ATTACKS + CAPABILITIES

#: The order of the run (workers take submissions first come, first served). Honest students
#: are graded first, in the middle and near the end; the attacks whose damage today stops or
#: poisons the rest of the run come last, so that everything before them is graded first:
#: the parent's copy-back crash, the output flood's hang, and the gradebook snapshot (every
#: shard made after it fails, so it goes last of all, after the other two have started).
ORDER = [
    "honest_right", "swallows_interrupts", "reads_the_course", "rewrites_checker",
    "delayed_gradebook_rewrite", "delayed_notebook_rewrite", "writes_other_shards", "spawns_sleepers",
    "honest_alt", "raises_memory_limit", "leaves_special_files", "holds_the_output_pipe",
    "signals_other_processes", *CAPABILITIES, "rewrites_submissions", "links_its_notebook_to_the_gradebook",
    "honest_wrong",
    "special_files_for_the_parent", "floods_output", "overwrites_gradebook_snapshot",
]
assert sorted(ORDER) == sorted([*HONEST, *ATTACKERS])



@dataclass(frozen=True)
class Tokens:
    """The run's unique strings; ``run`` is random, so nothing of an earlier run can match."""

    run: str

    def student(self, name: str) -> str:
        return f"{self.run}_{name}"

    def mark(self, name: str) -> str:
        return f"mark_{self.run}_{name}_end"

    def code(self, name: str) -> str:
        return f"code_{self.run}_{name}_end"

    def roster_name(self, name: str) -> str:
        return f"name_{self.run}_{name}_end"

    def appended(self, name: str) -> str:
        return f"\n{MARKER_LINE} {self.mark(name)}\n"

    @property
    def solution(self) -> str:
        return f"solution_{self.run}_end"

    @property
    def hidden(self) -> str:
        return f"hidden_{self.run}_end"

    @property
    def canary(self) -> str:
        return f"canary_{self.run}_end"

    @property
    def any_mark(self) -> str:
        return f"mark_{self.run}_"


# --- the assignment and the submissions ------------------------------------------------------


def shard_of(course_root: Path, student: str) -> Path:
    """The shard folder in which ``student`` is graded (grader.trusted.grading's layout)."""
    task = grading.GradingTask(str(course_root), ASSIGNMENT, student, (NOTEBOOK,), TIMEOUT, MEMORY_LIMIT_MB)
    return Path(grading.shard_folder(course_root, task))


def answer_edits(name: str, fields: dict[str, str]) -> list[Edit]:
    """The edits of ``tests/hostile/<name>.py`` with every ``@@FIELD@@`` filled in."""
    edits = []
    for edit in read_answer_file(HOSTILE / f"{name}.py"):
        source = edit.source
        for field_name, value in fields.items():
            source = source.replace(f"@@{field_name}@@", value)
        leftover = re.findall(r"@@\w+@@", source)
        assert not leftover, f"{name}.py: unknown fields {leftover}"
        edits.append(Edit(edit.action, edit.grade_id, source))
    return edits


def honest_edits(name: str, tokens: Tokens) -> list[Edit]:
    cells, _ = HONEST[name]
    return [Edit("replace", grade_id, f"# {tokens.code(name)}\n{source}") for grade_id, source in cells.items()]


# --- the grading run (in a child process: ``grade_everyone``) ---------------------------------


RUNNER = ("import sys; sys.path.insert(0, {tests!r}); import test_hostile_submissions as suite; "
          "suite.grade_everyone(sys.argv[1])")


def grade_everyone(config_path: str) -> None:
    """The grading run: one ``autograde_all`` over every submission, in the order given,
    recording each outcome as it comes (one JSON line each) and how the run ended."""
    import resource
    import traceback

    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    started = time.monotonic()
    config = json.loads(Path(config_path).read_text())
    course = CourseFolder(Path(config["course"]), Path(config["solutions"]), cell_timeout=TIMEOUT,
                          memory_limit_mb=MEMORY_LIMIT_MB, workers=WORKERS)
    with open(config["outcomes"], "a", encoding="utf-8") as record:
        def progress(outcome):
            record.write(json.dumps({"student": outcome.task.student, "success": outcome.success,
                                     "at": round(time.monotonic() - started, 1),
                                     "log": outcome.log[-4000:]}) + "\n")
            record.flush()
            print(course.describe(outcome).splitlines()[0], flush=True)

        try:
            course.autograde_all([(student, ASSIGNMENT) for student in config["order"]],
                                 feedback=True, progress=progress)
        except BaseException:
            record.write(json.dumps({"crash": traceback.format_exc()}) + "\n")
            record.flush()
            raise
        record.write(json.dumps({"done": True}) + "\n")


def read_grades(database: Path, students: list[str]) -> dict[str, dict[str, float] | None]:
    """Cell scores of each student in a gradebook file (None: no grade recorded)."""
    from nbgrader.api import Gradebook, MissingEntry

    grades: dict[str, dict[str, float] | None] = {student: None for student in students}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Gradebook(f"sqlite:///{database}") as gradebook:
                for student in students:
                    try:
                        submission = gradebook.find_submission(ASSIGNMENT, student)
                    except MissingEntry:
                        continue
                    grades[student] = {grade.name: grade.score for notebook in submission.notebooks
                                       for grade in notebook.grades}
    except Exception:  # noqa: BLE001 - an unreadable gradebook: nobody has a grade
        pass
    return grades


EVERYONE = "every attacker (the damage carries no attacker's mark)"


class HostileRun:
    """The course, the one grading run, what was recorded around it, and who is charged with what."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.tokens = Tokens("hx" + secrets.token_hex(4))
        self.env_marker = f"{RUN_VARIABLE}={self.tokens.run}"
        self.checker = Path(grader.__file__).resolve().parent
        self.repository_backup: dict[str, bytes] = {}
        self.canary = None
        self.listener = None
        self.watcher = None
        self.readers = []

    # --- before -------------------------------------------------------------------------

    def prepare(self) -> None:
        tokens = self.tokens
        self.heal_repository()  # what an interrupted earlier run may have left
        self.repository_backup = self._repository_files()
        backup = self.folder / "grader-backup"
        for relative, content in self.repository_backup.items():
            (backup / relative).parent.mkdir(parents=True, exist_ok=True)
            (backup / relative).write_bytes(content)
        self.repository_before = system.snapshot(self.checker, skip=self._not_checker_source)

        solutions = write_tiny_assignment(self.folder / "solutions", tokens.solution, tokens.hidden)
        self.solutions = solutions
        self.course = CourseFolder(self.folder / "course", solutions, cell_timeout=TIMEOUT,
                                   memory_limit_mb=MEMORY_LIMIT_MB, workers=WORKERS)
        self.root = self.course.root
        self.course.generate_release()
        release = self.course.released_notebook(ASSIGNMENT, NOTEBOOK)

        self.listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        fields = {"COURSE": str(self.root), "CHECKER": str(self.checker),
                  "SHARDS": grading.SHARDS, "SNAPSHOT": grading.SNAPSHOT,
                  "PORT": str(self.listener.getsockname()[1]), "CANARY": tokens.canary}
        for name in ORDER:
            if name in HONEST:
                edits = honest_edits(name, tokens)
            else:
                edits = answer_edits(name, {**fields, "NAME": name, "STUDENT": tokens.student(name),
                                            "MARK": tokens.mark(name), "CODE": tokens.code(name),
                                            "APPENDED": tokens.appended(name).encode("unicode_escape").decode()})
            self.course.submit(tokens.student(name), ASSIGNMENT, NOTEBOOK, apply_edits(release, edits))
        self._add_roster()

        # a shard folder standing for another student's (nothing grades it, nothing removes it)
        self.canary_shard = shard_of(self.root, tokens.student("canary"))
        (self.canary_shard / "submitted").mkdir(parents=True)
        shutil.copyfile(self.root / "gradebook.db", self.canary_shard / "gradebook.db")
        shutil.copyfile(self.root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb",
                        self.canary_shard / "submitted" / f"{NOTEBOOK}.ipynb")
        # a process standing for another student's kernel
        self.canary = subprocess.Popen([tokens.canary, "300"], executable=shutil.which("sleep"),
                                       start_new_session=True, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.before = system.snapshot(self.root)
        self.before_content = {path: system.read_regular(self.root / path)
                               for path in self.before if self._protected(path)}

    def _add_roster(self) -> None:
        from nbgrader.api import Gradebook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Gradebook(self.course.config.CourseDirectory.db_url) as gradebook:
                for name in HONEST:
                    gradebook.update_or_create_student(self.tokens.student(name), first_name="Honest",
                                                       last_name=self.tokens.roster_name(name),
                                                       email=f"{name}@example.org")

    # --- the run ------------------------------------------------------------------------

    def grade(self) -> None:
        tokens = self.tokens
        config = self.folder / "run.json"
        self.outcomes_path = self.folder / "outcomes.jsonl"
        temporary = self.folder / "tmp"
        temporary.mkdir()
        config.write_text(json.dumps({"course": str(self.root), "solutions": str(self.solutions),
                                      "order": [tokens.student(name) for name in ORDER],
                                      "outcomes": str(self.outcomes_path)}))
        env = dict(os.environ, TMPDIR=str(temporary), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                   MKL_NUM_THREADS="1")
        env[RUN_VARIABLE] = tokens.run
        self.watcher = system.ProcessWatcher(tokens.any_mark)
        self.watcher.start()
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", RUNNER.format(tests=str(Path(__file__).parent)),
                                    str(config)], cwd=self.folder, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        self.pipe_inode = os.fstat(process.stdout.fileno()).st_ino
        self.readers = [system.PipeReader(process.stdout), system.PipeReader(process.stderr)]
        for reader in self.readers:
            reader.start()
        self.stalled, last, seen = False, started, 0
        while process.poll() is None:
            count = len(self._outcome_lines())
            if count > seen:
                seen, last = count, time.monotonic()
            allowed = STALL_SECONDS if seen else FIRST_OUTCOME_SECONDS
            if time.monotonic() - last > allowed or time.monotonic() - started > RUN_SECONDS:
                # stop the grading machinery (the attackers' own processes are left for the checks),
                # and wait until it is gone: what the test kills is not left behind by the run
                self.stalled = True
                for _ in range(25):
                    machinery = [p.pid for p in system.processes(self.env_marker, self.process_tokens)
                                 if tokens.any_mark not in p.cmdline and p.pid != self.canary.pid]
                    if not machinery:
                        break
                    system.kill(machinery)
                    time.sleep(0.2)
                break
            time.sleep(0.2)
        self.returncode = process.wait(timeout=30)
        self.ended = time.monotonic()
        self.duration = self.ended - started

        # T0: right after the run (the delayed attacks wait 2 s after it)
        self.processes_t0 = self._leftovers()
        self.t0 = system.snapshot(self.root)
        self.t0_content = self._contents(self.t0)
        shutil.copyfile(self.root / "gradebook.db", self.folder / "gradebook-t0.db")
        self.t0_seconds = time.monotonic() - self.ended
        self.readers[0].join(max(0.0, self.ended + PIPE_GRACE_SECONDS - time.monotonic()))
        self.pipe_open = self.readers[0].is_alive()
        self.pipe_holders = [p for p in system.processes(self.env_marker, self.process_tokens)
                             if p.pid in set(system.pipe_holders(self.pipe_inode))] if self.pipe_open else []
        self.students = [tokens.student(name) for name in ORDER]
        self.grades_t0 = read_grades(self.folder / "gradebook-t0.db", self.students)
        self.repository_after = system.snapshot(self.checker, skip=self._not_checker_source)
        self.repository_after_content = {path: system.read_regular(self.checker / path)
                                         for path in self.repository_after}
        self.restore_repository()
        self.canary_alive = self.canary.poll() is None
        self.connections = self._accepted()
        self._parse_outcomes()

        # T1: after the delayed attacks had their chance
        time.sleep(max(0.0, self.ended + DELAYED_SECONDS - time.monotonic()))
        self.processes_t1 = self._leftovers()
        self.t1 = system.snapshot(self.root)
        self.t1_content = self._contents(self.t1)
        self.grades_t1 = read_grades(self.root / "gradebook.db", self.students)
        self.watcher.stop()
        self.seen = dict(self.watcher.seen)
        for index, reader in enumerate(self.readers):  # for whoever debugs a failure
            (self.folder / f"run-{('stdout', 'stderr')[index]}.txt").write_bytes(reader.data)

    def _contents(self, snapshot: dict) -> dict[str, bytes]:
        return {path: system.read_regular(self.root / path) for path, entry in snapshot.items()
                if entry.kind == "file" and entry.size <= system.MAX_READ_BYTES}

    def _outcome_lines(self) -> list[dict]:
        try:
            text = self.outcomes_path.read_text(encoding="utf-8")
        except OSError:
            return []
        lines = []
        for line in text.splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                pass
        return lines

    def _parse_outcomes(self) -> None:
        lines = self._outcome_lines()
        self.outcomes = {line["student"]: line for line in lines if "student" in line}
        self.crash = "\n".join(line["crash"] for line in lines if "crash" in line)
        self.finished = (any(line.get("done") for line in lines) and self.returncode == 0
                         and not self.stalled and not self.pipe_open)
        self.pending = [name for name in ORDER if self.tokens.student(name) not in self.outcomes]

    def _leftovers(self) -> list[system.Process]:
        """Live processes of the run, but the canary. The run's multiprocessing helpers outlive
        the run by a moment (they see it end, then exit): they are given HELPER_GRACE_SECONDS to go
        before they count, as any process would then."""
        canary = self.canary.pid if self.canary else None
        deadline = time.monotonic() + HELPER_GRACE_SECONDS
        while True:
            left = [p for p in system.processes(self.env_marker, self.process_tokens) if p.pid != canary]
            if time.monotonic() > deadline or not any(helper in p.cmdline for p in left
                                                      for helper in MULTIPROCESSING_HELPERS):
                return left
            time.sleep(0.1)

    @property
    def process_tokens(self) -> tuple[str, ...]:
        """What the command line of a process of the run holds: this run's token (the attackers'
        processes), or this test's folder (the run, its workers and the kernels, whose connection
        files live there: a sandbox may clear their environment, and with it RUN_VARIABLE)."""
        return (self.tokens.run, f"{self.folder}/")

    def _accepted(self) -> list[bytes]:
        received = []
        self.listener.setblocking(False)
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                break
            with connection:
                connection.settimeout(1)
                try:
                    received.append(connection.recv(4096))
                except OSError:
                    received.append(b"")
        return received

    # --- clean-up (also when the fixture fails) ------------------------------------------

    def clean_up(self) -> None:
        for _ in range(3):  # sleepers may still be starting
            system.kill(p.pid for p in system.processes(self.env_marker, self.process_tokens))
            time.sleep(0.2)
        if self.canary is not None:
            self.canary.kill()
            self.canary.wait()
        if self.watcher is not None:
            self.watcher.stop()
        if self.listener is not None:
            self.listener.close()
        self.restore_repository()
        for reader in self.readers:
            reader.join(2)

    def _not_checker_source(self, relative: str) -> bool:
        return "__pycache__" in Path(relative).parts or relative.endswith((".pyc", ".pyo"))

    def _repository_files(self) -> dict[str, bytes]:
        snapshot = system.snapshot(self.checker, skip=self._not_checker_source)
        return {path: system.read_regular(self.checker / path) for path, entry in snapshot.items()
                if entry.kind == "file"}

    def heal_repository(self) -> None:
        """Take out of the grader package every line and file a hostile submission added to it
        (this run's or an interrupted earlier run's); nothing else is touched, so that edits
        others make to the package meanwhile are kept."""
        for relative, content in self._repository_files().items():
            path = self.checker / relative
            if Path(relative).name.startswith("hostile-mark_"):
                path.unlink()
            elif MARKER_LINE.encode() in content:
                kept = [line for line in content.decode("utf-8").splitlines(keepends=True)
                        if MARKER_LINE not in line]
                text = "".join(kept)
                original = self.repository_backup.get(relative)
                if original is not None and original.decode("utf-8").rstrip("\n") == text.rstrip("\n"):
                    text = original.decode("utf-8")
                elif text.endswith("\n\n"):
                    text = text.rstrip("\n") + "\n"  # the blank line the attack's append began with
                path.write_text(text, encoding="utf-8")

    def restore_repository(self) -> None:
        """Put back what the run changed in the grader package: a file holding this run's token
        goes back to its backup (or loses the lines the attack added, if it was also edited
        by someone else meanwhile); a file the run created is removed."""
        self.heal_repository()
        for relative, content in self._repository_files().items():
            if self.tokens.run.encode() in content and relative in self.repository_backup:
                (self.checker / relative).write_bytes(self.repository_backup[relative])

    # --- who is charged with what ---------------------------------------------------------

    def marks_in(self, data: bytes) -> set[str]:
        if self.tokens.any_mark.encode() not in data:
            return set()
        return {name for name in ATTACKERS if self.tokens.mark(name).encode() in data}

    def ids_in(self, text: str) -> set[str]:
        return {name for name in ATTACKERS if self.tokens.student(name) in text}

    def scratch(self, name: str) -> list[str]:
        student = self.tokens.student(name)
        shard = os.path.relpath(shard_of(self.root, student), self.root)
        return [f"{folder}/{student}/{ASSIGNMENT}/" for folder in ("autograded", "feedback", "intake")] + [shard + "/"]

    def in_scratch(self, path: str, name: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.scratch(name))

    def owner(self, path: str) -> str | None:
        """The attacker whose scratch or submission holds ``path``, if any."""
        for name in ATTACKERS:
            if self.in_scratch(path, name) or path.startswith(f"submitted/{self.tokens.student(name)}/"):
                return name
        return None

    def _protected(self, path: str) -> bool:
        canary = os.path.relpath(self.canary_shard, self.root) + "/"
        return path.startswith(("source/", "release/", "submitted/", canary))

    def file_damage(self) -> list[tuple[str, set[str] | str]]:
        """Every change outside the attackers' scratch, with whom it is charged to."""
        if hasattr(self, "_file_damage"):
            return self._file_damage
        damage: list[tuple[str, set[str] | str]] = []

        def charge(what: str, path: str, new_marks: set[str]) -> None:
            culprits = {m for m in new_marks if not self.in_scratch(path, m)}
            if new_marks and not culprits:
                return  # an attacker's own files
            if not new_marks:
                owner = self.owner(path)
                if owner is not None and self.in_scratch(path, owner):
                    return  # e.g. an attacker's own process, later, in its own folder
                damage.append((f"{what}: {path}", EVERYONE))
                return
            damage.append((f"{what}: {path}", culprits))

        # source/, release/, submitted/ and the canary shard: nothing of the run may change them
        changes = system.compare(self.before, self.t1, only=self._protected)
        for path in changes.new + changes.changed:
            charge("changed by the run", path,
                   self.marks_in(self.t1_content.get(path, b"")) - self.marks_in(self.before_content.get(path, b"")))
        for path in changes.gone:
            charge("removed by the run", path, set())
        # after the run nothing may change at all
        later = system.compare(self.t0, self.t1)
        for path in later.new + later.changed:
            charge("changed after the run", path,
                   self.marks_in(self.t1_content.get(path, b"")) - self.marks_in(self.t0_content.get(path, b"")))
        for path in later.gone:
            charge("removed after the run", path, set())
        # marks anywhere but in attackers' own folders and submissions: the gradebook, the
        # shards folder, the honest students' folders, …
        for path, content in self.t1_content.items():
            if self.owner(path) is None:
                for name in self.marks_in(content):
                    damage.append((f"holds {name}'s mark: {path}", {name}))
        # the repository
        changes = system.compare(self.repository_before, self.repository_after)
        for path in changes.new + changes.changed:
            new_marks = self.marks_in(self.repository_after_content.get(path, b"")) - \
                self.marks_in(self.repository_backup.get(path, b""))
            if new_marks:  # other changes: someone editing the package meanwhile, not the run
                damage.append((f"changed in the repository: grader/{path}", new_marks))
        self._file_damage = damage
        return damage

    def honest_damage(self) -> tuple[list[str], set[str] | str]:
        """Honest students whose cell scores are not exactly right (after the delayed attacks),
        and whom that is charged to."""
        damaged = []
        for name, (_, expected) in HONEST.items():
            got = self.grades_t1.get(self.tokens.student(name))
            if got != expected:
                damaged.append(f"{name} has {got}, expected {expected}")
        if not damaged:
            return [], set()
        evidence = [self.t1_content.get("gradebook.db", b""),
                    self.t1_content.get(f"{grading.SHARDS}/{grading.SNAPSHOT}", b"")]
        culprits: set[str] = set()
        for name in HONEST:
            student = self.tokens.student(name)
            evidence += [content for path, content in self.t1_content.items()
                         if f"/{student}/" in f"/{path}"]
            evidence.append(self.outcomes.get(student, {}).get("log", "").encode())
            if name in self.pending:
                culprits |= self.run_culprits()
        for data in evidence:
            culprits |= self.marks_in(data)
        return damaged, culprits or EVERYONE

    def run_culprits(self) -> set[str]:
        """Whom a run that did not finish is charged to."""
        culprits: set[str] = set()
        if self.stalled:
            culprits |= {name for name in self.pending if name in ATTACKERS}
        if self.crash or (self.returncode != 0 and not self.stalled):
            culprits |= self.ids_in(self.crash + self.readers[1].data.decode(errors="replace")[-20000:])
        if self.pipe_open:
            for holder in self.pipe_holders:
                culprits |= self.marks_in(holder.cmdline.encode()) | self.ids_in(holder.cwd)
        return culprits or set(ATTACKERS)

    def charged(self, name: str, culprits) -> bool:
        return culprits == EVERYONE or name in culprits

    # --- the five checks of one attacker ----------------------------------------------------

    def outputs_text(self, name: str) -> str:
        """Every output of the attacker's autograded notebook, as text."""
        path = self.root / "autograded" / self.tokens.student(name) / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        try:
            notebook = json.loads(system.read_regular(path) or b"{}")
        except ValueError:
            return ""
        texts = []
        for cell in notebook.get("cells", []):
            for output in cell.get("outputs", []):
                text = output.get("text", "")
                texts.append(text if isinstance(text, str) else "".join(text))
                texts.append(output.get("evalue", ""))
        return "\n".join(texts)

    def problems(self, name: str) -> dict[str, list[str]]:
        tokens, student = self.tokens, self.tokens.student(name)
        found: dict[str, list[str]] = {}

        found["0. its cells ran"] = [] if f"started-{name}" in self.outputs_text(name) else [
            f"no output 'started-{name}' in its autograded notebook ({self.outcome_summary(name)})"]

        damaged, culprits = self.honest_damage()
        found["1. honest students keep their exact score"] = (
            [*damaged, f"charged to {culprits}"] if damaged and self.charged(name, culprits) else [])

        found["2. no file outside its scratch changed"] = [
            what for what, culprits in self.file_damage() if self.charged(name, culprits)]

        left = []
        for moment, listed in (("right after the run", self.processes_t0),
                               (f"{DELAYED_SECONDS} s after the run", self.processes_t1)):
            left += [f"{moment}: {p}" for p in listed
                     if tokens.mark(name) in p.cmdline or f"/{student}/" in p.cwd + "/"]
        found["3. no process it started is left"] = left[:10] + ([f"… {len(left) - 10} more"] if len(left) > 10 else [])

        leaks = []
        others = [other for other in [*HONEST, *ATTACKERS] if other != name]
        forbidden = [tokens.code(other) for other in others] + \
            [tokens.roster_name(honest) for honest in HONEST] + [tokens.solution]
        notebook = system.read_regular(self.root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        feedback = system.read_regular(self.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html")
        leaks += [f"its autograded notebook holds {token}" for token in forbidden if token.encode() in notebook]
        leaks += [f"its feedback holds {token}" for token in forbidden + [tokens.hidden] if token.encode() in feedback]
        found["4. its notebook and feedback hold no one else's work"] = leaks

        finish = []
        if self.grades_t0.get(student) is None:
            outcome = self.outcomes.get(student)
            if outcome is not None:
                finish.append(f"its grading failed: {self.outcome_summary(name)}")
            elif name in self.run_culprits():
                finish.append("it was never graded: the run stopped first")
        if not self.finished and name in self.run_culprits():
            finish.append(self.how_the_run_ended())
        found["5. the run finished and it has a grade"] = finish

        extra = EXTRA_CHECKS.get(name)
        if extra is not None:
            found["extra"] = extra(self, name)
        return found

    def outcome_summary(self, name: str) -> str:
        outcome = self.outcomes.get(self.tokens.student(name))
        if outcome is None:
            return "no outcome: the run stopped before it was recorded"
        if outcome["success"]:
            return "graded"
        errors = [line.strip() for line in outcome["log"].splitlines()
                  if re.match(r"\s*\w+(\.\w+)*(Error|Exception|Exit): ", line)]
        return "grading failed: " + " / ".join(errors[-3:] or [outcome["log"][-300:]])

    def how_the_run_ended(self) -> str:
        parts = [f"exit code {self.returncode} after {self.duration:.0f} s"]
        if self.stalled:
            parts.append(f"stopped by the test: no submission finished for {STALL_SECONDS} s; "
                         f"never graded: {self.pending}")
        if self.crash:
            parts.append("crashed: " + self.crash[-1500:])
        if self.pipe_open:
            parts.append(f"its stdout stayed open after it exited, held by: {[str(p) for p in self.pipe_holders]}")
        return "; ".join(parts)


def _cells_before_keep_their_points(run: HostileRun, name: str) -> list[str]:
    grades = run.grades_t0.get(run.tokens.student(name)) or {}
    return [] if grades.get("square_tests") == 1.0 else [f"square_tests lost its point: {grades}"]


def _the_canary_process_lives(run: HostileRun, name: str) -> list[str]:
    return [] if run.canary_alive else ["the canary process (another student's kernel) was killed"]


def _no_link_was_followed(run: HostileRun, name: str) -> list[str]:
    """The grader must not have copied /dev/zero or /etc/passwd, nor a huge file, into the course."""
    passwd = system.read_regular(Path("/etc/passwd"))
    problems = []
    for path, entry in run.t1.items():
        if run.tokens.student(name) not in path or path.startswith(grading.SHARDS):
            continue
        if entry.kind == "file" and entry.size >= 64 * 2**20:
            problems.append(f"{path}: {entry.size >> 20} MiB in the course")
        elif entry.kind == "file" and passwd and run.t1_content.get(path) == passwd:
            problems.append(f"{path}: a copy of /etc/passwd")
        elif entry.kind in ("fifo", "link", "other"):
            problems.append(f"{path}: a {entry.kind} in the course")
    return problems


EXTRA_CHECKS = {
    "swallows_interrupts": _cells_before_keep_their_points,
    "signals_other_processes": _the_canary_process_lives,
    "leaves_special_files": _no_link_was_followed,
    "special_files_for_the_parent": _no_link_was_followed,
}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    run = HostileRun(tmp_path_factory.mktemp("hostile"))
    try:
        run.prepare()
        run.grade()
        yield run
    finally:
        run.clean_up()


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{check}:\n" + "\n".join(f"    {line}" for line in lines)
                     for check, lines in found.items() if lines)


# --- one test per attack ---------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_hostile_submission_harms_no_one_but_itself(hostile_run, attack):
    found = hostile_run.problems(attack)
    assert not any(found.values()), f"{attack}:\n{_report(found)}"


# --- the run as a whole ----------------------------------------------------------------------


def test_every_honest_student_keeps_their_exact_score(hostile_run):
    damaged, culprits = hostile_run.honest_damage()
    assert not damaged, f"{damaged}; charged to {culprits}"


def test_the_run_finishes_by_itself_and_closes_its_output(hostile_run):
    run = hostile_run
    assert run.finished and not run.pending, run.how_the_run_ended()


def test_no_process_of_the_run_is_left(hostile_run):
    left = [str(p) for p in hostile_run.processes_t0 + hostile_run.processes_t1]
    assert not left, f"{len(left)} left, e.g. {left[:5]}"


def test_the_gradebook_is_unchanged_seconds_after_the_run(hostile_run):
    run = hostile_run
    assert run.t0.get("gradebook.db") == run.t1.get("gradebook.db"), (
        f"the gradebook changed between the end of the run and {DELAYED_SECONDS} s later "
        f"(marks in it: {run.marks_in(run.t1_content.get('gradebook.db', b''))})")
    assert run.grades_t0 == run.grades_t1


def test_the_repository_is_restored_after_the_run(hostile_run):
    """Whatever the attacks wrote into the grader package is gone again."""
    run = hostile_run
    now = run._repository_files()
    assert not [path for path, content in now.items() if run.tokens.run.encode() in content
                or MARKER_LINE.encode() in content or Path(path).name.startswith("hostile-")]
    for path, content in run.repository_backup.items():
        if path in now and run.tokens.run.encode() in run.repository_after_content.get(path, b""):
            assert now[path] == content, f"grader/{path} differs from its backup"


def test_the_secret_tokens_are_only_where_the_suite_puts_them(hostile_run):
    """The checks above look for these tokens: the release must not hold the instructor's, and
    each submission holds its own code token."""
    run = hostile_run
    release = (run.root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text()
    source = (run.root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text()
    assert run.tokens.solution not in release and run.tokens.hidden not in release
    assert run.tokens.solution in source and run.tokens.hidden in source
    for name in ORDER:
        submitted = run.before_content[f"submitted/{run.tokens.student(name)}/{ASSIGNMENT}/{NOTEBOOK}.ipynb"]
        assert run.tokens.code(name).encode() in submitted


# --- what the sandbox denies: one probe submission each ---------------------------------------


def test_kernel_cannot_read_the_course_folder(hostile_run):
    run, name = hostile_run, "capability_read_course"
    printed = run.outputs_text(name)
    assert f"started-{name}" in printed
    secrets_read = [token for token in [run.tokens.solution, run.tokens.hidden,
                                        *[run.tokens.code(honest) for honest in HONEST],
                                        *[run.tokens.roster_name(honest) for honest in HONEST]]
                    if token in printed]
    assert not secrets_read, f"the kernel printed what it read: {secrets_read}"


def test_kernel_cannot_write_the_repository(hostile_run):
    run, name = hostile_run, "capability_write_repository"
    assert f"started-{name}" in run.outputs_text(name)
    written = [path for path, content in run.repository_after_content.items()
               if run.tokens.mark(name).encode() in content]
    assert not written, f"the kernel wrote into the grader package: {written} (restored since)"


def test_kernel_cannot_reach_the_network(hostile_run):
    run, name = hostile_run, "capability_network"
    assert f"started-{name}" in run.outputs_text(name)
    assert not run.connections, f"the test's socket on 127.0.0.1 accepted {len(run.connections)} " \
                                f"connection(s): {run.connections}"


def test_kernel_cannot_outlive_its_grading(hostile_run):
    run, name = hostile_run, "capability_outlive"
    assert f"started-{name}" in run.outputs_text(name)
    left = [str(p) for p in run.processes_t0 + run.processes_t1 if run.tokens.mark(name) in p.cmdline]
    assert not left, f"its detached process outlived the run: {left}"


def _limit_in_bytes(value: str) -> float:
    return float("inf") if value == "unlimited" else float(value)


def test_kernel_cannot_raise_its_limits(hostile_run):
    run, name = hostile_run, "capability_limits"
    printed = run.outputs_text(name)
    assert f"started-{name}" in printed
    problems = []
    # what the kernel's child had: the test reads /proc itself
    seen = [entry for entry in run.seen.values() if run.tokens.mark(name) in entry["cmdline"]]
    for entry in seen:
        soft, hard = entry["limits"].get("Max address space", ("?", "?"))
        if _limit_in_bytes(soft) > MEMORY_LIMIT_MB * 2**20 or _limit_in_bytes(hard) > MEMORY_LIMIT_MB * 2**20:
            problems.append(f"its child's address-space limit is soft {soft}, hard {hard} (the grader's: "
                            f"{MEMORY_LIMIT_MB} MiB)")
        if entry["limits"].get("Max processes", ("?", "unlimited"))[1] == "unlimited":
            problems.append("its child's hard limit on processes is unlimited")
    # what the kernel says of its attempts
    report = re.search(r"limits-report (\{.*\})", printed)
    if report is None:
        problems.append("no report of the attempts")
    else:
        raised = [label for label, (verdict, *_) in json.loads(report.group(1)).items() if verdict == "raised"]
        if raised:
            problems.append(f"setrlimit succeeded for: {raised}")
    assert not problems, "; ".join(problems)
