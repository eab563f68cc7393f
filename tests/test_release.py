"""notebooks/ is exactly the nbgrader release of solutions/, and a valid one."""

import json

import nbformat
import pytest
from conftest import RELEASE, SOLUTIONS

from grader.trusted.submissions import grade_id_of

SOURCE_NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb"))
RELEASED_NOTEBOOKS = sorted(RELEASE.glob("*/*.ipynb"))
LEAK_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def _relative(paths, root):
    return [path.relative_to(root) for path in paths]


def test_every_assignment_is_released():
    assert SOURCE_NOTEBOOKS, "solutions/ has no assignment notebooks"
    assert _relative(RELEASED_NOTEBOOKS, RELEASE) == _relative(SOURCE_NOTEBOOKS, SOLUTIONS)


def test_assignment_folders_hold_only_notebooks():
    """nbgrader copies every file of an assignment folder to the students."""
    for folder in (SOLUTIONS, RELEASE):
        strays = [p for p in folder.glob("*/*") if p.suffix != ".ipynb" and p.name != ".ipynb_checkpoints"]
        assert not strays, f"files students would receive by accident: {strays}"


def test_each_assignment_has_one_notebook():
    for assignment in {p.parent for p in SOURCE_NOTEBOOKS}:
        assert len(list(assignment.glob("*.ipynb"))) == 1, assignment


def test_committed_release_matches_a_fresh_generate_assignment(released_course):
    fresh = released_course.root / "release"
    assert _relative(sorted(fresh.glob("*/*.ipynb")), fresh) == _relative(RELEASED_NOTEBOOKS, RELEASE)
    for committed in RELEASED_NOTEBOOKS:
        regenerated = fresh / committed.relative_to(RELEASE)
        assert json.loads(committed.read_text()) == json.loads(regenerated.read_text()), (
            f"{committed.relative_to(RELEASE)} differs from generate_assignment's output: run `make release`"
        )


@pytest.mark.parametrize("path", RELEASED_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_release_is_a_clean_nbgrader_student_notebook(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    graded = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]
    answers = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("solution")]
    assert graded and answers, "a release without graded cells or answer cells"

    for cell in notebook.cells:
        assert not any(marker in cell.source for marker in LEAK_MARKERS), (
            f"cell {grade_id_of(cell)!r} leaks solution or hidden-test text"
        )
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "the release carries outputs"
        marks = cell.metadata.get("nbgrader")
        if marks is None:
            continue
        if marks.get("grade") or marks.get("solution") or marks.get("locked"):
            assert "checksum" in marks, f"cell {marks['grade_id']!r} has no nbgrader checksum"
        if marks.get("grade") and not marks.get("solution"):
            assert marks["locked"], f"test cell {marks['grade_id']!r} is not locked"
            assert marks["points"] > 0, f"test cell {marks['grade_id']!r} is worth no points"
    grade_ids = [grade_id_of(cell) for cell in notebook.cells if grade_id_of(cell)]
    assert len(grade_ids) == len(set(grade_ids)), "duplicate grade_ids"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS + RELEASED_NOTEBOOKS, ids=str)
def test_notebooks_carry_no_execution_timestamps(path):
    """Timestamps churn every diff, and nbgrader copies them into the release."""
    notebook = nbformat.read(path, as_version=4)
    stamped = [index for index, cell in enumerate(notebook.cells) if "execution" in cell.metadata]
    assert not stamped, f"cells {stamped} carry execution timing: re-run with `make solutions`"
