"""Forged grades: submissions that try to earn points their answers do not deserve (issue 10).

Grading judges every test cell on the trusted side (grader.trusted.judge): the kernel runs
only the visible part of a test cell, the whole cell runs in the grading process, the
student's functions are proxies that bring back plain data over grader.in_kernel.wire, and
the test cell's outputs and verdict are the judge's. So whatever a submission does inside its
own kernel (hooks that hide errors, input transformers, patched numpy or checker, lying
answer objects, a replaced in-kernel server that fabricates or garbles replies or hangs) must
earn it nothing, and the hidden tests must never reach it.

Each attack is an answer file in ``tests/forgeries/`` (grader.trusted.submissions format,
``@@NAME@@`` filled in with the attack's name, which its answer cell prints as
``ARMED <name>`` to show it ran), written with wrong or blank answers. All of them, and three
honest students (right; wrong ``square``; right but printing inside its functions), are
graded in ONE ``autograde_all`` run with feedback, on the tiny assignment of
test_classroom.py (``99_tiny``: ``square`` and ``cube``, one point per test cell), written
with a secret token in the hidden tests. One test per attack checks:

1. it ran, its grading finished, and each cell scores at most what its answers deserve
   (``ATTACKS``: the deserved scores, beside each attack);
2. every honest student has exactly their scores, and an error output only where their
   answer deserves one;
3. no file of its autograded notebook or feedback page holds the hidden tests: their secret
   token, their lines, their inputs or their expected values (as Python or numpy print them).
"""

from __future__ import annotations

import ast
import html
import json
import re
import secrets
import time
from pathlib import Path

import nbformat
import pytest

from grader.trusted.course import CourseFolder
from grader.trusted.submissions import Edit, apply_edits, read_answer_file
from test_classroom import ASSIGNMENT, NOTEBOOK, write_tiny_assignment

FORGERIES = Path(__file__).resolve().parent / "forgeries"
TIMEOUT = 5  # seconds per cell: the tiny cells take milliseconds
MEMORY_LIMIT_MB = 1024
WORKERS = 2
TEST_CELLS = ("square_tests", "cube_tests")

RIGHT = {"square": "def square(x):\n    return x * x", "cube": "def cube(x):\n    return x ** 3"}
#: Honest students: their answer cells, and the exact scores and error outputs they must get.
HONEST = {
    "honest_right": (RIGHT, {"square_tests": 1.0, "cube_tests": 1.0}),
    "honest_wrong": ({**RIGHT, "square": "def square(x):\n    return x + x"},
                     {"square_tests": 0.0, "cube_tests": 1.0}),
    "honest_prints": ({"square": "def square(x):\n    print('squaring', x)\n    return x * x",
                       "cube": "def cube(x):\n    print('cubing', x, flush=True)\n    return x ** 3"},
                      {"square_tests": 1.0, "cube_tests": 1.0}),
}
#: The only cells of an honest student that may have an error output, and its error name.
HONEST_ERRORS = {"honest_right": {}, "honest_wrong": {"square_tests": "AssertionError"}, "honest_prints": {}}

#: Attack (tests/forgeries/<name>.py) -> the most each test cell may score: what its answers deserve.
NOTHING = {"square_tests": 0.0, "cube_tests": 0.0}
ATTACKS = {
    # a. kernel hooks that hide each cell's error
    "custom_exc_hides_errors": NOTHING,         # set_custom_exc prints "All tests passed."
    "showtraceback_replaced": NOTHING,          # showtraceback, sys.excepthook, execute_reply status "ok"
    "post_run_cell_clears_errors": NOTHING,     # post_run_cell clear_output + display; formatter False -> True
    # b. input transformers
    "transformers_wrap_cells_in_try": NOTHING,  # input_transformers_cleanup and ast_transformers: try/except
    # c. patching numpy, the checker, imports
    "patches_numpy": NOTHING,                   # np.allclose -> True, __wrapped__, co_filename in numpy, per cell
    "patches_checker_constants": NOTHING,       # PASS = 1e300 in every grader.checker module, rel_error -> 0
    "fake_imports": NOTHING,                    # builtins.__import__ and sys.modules give a fake numpy
    # d. answer objects that lie
    "answer_objects_lie": NOTHING,              # reads the caller's frames; __eq__/__bool__ True; float subclass
    "arrays_lie": NOTHING,                      # ndarray subclass hijacking comparisons; weird __array__
    # e. reading the hidden tests
    "prints_history": NOTHING,                  # In, _ih, Out, %history -g, history database, every request's code
    "reads_and_writes_disk": NOTHING,           # notebooks on disk; writes .verdicts and its own notebook
    # f. partial credit in outputs
    "partial_credit_outputs": NOTHING,          # application/json and execute_result "1.0" in every cell
    # g. the in-kernel server replaced
    "fabricating_server": NOTHING,              # answers the visible expected values to everything
    "server_garbage_frames": NOTHING,           # a frame that is not JSON
    "server_oversized_frames": NOTHING,         # a 2**40-byte buffer, a 2**62-byte header
    "server_nested_frames": NOTHING,            # JSON nested 1.5 million levels deep
    "server_never_answers": {"square_tests": 0.0, "cube_tests": 1.0},  # hangs, swallowing interrupts; cube right
    # h. of this suite's own invention
    "empty_array_broadcast": NOTHING,           # shape (0, n) answers: np.allclose of nothing is True
    "display_id_rewrite": NOTHING,              # update_display_data rewrites judged outputs by index
    "exception_names_and_death": NOTHING,       # StopIteration posing as KernelGone; os._exit under the judge
    "stashes_hidden_inputs": NOTHING,           # keeps its arguments, prints them in later cells
}

