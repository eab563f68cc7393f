"""Detect a submission that monkeypatches the checker, numpy or builtins.

A student's cells run in the same Python process as the test cells, so a line like
``grader.checker.testing.expect_layer = lambda *a, **k: None`` or
``np.allclose = lambda *a, **k: True`` would make every check pass. This module
finds such patches by comparing what is live in the kernel with what is on disk:

- every loaded ``grader`` module must be a file of the grader package, each
  function and method it defines must have the code object a fresh compile of that
  file produces, and each name it imports from another grader module must still be
  that module's object;
- every function in numpy's main namespaces must come from numpy's own files, and
  the builtins must not have been replaced by functions written elsewhere.

Two entry points:

- ``probe_expression()``, used by the autograder (grader.trusted.execution) after every
  test cell: one Python expression that executes a *fresh copy of this file's
  source* in its own namespace and returns the findings as JSON, so patching this
  module does not silence the probe. This is the check that withholds points.
- ``find_tampering()`` / ``assert_untampered()`` for code running inside a kernel,
  e.g. an instructor's own check; the test-cell helpers do not call them, so a
  student sees the finding in the graded feedback rather than in JupyterLab.

The module therefore imports only the standard library, and only inside functions.
Its limits: it detects patching of the checker, numpy and builtins, the ways to make
"every test pass" that a student finds; code that patches the interpreter itself (or
swaps one genuine numpy function for another) is beyond an in-process check.
"""

from __future__ import annotations

#: numpy namespaces whose functions the checker and the test cells call.
NUMPY_NAMESPACES = ("numpy", "numpy.linalg", "numpy.random", "numpy.testing", "numpy.fft", "math")


class TamperingDetected(AssertionError):
    """Raised instead of awarding points when the checker or numpy was patched."""


def assert_untampered() -> None:
    """Raise ``TamperingDetected("tampering detected: …")`` if anything was patched."""
    findings = find_tampering()
    if findings:
        raise TamperingDetected("tampering detected: " + "; ".join(findings))


def find_tampering(grader_dir: str | None = None, numpy_dir: str | None = None,
                   sources: dict | None = None, imports: dict | None = None) -> list[str]:
    """What was patched, one sentence each; empty when the checker and numpy are genuine.

    ``grader_dir`` and ``numpy_dir`` default to where the packages are installed;
    ``sources`` (file path -> text) defaults to reading the grader's files now, and
    ``imports`` (file path -> ``import_bindings`` of its source) to parsing them. The
    autograder passes all four from its own (trusted) process, with the sources read
    when the kernel started, so that editing the checker during a grading run is not
    mistaken for tampering, and the imports parsed once rather than after every cell.
    """
    import os
    import sys

    if grader_dir is None:
        grader_dir = _package_folder()
    if numpy_dir is None and "numpy" in sys.modules:
        numpy_dir = os.path.dirname(os.path.abspath(sys.modules["numpy"].__file__ or ""))
    findings = _checker_findings(grader_dir, sources or {}, imports or {})
    findings += _numpy_and_builtin_findings(numpy_dir)
    return findings


#: The parts of the grader package a kernel loads (grader.trusted never runs there).
KERNEL_SIDE = ("*.py", "checker/*.py", "in_kernel/*.py")


def _package_folder() -> str:
    """The folder of the ``grader`` package (this file is in its ``in_kernel/``)."""
    import os

    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def checker_sources() -> dict:
    """The text of every file of the grader package that a kernel loads, by absolute path."""
    import glob
    import os

    sources = {}
    folder = _package_folder()
    for path in sorted(path for pattern in KERNEL_SIDE for path in glob.glob(os.path.join(folder, pattern))):
        with open(path, encoding="utf-8") as handle:
            sources[path] = handle.read()
    return sources


