"""The trusted judge: every test cell's verdict, computed outside the student's process.

The grading kernel runs the student's notebook, but each test cell only in its
*visible* part (hidden tests never reach it, see grader.trusted.execution). The full
test cell, hidden tests included, runs here, in the grading process, in a namespace
built from the instructor's own notebook (the course's ``source/`` copy, never the
student's):

- the instructor's code cells run here, from their source: the student cannot change
  a helper, a dataset or a reference function that a test relies on;
- a name that an answer cell defines (``forward_difference``, ``Value``) is a proxy
  (grader.trusted.judge_link.RemoteName): using it runs the student's code in the
  kernel, on inputs the test supplies, and only plain data comes back;
- the checker that compares is this process's own, which no submission can reach.

Only what the tests need is rebuilt: the instructor's cells are split into top-level
statements, and a statement runs only when it defines (or changes) a name that a test
cell, or a statement that runs, uses (``plan``). Plots, tables and demonstrations are
skipped, so judging costs about what the tests themselves cost.

A test cell passes when its code runs to the end. Its outputs in the autograded
notebook are the judge's own (what it printed, and the error that failed it), so the
kernel cannot write the outputs that nbgrader scores.
"""

from __future__ import annotations

import ast
import contextlib
import io
import symtable
import warnings
from dataclasses import dataclass, field
from types import CodeType

from nbformat import NotebookNode
from nbgrader import utils

from grader.checker.disclosure import expected_values_hidden
from grader.checker.namespace import NOTEBOOK_NAMESPACE
from grader.limits import MAX_CHARS_PER_CELL
from grader.trusted.judge_link import JudgeTimeout, KernelGone, KernelLink, NotebookNamespace, RemoteName

TIMED_OUT = "This test ran past its time limit of {limit} s inside your code and was interrupted, so it earns no points."
KERNEL_GONE = "The Python kernel stopped answering the grader while this test ran your code ({reason}), so it earns no points."
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
FAILED_BEFORE = ("{error}\n(The test uses `{name}`, which the notebook computes with your code before this test, "
                 "and that computation failed: {cause})")


@dataclass
class Statement:
    """One top-level statement of an instructor cell."""

    code: CodeType
    defines: frozenset[str]   # names it binds or changes
    binds: frozenset[str]     # names it always rebinds: an earlier value of these is not needed after it
    uses: frozenset[str]
    needed: bool = False


@dataclass
class Unit:
    """A code cell of the instructor's notebook, as the judge sees it."""

    kind: str                                   # "instructor", "answer" or "test"
    grade_id: str | None = None
    statements: list[Statement] = field(default_factory=list)  # instructor cells
    names: frozenset[str] = frozenset()         # answer cells: the names they define
    segments: list[tuple[CodeType, bool]] = field(default_factory=list)  # test cells: (code, hidden?) in order
    uses: frozenset[str] = frozenset()


@dataclass
class TestVerdict:
    """The outcome of one test cell: its outputs for the notebook, and whether it passed."""

    outputs: list[NotebookNode]
    passed: bool


class NotebookJudge:
    """Judges the test cells of one notebook, in order, against one grading kernel."""

    def __init__(self, source_notebook: NotebookNode, link: KernelLink, cell_timeout: float):
        self.units = plan(source_notebook)
        self.link = link
        self.cell_timeout = cell_timeout
        self.namespace: dict = {"__name__": "__main__", "__builtins__": __builtins__}
        self.remote_names: set[str] = set()
        self.namespace[NOTEBOOK_NAMESPACE] = NotebookNamespace(self.namespace, self.remote_names, link)
        self.failed_names: dict[str, str] = {}  # name -> why the statement defining it failed
        self.position = 0

    def has_test(self, grade_id: str) -> bool:
        return any(unit.kind == "test" and unit.grade_id == grade_id for unit in self.units)

    def judge(self, grade_id: str) -> TestVerdict:
        """Run the instructor's code up to test cell ``grade_id``, then the whole test cell."""
        target = next(index for index, unit in enumerate(self.units)
                      if unit.kind == "test" and unit.grade_id == grade_id)
        while self.position < target:
            self._advance(self.units[self.position])
            self.position += 1
        self.position = max(self.position, target + 1)
        test = self.units[target]
        printed = io.StringIO()
        error = None
        with contextlib.redirect_stdout(printed), _quiet():
            for code, hidden in test.segments:
                self.link.begin(self.cell_timeout, hidden=hidden)
                try:
                    with expected_values_hidden() if hidden else contextlib.nullcontext():
                        exec(code, self.namespace)  # noqa: S102 - the instructor's test, on the trusted side
                except Exception as raised:  # noqa: BLE001 - any failure of the test is its verdict
                    error = raised
                finally:
                    self.link.end()
                if error is not None:
                    break
        outputs = []
        text = printed.getvalue()[:MAX_CHARS_PER_CELL]
        if text:
            outputs.append(NotebookNode(output_type="stream", name="stdout", text=text))
        if error is not None:
            outputs.append(self._error_output(error))
        return TestVerdict(outputs, error is None)

    def _advance(self, unit: Unit) -> None:
        if unit.kind == "answer":
            for name in unit.names:
                self.namespace[name] = RemoteName(self.link, name)
                self.remote_names.add(name)
                self.failed_names.pop(name, None)
        elif unit.kind == "instructor":
            for statement in unit.statements:
                if statement.needed:
                    self._run_statement(statement)

    def _run_statement(self, statement: Statement) -> None:
        self.link.begin(self.cell_timeout)
        try:
            with contextlib.redirect_stdout(io.StringIO()), _quiet():
                exec(statement.code, self.namespace)  # noqa: S102 - the instructor's own code
            for name in statement.defines:
                self.failed_names.pop(name, None)
        except Exception as error:  # noqa: BLE001 - e.g. an unanswered exercise it calls
            for name in statement.defines:
                self.failed_names[name] = f"{type(error).__name__}: {error}"
        finally:
            self.link.end()

    def _error_output(self, error: Exception) -> NotebookNode:
        if isinstance(error, JudgeTimeout):
            return error_output("CellTimeoutError", TIMED_OUT.format(limit=self.cell_timeout))
        if isinstance(error, KernelGone):
            return error_output("KernelDied", KERNEL_GONE.format(reason=error))
        name, message = type(error).__name__, str(error)
        if isinstance(error, NameError) and getattr(error, "name", None) in self.failed_names:
            message = FAILED_BEFORE.format(error=message, name=error.name, cause=self.failed_names[error.name])
        frames = list(getattr(error, "student_frames", ()))
        if frames:
            return error_output(name, message, ["Your code (most recent call last):",
                                                *(f"  {frame}" for frame in frames)])
        return error_output(name, message)