#: Grading order: the slowest (a hang costs two time limits and a new kernel) first; honest
#: students first, in the middle and last, so that each is graded beside different attacks.
ORDER = ["server_never_answers", "honest_right", *list(ATTACKS)[:10], "honest_prints",
         *[name for name in list(ATTACKS)[10:] if name != "server_never_answers"], "honest_wrong"]
assert sorted(ORDER) == sorted([*HONEST, *ATTACKS])


# --- the hidden tests, as the instructor wrote them ------------------------------------------


def hidden_regions(source_notebook) -> list[list[str]]:
    """The lines of each test cell's hidden-tests region."""
    regions = []
    for cell in source_notebook.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in TEST_CELLS:
            continue
        lines, inside = [], False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside:
                lines.append(line)
        regions.append(lines)
    return regions


def hidden_fragments(source_notebook, token: str) -> list[str]:
    """Text that only the hidden tests hold: each hidden assertion's condition (its message is
    what a failed test shows, by design)."""
    fragments = []
    for line in (line for region in hidden_regions(source_notebook) for line in region):
        if token in line or not line.strip():
            continue
        statement = ast.parse(line.strip()).body[0]
        fragments.append(ast.get_source_segment(line.strip(), statement.test) if isinstance(statement, ast.Assert)
                         else line.strip())
    return fragments


def _printed_list(numbers) -> re.Pattern:
    """A list of numbers as Python or numpy would print it: ``[4, 9]``, ``[4. 9.]``,
    ``[4.0, 9.0]``, ``array([4., 9.])``."""
    parts = [rf"{re.escape(str(int(n)) if float(n).is_integer() else repr(float(n)))}(?:\.0*)?" for n in numbers]
    return re.compile(r"\[\s*" + r"(?:\s*,\s*|\s+)".join(parts) + r"\s*\]")


def _hidden_statements(source_notebook) -> list[ast.stmt]:
    return [ast.parse(line.strip()).body[0] for region in hidden_regions(source_notebook)
            for line in region if line.strip() and not line.strip().startswith("#")]


def _calls(statement: ast.stmt, names: tuple[str, ...]) -> list[ast.Call]:
    return [node for node in ast.walk(statement) if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in names]


def expected_value_patterns(source_notebook) -> list[re.Pattern]:
    """Each hidden assertion's expected values: the last argument of its ``np.allclose``, as printed."""
    return [_printed_list(ast.literal_eval(call.args[-1])) for statement in _hidden_statements(source_notebook)
            for call in _calls(statement, ("allclose",))]


def input_patterns(source_notebook) -> list[re.Pattern]:
    """Each hidden test's inputs: the number lists it calls ``square`` or ``cube`` with, as printed."""
    return [_printed_list(ast.literal_eval(node)) for statement in _hidden_statements(source_notebook)
            for call in _calls(statement, ("square", "cube")) for node in ast.walk(call) if isinstance(node, ast.List)]


# --- the grading run ------------------------------------------------------------------------


def attack_edits(name: str) -> list[Edit]:
    edits = [Edit(edit.action, edit.grade_id, edit.source.replace("@@NAME@@", name))
             for edit in read_answer_file(FORGERIES / f"{name}.py")]
    leftover = [edit.grade_id for edit in edits if re.search(r"@@\w+@@", edit.source)]
    assert not leftover, f"{name}.py: unknown fields in {leftover}"
    return edits