def probe_expression(sources: dict | None = None) -> str:
    """A Python expression that, evaluated in a kernel, gives ``find_tampering()`` as JSON.

    ``sources`` (default: ``checker_sources()`` now) is what the checker should be.
    """
    import os

    import numpy

    sources = checker_sources() if sources is None else sources
    imports = {path: import_bindings(source) for path, source in sources.items()}
    grader_dir = _package_folder()
    numpy_dir = os.path.dirname(os.path.abspath(numpy.__file__))
    return (
        "(lambda namespace: (exec(compile({source!r}, '<grader integrity probe>', 'exec', dont_inherit=True),"
        " namespace), __import__('json').dumps(namespace['find_tampering']"
        "({grader!r}, {numpy!r}, {sources!r}, {imports!r})))[1])"
        "({{'__name__': 'grader_integrity_probe'}})"
    ).format(source=sources[os.path.abspath(__file__)], grader=grader_dir, numpy=numpy_dir,
             sources=sources, imports=imports)


def import_bindings(source: str) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """Every ``from … import …`` of a module's source: (level, module, [(name, bound name)])."""
    import ast

    return [(node.level, node.module or "", [(alias.name, alias.asname or alias.name) for alias in node.names])
            for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)]


# --- the checker ----------------------------------------------------------------


def _checker_findings(grader_dir: str, sources: dict, imports: dict) -> list[str]:
    import os
    import sys

    impostors, findings = [], []
    for name, module in sorted(list(sys.modules.items()), key=lambda item: item[0]):
        if name != "grader" and not name.startswith("grader."):
            continue
        path = getattr(module, "__file__", None)
        if path is None and name == "grader" and grader_dir in list(getattr(module, "__path__", [])):
            continue  # the package without an __init__.py
        if not isinstance(path, str) or os.path.commonpath([os.path.abspath(path), grader_dir]) != grader_dir:
            impostors.append(f"sys.modules[{name!r}] is not the checker's module")
            continue
        source = sources.get(os.path.abspath(path))
        if source is None:
            try:
                with open(path, encoding="utf-8") as handle:
                    source = handle.read()
            except OSError:
                continue
        bindings = imports.get(os.path.abspath(path))
        if bindings is None:
            bindings = import_bindings(source)
        findings += _module_findings(name, module, source, path, bindings)
    return impostors + findings


def _module_findings(name: str, module, source: str, path: str, bindings: list) -> list[str]:
    """Compare one live grader module with a fresh compile of its file."""
    findings = []
    fresh = _code_objects_by_qualname(compile(source, path, "exec", dont_inherit=True))
    live = vars(module)
    for qualname, code in fresh.items():
        obj = _resolve(live, qualname)
        if obj is _MISSING:
            continue
        if _is_class_body(code):
            if not isinstance(obj, type):
                findings.append(f"{name}.{qualname} was replaced by a {type(obj).__name__}, not a class")
            continue
        function = _function_of(obj)
        if function is None:
            findings.append(f"{name}.{qualname} was replaced by a {type(obj).__name__}")
        elif _without_positions(function.__code__) != _without_positions(code):
            where = function.__code__.co_filename
            findings.append(f"{name}.{qualname} was replaced (the new one is defined in {where})")
    for level, imported_from, names in bindings:
        findings += _reexport_findings(name, module, level, imported_from, names)
    return findings


def _reexport_findings(name: str, module, level: int, imported_from: str, names: list) -> list[str]:
    """Names a grader module imports from another grader module must still be that object."""
    import sys

    package = name if getattr(module, "__path__", None) else name.rpartition(".")[0]
    if level:
        base = package.rsplit(".", level - 1)[0] if level > 1 else package
        source_name = f"{base}.{imported_from}" if imported_from else base
    else:
        source_name = imported_from
    if source_name != "grader" and not source_name.startswith("grader."):
        return []
    source_module = sys.modules.get(source_name)
    if source_module is None:
        return []
    findings = []
    for imported, bound in names:
        if imported == "*":
            continue
        original = vars(source_module).get(imported, _MISSING)
        current = vars(module).get(bound, _MISSING)
        if original is _MISSING or current is _MISSING:
            continue
        if current is not original and not _is_module(original):
            findings.append(f"{name}.{bound} is no longer {source_name}.{imported}")
    return findings


