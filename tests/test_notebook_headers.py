"""Every notebook opens with its header (points, time, hand-in, tests), then the checker cell."""

import re

import nbformat
import pytest
from conftest import RELEASE, SOLUTIONS

NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb")) + sorted(RELEASE.glob("*/*.ipynb"))
CHECKER_CELL_ID = "checker_install"
TABLE_ROW = re.compile(r"^\|(?P<cells>.*)\|\s*$")
GRADE_ID = re.compile(r"`([A-Za-z0-9_]+)`")


def _header(notebook):
    cell = notebook.cells[0]
    assert cell.cell_type == "markdown", "the notebook does not open with its header"
    return cell.source


def _points_table(header: str) -> tuple[list[tuple[list[str], int]], int]:
    """The header's rows as (test-cell grade_ids, points), and the total it states.

    Columns: exercise | you write | graded by (test cells) | points; the last row is the total.
    """
    rows = [TABLE_ROW.match(line)["cells"].split("|") for line in header.splitlines() if TABLE_ROW.match(line)]
    assert rows and [c.strip() for c in rows[0]][-2:] == ["graded by (test cells)", "points"], (
        "the header has no points table with columns 'graded by (test cells)' and 'points'"
    )
    body = [row for row in rows[2:]]  # skip the column names and the --- line
    *exercises, total = body
    assert total[-2].strip() == "**total**", "the points table does not end with its total"
    parsed = [(GRADE_ID.findall(row[-2]), int(row[-1].strip())) for row in exercises]
    return parsed, int(total[-1].strip().strip("*"))


def _graded_cells(notebook) -> dict[str, int]:
    """grade_id → points of every test cell (graded and not an answer cell), in notebook order."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell.metadata["nbgrader"]["points"]
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution")
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_points_table_matches_the_nbgrader_metadata(path):
    notebook = nbformat.read(path, as_version=4)
    rows, total = _points_table(_header(notebook))
    graded = _graded_cells(notebook)

    listed = [grade_id for cells, _ in rows for grade_id in cells]
    assert sorted(listed) == sorted(graded), (
        f"the table lists test cells {sorted(set(listed) ^ set(graded))} that differ from the notebook's"
        if set(listed) != set(graded) else f"a test cell is listed twice: {listed}"
    )
    for cells, points in rows:
        assert points == sum(graded[grade_id] for grade_id in cells), (
            f"the table gives {', '.join(cells)} {points} points, nbgrader "
            f"{sum(graded[grade_id] for grade_id in cells)}"
        )
    assert total == sum(graded.values()), f"the table's total is {total}, nbgrader's {sum(graded.values())}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_header_says_time_hand_in_and_how_to_run_the_tests(path):
    header = _header(nbformat.read(path, as_version=4))
    assert header.startswith("# "), "the header has no title"
    assert re.search(r"\*\*Time\.\*\* About \d+ to \d+ hours", header), "no time estimate"
    assert f"**Hand in** this file, `{path.name}`" in header, "does not say which file to hand in"
    assert "**Tests.**" in header and "Shift-Enter" in header, "does not say how to run the tests"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_first_code_cell_checks_the_checker_is_installed(path):
    notebook = nbformat.read(path, as_version=4)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    marks = first_code.metadata.get("nbgrader", {})
    assert marks.get("grade_id") == CHECKER_CELL_ID and marks.get("locked"), (
        "the first code cell is not the locked checker-install cell"
    )
    assert "%pip install" in first_code.source and "backprop_lab-" in first_code.source