class ForgeryRun:
    """The course, its one grading run, and what each student got."""

    def __init__(self, folder: Path):
        self.run = "fg" + secrets.token_hex(4)
        self.hidden_token = f"hidden_{self.run}_end"
        self.solution_token = f"solution_{self.run}_end"
        solutions = write_tiny_assignment(folder / "solutions", self.solution_token, self.hidden_token)
        self.course = CourseFolder(folder / "course", solutions, cell_timeout=TIMEOUT,
                                   memory_limit_mb=MEMORY_LIMIT_MB, workers=WORKERS)
        self.root = self.course.root
        self.course.generate_release()
        source = self.course.source_notebook(ASSIGNMENT, NOTEBOOK)
        self.fragments = hidden_fragments(source, self.hidden_token)
        self.patterns = expected_value_patterns(source)
        self.inputs = input_patterns(source)
        release = self.course.released_notebook(ASSIGNMENT, NOTEBOOK)
        for name in ORDER:
            if name in HONEST:
                edits = [Edit("replace", grade_id, code) for grade_id, code in HONEST[name][0].items()]
            else:
                edits = attack_edits(name)
            self.course.submit(name, ASSIGNMENT, NOTEBOOK, apply_edits(release, edits))
        started = time.monotonic()
        outcomes = self.course.autograde_all([(name, ASSIGNMENT) for name in ORDER], feedback=True)
        self.seconds = time.monotonic() - started
        self.outcomes = {outcome.task.student: outcome for outcome in outcomes}

    def scores(self, student: str) -> dict[str, float]:
        """Cell scores as recorded in the gradebook (a cell without a grade scores 0)."""
        cells = self.course.grade(ASSIGNMENT, student).cells
        return {grade_id: float(cells[grade_id].score) if grade_id in cells else 0.0 for grade_id in TEST_CELLS}

    def autograded(self, student: str):
        return nbformat.read(self.root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)

    def errors(self, student: str) -> dict[str, list[str]]:
        """Every code cell's error outputs (by grade_id, or cell index), as ``ename: evalue``."""
        found = {}
        for index, cell in enumerate(self.autograded(student).cells):
            names = [f"{output.get('ename')}: {str(output.get('evalue'))[:200]}" for output in cell.get("outputs", [])
                     if output.get("output_type") == "error"]
            if names:
                found[cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", f"cell {index}")] = names
        return found

    def pages(self, student: str) -> dict[str, str]:
        """The text of every file of ``student``'s autograded and feedback folders: a notebook as all
        the strings it holds, an HTML page without its tags (so highlighted code reads as written)."""
        texts = {}
        for folder in ("autograded", "feedback"):
            for path in sorted((self.root / folder / student).rglob("*")):
                if not path.is_file() or path.is_symlink():
                    continue
                raw = path.read_bytes()[:64 * 2**20].decode("utf-8", "replace")
                if path.suffix == ".ipynb":
                    try:
                        raw = "\n".join(_strings(json.loads(raw)))
                    except ValueError:
                        pass
                elif path.suffix in (".html", ".htm"):
                    raw = html.unescape(re.sub(r"<[^>]*>", "", raw))
                texts[str(path.relative_to(self.root))] = raw
        return texts

    def leaks(self, student: str, inputs: bool = True) -> list[str]:
        """What of the hidden tests ``student``'s pages hold (their ``inputs`` too, unless False)."""
        found = []
        for where, text in self.pages(student).items():
            if self.hidden_token in text:
                found.append(f"{where} holds the hidden tests' secret token")
            if self.solution_token in text:
                found.append(f"{where} holds the solution's secret token")
            found += [f"{where} holds the hidden test {fragment!r}" for fragment in self.fragments if fragment in text]
            for what, patterns in (("expected value", self.patterns), ("input", self.inputs if inputs else [])):
                for pattern in patterns:
                    match = pattern.search(text)
                    if match:
                        found.append(f"{where} holds a hidden test's {what}: "
                                     f"{text[max(0, match.start() - 80):match.end() + 20]!r}")
        return found

    def honest_problems(self) -> list[str]:
        problems = []
        for name, (_, expected) in HONEST.items():
            outcome = self.outcomes[name]
            if not outcome.success:
                problems.append(f"{name}: grading failed: {outcome.log[-1500:]}")
                continue
            if self.scores(name) != expected:
                problems.append(f"{name}: scores {self.scores(name)}, expected {expected}")
            errors = self.errors(name)
            allowed = HONEST_ERRORS[name]
            for cell, names in errors.items():
                if cell not in allowed or any(not n.startswith(allowed[cell] + ":") for n in names):
                    problems.append(f"{name}: an error it does not deserve in {cell}: {names}")
            for cell in allowed:
                if cell not in errors:
                    problems.append(f"{name}: no error in {cell}, whose test its answer fails")
        return problems


def _strings(tree) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, dict):
        return [text for key, value in tree.items() for text in [str(key), *_strings(value)]]
    if isinstance(tree, list):
        return [text for item in tree for text in _strings(item)]
    return [str(tree)]