def error_output(ename: str, evalue: str, lines: list[str] = ()) -> NotebookNode:
    """An nbformat error output: ``lines``, then ``ename: evalue``."""
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[*lines, f"{ename}: {evalue}"])


@contextlib.contextmanager
def _quiet():
    """No warnings from the tests' own arithmetic on the grader's console."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# --- the plan ----------------------------------------------------------------------------------
def plan(notebook: NotebookNode) -> list[Unit]:
    """The notebook's code cells as units, each instructor statement marked ``needed`` or not.

    Walking backwards from the last test cell, a statement is needed when it defines or
    changes a name that something needed later uses; what it uses is then needed too."""
    units = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        source = python_source(cell.source)
        if utils.is_solution(cell):
            units.append(Unit("answer", names=frozenset(_top_level_definitions(source))))
        elif utils.is_grade(cell):
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            units.append(Unit("test", grade_id=grade_id, uses=frozenset(_global_names_used(source)),
                              segments=segments_of_test_cell(source, f"<test cell {grade_id}>")))
        else:
            units.append(Unit("instructor", statements=_statements(source, f"<cell {index}>")))
    needed: set[str] = set()
    for unit in reversed(units):
        if unit.kind == "test":
            needed |= unit.uses
        for statement in reversed(unit.statements):
            if statement.defines & needed:
                statement.needed = True
                needed = (needed - statement.binds) | statement.uses
    return units


def segments_of_test_cell(source: str, filename: str) -> list[tuple[CodeType, bool]]:
    """A test cell's code in the order it runs, split where its hidden tests begin and end:
    (code, hidden?). Line numbers stay those of the cell. A cell whose markers are not at
    the start of a line (inside a loop, say) cannot be split: it runs whole, as hidden."""
    lines = source.splitlines(keepends=True)
    if any(marker in line and not line.startswith("### " + marker)
           for line in lines for marker in (HIDDEN_BEGIN, HIDDEN_END)):
        return [(compile(source, filename, "exec"), True)]
    segments, start, hidden = [], 0, False
    for number, line in enumerate([*lines, "### " + HIDDEN_BEGIN]):
        if line.startswith(("### " + HIDDEN_BEGIN, "### " + HIDDEN_END)):
            text = "".join(lines[start:number])
            if text.strip():
                segments.append((compile("\n" * start + text, filename, "exec"), hidden))
            start, hidden = number + 1, HIDDEN_BEGIN in line
    return segments


def python_source(source: str) -> str:
    """A cell's source as plain Python (IPython's ``%magics`` and ``!commands`` turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _statements(source: str, filename: str) -> list[Statement]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    statements = []
    for node in tree.body:
        module = ast.Module(body=[node], type_ignores=[])
        statements.append(Statement(compile(module, filename, "exec"), frozenset(_changed_names(node)),
                                    frozenset(_rebound_names(node)), frozenset(_global_names_used(ast.unparse(node)))))
    return statements