def _code_objects_by_qualname(module_code) -> dict:
    """Code objects of the module-level functions, classes and methods, by qualified name."""
    found = {}
    pending = [module_code]
    while pending:
        code = pending.pop()
        for const in code.co_consts:
            if hasattr(const, "co_code") and "<" not in const.co_qualname:
                found[const.co_qualname] = const
                if _is_class_body(const):
                    pending.append(const)
    return found


def _without_positions(code):
    """``code`` (and the code nested in it) with line numbers blanked: moving a function
    within its file is not tampering, changing what it does is."""
    consts = tuple(_without_positions(c) if hasattr(c, "co_code") else c for c in code.co_consts)
    return code.replace(co_firstlineno=1, co_linetable=b"", co_consts=consts)


def _is_class_body(code) -> bool:
    """Function code is compiled with CO_OPTIMIZED | CO_NEWLOCALS; a class body is not."""
    return not code.co_flags & 0x3


_MISSING = object()


def _resolve(namespace: dict, qualname: str):
    """``namespace[a].__dict__[b]…`` for ``qualname`` "a.b…", or _MISSING."""
    obj = _MISSING
    current = namespace
    for part in qualname.split("."):
        if current is None:
            return _MISSING
        obj = current.get(part, _MISSING)
        if obj is _MISSING:
            return _MISSING
        current = dict(vars(obj)) if isinstance(obj, type) else None
    return obj


def _function_of(obj):
    """The plain function behind a function, static/class method, property or wrapper; else None."""
    import types

    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    if isinstance(obj, property):
        obj = obj.fget
    while isinstance(obj, types.FunctionType) and hasattr(obj, "__wrapped__"):
        obj = obj.__wrapped__
    return obj if isinstance(obj, types.FunctionType) else None


def _is_module(obj) -> bool:
    import types

    return isinstance(obj, types.ModuleType)


# --- numpy and builtins -----------------------------------------------------------


def _numpy_and_builtin_findings(numpy_dir: str | None) -> list[str]:
    import builtins
    import os
    import sys
    import sysconfig

    library_dirs = {os.path.abspath(sysconfig.get_paths()[key]) for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    stdlib_dirs = {os.path.abspath(sysconfig.get_paths()[key]) for key in ("stdlib", "platstdlib")}
    findings = []
    for namespace in NUMPY_NAMESPACES:
        module = sys.modules.get(namespace)
        if module is None:
            continue
        allowed = ({numpy_dir} if numpy_dir else set()) | stdlib_dirs
        for attribute, value in list(vars(module).items()):
            where = _python_source_of(value)
            if where is not None and not _inside(where, allowed):
                findings.append(f"{namespace}.{attribute} was replaced (the new one is defined in {where})")
    for attribute, value in list(vars(builtins).items()):
        where = _python_source_of(value)
        if where is not None and not _inside(where, library_dirs):
            findings.append(f"builtins.{attribute} was replaced (the new one is defined in {where})")
    return findings


def _python_source_of(value) -> str | None:
    """The file of the Python code behind ``value``, or None for C functions, classes and data."""
    import types

    if isinstance(value, types.MethodType):
        value = value.__func__
    implementation = getattr(type(value), "__name__", "") == "_ArrayFunctionDispatcher"
    if implementation:
        value = getattr(value, "_implementation", value)
    if isinstance(value, types.FunctionType):
        return value.__code__.co_filename
    if callable(value) and not isinstance(value, type) and hasattr(type(value), "__call__"):
        call = getattr(type(value), "__call__", None)
        if isinstance(call, types.FunctionType):  # an instance of a Python class posing as a function
            return call.__code__.co_filename
    return None


def _inside(path: str, folders: set[str]) -> bool:
    import os

    if path.startswith("<frozen "):
        return True  # the interpreter's own frozen modules (site's exit, help, …)
    path = os.path.abspath(path)
    return any(path == folder or path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)
