"""The folders of grader/ show the trust boundary; these tests keep them honest.

- ``grader/checker/`` runs on both sides, in student kernels too: it imports numpy and
  the standard library at module level (IPython only inside the functions that display
  in a kernel), never a file of the instructor's side.
- ``grader/in_kernel/`` shares a process with student code: it must not import
  ``grader/trusted/`` either, or a kernel would load the grading pipeline.
- Nothing imports ``grader.trusted`` from the kernel side, and the sandbox lets the
  kernel see only the kernel side (tests/test_sandbox.py).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "grader"
KERNEL_SIDE = sorted([PACKAGE / "__init__.py", PACKAGE / "limits.py",
                      *(PACKAGE / "checker").glob("*.py"), *(PACKAGE / "in_kernel").glob("*.py")])
#: Third-party packages the checker may import inside a function (displaying in JupyterLab).
LAZY_IN_CHECKER = {"IPython"}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(absolute module name, imported at module level?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            found.append((name, id(node) in top_level))
    return found


@pytest.mark.parametrize("path", KERNEL_SIDE, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_the_kernel_side_never_imports_the_trusted_side(path):
    trusted = [name for name, _ in _imports(path) if name == "grader.trusted" or name.startswith("grader.trusted.")]
    assert not trusted, f"{path.relative_to(PACKAGE)} imports {trusted}: a kernel would load the grading pipeline"


@pytest.mark.parametrize("path", sorted((PACKAGE / "checker").glob("*.py")), ids=lambda path: path.name)
def test_the_checker_imports_only_numpy_and_the_standard_library(path):
    allowed = set(sys.stdlib_module_names) | {"numpy", "grader"}
    outside = []
    for name, at_module_level in _imports(path):
        root = name.split(".")[0]
        if name.startswith("grader.") and not name.startswith("grader.checker"):
            outside.append(name)
        elif root not in allowed and (at_module_level or root not in LAZY_IN_CHECKER):
            outside.append(name)
    assert not outside, f"checker/{path.name} imports {outside}"


def test_every_module_sits_in_one_of_the_three_folders():
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "limits.py"], f"modules outside checker/, in_kernel/, trusted/: {loose}"