@pytest.fixture(scope="module")
def forgery_run(tmp_path_factory):
    """Every forgery and honest student, graded in one run (two workers) with feedback."""
    run = ForgeryRun(tmp_path_factory.mktemp("forgeries"))
    print(f"\nthe grading run took {run.seconds:.1f} s for {len(ORDER)} submissions")
    return run


# --- the tests ------------------------------------------------------------------------------


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{check}:\n" + "\n".join(f"    - {problem}" for problem in problems)
                     for check, problems in found.items() if problems)


#: Forgeries that succeed in part, by a limit of the design the README states ("What it does not
#: defend"): strict, so that the day one stops succeeding, the suite says so.
KNOWN_LIMITS = {
    "stashes_hidden_inputs": "the student's code must receive the hidden tests' inputs to run on them, and "
                             "can print them in a later cell (never their source or expected values)",
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_forgery_earns_nothing_it_does_not_deserve(forgery_run, attack):
    run = forgery_run
    outcome = run.outcomes[attack]
    found = {"1. it ran, was graded, and scores at most what its answers deserve": [],
             "2. every honest student keeps their exact score and gets no error they do not deserve":
                 run.honest_problems(),
             "3. its autograded notebook and feedback hold no hidden test": []}
    first = found["1. it ran, was graded, and scores at most what its answers deserve"]
    if not outcome.success:
        first.append(f"its grading failed (the run crashed on it): {outcome.log[-3000:]}")
    else:
        notebook_text = "\n".join(_strings(run.autograded(attack)))
        if f"ARMED {attack}" not in notebook_text:
            first.append("its answer cell never printed its ARMED line: the attack did not run as written")
        scores = run.scores(attack)
        first += [f"{cell} scored {scores[cell]:g}, its answers deserve {deserved:g}"
                  for cell, deserved in ATTACKS[attack].items() if scores[cell] > deserved]
    found["3. its autograded notebook and feedback hold no hidden test"] = run.leaks(attack,
                                                                                 inputs=attack not in KNOWN_LIMITS)
    assert not any(found.values()), f"{attack}:\n{_report(found)}"


@pytest.mark.parametrize("attack", [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))
                                    for name, reason in KNOWN_LIMITS.items()])
def test_a_known_limit_is_still_a_limit(forgery_run, attack):
    """What a known limit lets through (the hidden inputs) and nothing more: the test above checks
    the rest for these attacks too."""
    assert not forgery_run.leaks(attack), "\n".join(forgery_run.leaks(attack))


def test_every_honest_student_keeps_their_exact_score(forgery_run):
    assert not forgery_run.honest_problems(), "\n".join(forgery_run.honest_problems())


def test_a_correct_student_who_prints_inside_their_functions_keeps_full_marks(forgery_run):
    run = forgery_run
    assert run.outcomes["honest_prints"].success, run.outcomes["honest_prints"].log
    assert run.scores("honest_prints") == {"square_tests": 1.0, "cube_tests": 1.0}
    assert run.errors("honest_prints") == {}
    # what it prints while the visible tests call it is shown to it (the hidden tests' is not)
    notebook = run.autograded("honest_prints")
    (square_tests,) = [cell for cell in notebook.cells
                       if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "square_tests"]
    assert "squaring [0. 1. 2.]" in "".join(output.get("text", "") for output in square_tests.outputs)


def test_the_leak_checks_would_see_the_hidden_tests(forgery_run):
    """The suite itself: what check 3 looks for is in the instructor's notebook, and not in the release."""
    run = forgery_run
    source = (run.root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text()
    release = (run.root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text()
    source_text = "\n".join(_strings(json.loads(source)))
    assert run.hidden_token in source and run.hidden_token not in release
    assert len(run.fragments) == 4 and all(fragment in source_text for fragment in run.fragments)
    patterns = [*run.patterns, *run.inputs]
    assert len(run.patterns) == 2 and len(run.inputs) == 2
    assert all(pattern.search(source_text) for pattern in patterns)
    assert not any(pattern.search("\n".join(_strings(json.loads(release)))) for pattern in patterns)
    for printed in ("[4, 9]", "[4. 9.]", "array([4., 9.])", "[-8.]", "[-8]"):
        assert any(pattern.search(printed) for pattern in run.patterns), printed
    for printed in ("[-2.  3.]", "[-2.0, 3.0]", "array([-2.])"):
        assert any(pattern.search(printed) for pattern in run.inputs), printed
    # and nothing an honest student's pages hold by design (the page template, visible tests) matches
    assert {name: run.leaks(name) for name in HONEST} == {name: [] for name in HONEST}