def _top_level_definitions(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {name for node in tree.body for name in _changed_names(node)}


def _global_names_used(source: str) -> set[str]:
    """The global names that ``source`` may read before it binds them itself: a test cell that
    sets ``x = …`` before using ``x`` needs no earlier ``x``. Names read inside the functions it
    defines count unless the code binds them at its top level (they are read when called)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    bound: set[str] = set()
    reads: set[str] = set()
    deferred: set[str] = set()
    _read_in_order(tree.body, bound, reads, deferred)
    return reads | (deferred - bound)


def _read_in_order(statements: list[ast.stmt], bound: set[str], reads: set[str], deferred: set[str]) -> None:
    """Walk ``statements`` in execution order: names read while unbound go to ``reads``, names
    that function bodies read go to ``deferred``; ``bound`` grows with each binding."""

    def now(*nodes) -> None:
        for node in nodes:
            if node is not None:
                reads.update(_loads(node) - bound)

    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            arguments = getattr(statement, "args", None)
            now(*getattr(statement, "decorator_list", []), *getattr(statement, "bases", []),
                *(arguments.defaults + [d for d in arguments.kw_defaults if d] if arguments else []))
            deferred.update(_function_globals(statement))
            bound.add(statement.name)
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            now(statement.iter)
            bound.update(_stored(statement.target))
            _read_in_order(statement.body + statement.orelse, bound, reads, deferred)
        elif isinstance(statement, (ast.While, ast.If)):
            now(statement.test)
            _read_in_order(statement.body + statement.orelse, bound, reads, deferred)
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                now(item.context_expr)
                if item.optional_vars is not None:
                    bound.update(_stored(item.optional_vars))
            _read_in_order(statement.body, bound, reads, deferred)
        elif isinstance(statement, ast.Try):
            _read_in_order(statement.body, bound, reads, deferred)
            for handler in statement.handlers:
                now(handler.type)
                if handler.name:
                    bound.add(handler.name)
                _read_in_order(handler.body, bound, reads, deferred)
            _read_in_order(statement.orelse + statement.finalbody, bound, reads, deferred)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            now(statement.value, *[target for target in targets if not isinstance(target, (ast.Name, ast.Tuple,
                                                                                           ast.List))])
            if isinstance(statement, ast.AugAssign):
                now(ast.Name(id=statement.target.id, ctx=ast.Load()) if isinstance(statement.target, ast.Name)
                    else None)
            for target in targets:
                bound.update(_stored(target))
        else:
            now(statement)
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                bound.update((alias.asname or alias.name).split(".")[0] for alias in statement.names)


def _loads(node: ast.AST) -> set[str]:
    """Names an expression or simple statement reads when it runs (lambda bodies and the
    targets of comprehensions excluded; what lambdas read is read later)."""
    loads, local = set(), set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            loads.add(child.id)
        elif isinstance(child, ast.comprehension):
            local |= _stored(child.target)
        elif isinstance(child, ast.Lambda):
            local |= {argument.arg for argument in ast.walk(child.args) if isinstance(argument, ast.arg)}
        elif isinstance(child, ast.NamedExpr):
            local.add(child.target.id)
    return loads - local


def _stored(target: ast.AST) -> set[str]:
    """Names a target binds: ``x``, ``x, (y, *z)``."""
    return {node.id for node in ast.walk(target) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def _function_globals(definition: ast.AST) -> set[str]:
    """The global names a function or class body reads (found by the symbol table)."""
    try:
        table = symtable.symtable(ast.unparse(definition), "<definition>", "exec")
    except SyntaxError:
        return set()
    used = set()

    def visit(scope: symtable.SymbolTable) -> None:
        for symbol in scope.get_symbols():
            if symbol.is_referenced() and symbol.is_global():
                used.add(symbol.get_name())
        for child in scope.get_children():
            visit(child)

    for child in table.get_children():
        visit(child)
    return used


def _changed_names(statement: ast.stmt) -> set[str]:
    """The global names a top-level statement binds or changes: assigned, imported, defined,
    stored into (``x[i] = …``, ``x.a = …``) or changed by a method call on its own
    (``results.append(…)``, ``np.random.seed(0)``)."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(_root_name(node))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func,
                                                                                             ast.Attribute):
            names.add(_root_name(node.value.func))
        elif isinstance(node, ast.Global):
            names.update(node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(statement)
    names.discard(None)
    return names


def _rebound_names(statement: ast.stmt) -> set[str]:
    """The names a top-level statement always binds anew (``x = …``, ``import x``, ``def x``),
    not those it binds only on some paths (in an ``if``, a ``try``) or only changes."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {statement.name}
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
    if isinstance(statement, ast.Assign):
        return {name for target in statement.targets if isinstance(target, (ast.Name, ast.Tuple, ast.List))
                for name in _stored(target)}
    if isinstance(statement, ast.AnnAssign) and statement.value is not None and isinstance(statement.target, ast.Name):
        return {statement.target.id}
    return set()


def _root_name(node: ast.AST) -> str | None:
    """``x`` of ``x.a[i].b(…)``."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None
