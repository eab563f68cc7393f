"""Find a submission's answer and test cells against the release, whatever became of their markings.

nbgrader grades the cells whose metadata carries a ``grade_id``. Three things a
submission's cells go through cost a correct student points under plain nbgrader, and
each function here repairs one of them, in place, returning plain sentences saying
what it did (empty when there was nothing to do):

- ``keep_one_cell_per_grade_id``: an answer cell copied with its metadata makes two
  cells with one grade_id, which nbgrader refuses outright. The first copy keeps the
  marking; the others run as ordinary cells.
- ``restore_lost_markings``: VS Code and LMS round trips save every cell's metadata as
  ``{}`` but keep ids, sources and order. Each marked cell of the release is found
  again, strongest evidence first: the same cell id; the same source (unchanged test
  and markdown cells); for answer cells, a cell between the neighbours already found
  that defines the same functions, or still holds the release's scaffolding
  (``raise NotImplementedError``). The release's marking is copied onto it, so
  nbgrader grades it (and restores a test cell's instructor source) as usual.
- ``restore_deleted_grade_cells``: a test cell that cannot be found is put back right
  after the cell of the release's preceding marked cell (its answer cell), or at the
  end of the notebook when none is left: never before the answers it tests.
"""

from __future__ import annotations

import ast
import copy

import nbformat

from grader.trusted.submissions import grade_id_of

#: Left in an answer cell of the release by ``nbgrader generate_assignment``.
SCAFFOLDING = ("raise NotImplementedError", "YOUR CODE HERE")


def keep_one_cell_per_grade_id(notebook: nbformat.NotebookNode) -> list[str]:
    """Unmark every cell but the first that carries an already-seen grade_id."""
    seen, copies = set(), {}
    for cell in notebook.cells:
        grade_id = grade_id_of(cell)
        if grade_id is None:
            continue
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            copies[grade_id] = copies.get(grade_id, 1) + 1
        seen.add(grade_id)
    return [f"The cell {grade_id!r} appears {count} times (a cell copied with its grading marks); the first "
            "copy was graded, the others ran as ordinary cells." for grade_id, count in copies.items()]


def restore_lost_markings(notebook: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Copy the release's nbgrader marking onto each submission cell recognised as a marked release cell."""
    present = {grade_id_of(cell) for cell in notebook.cells} - {None}
    lost = [cell for cell in release.cells if grade_id_of(cell) and grade_id_of(cell) not in present]
    if not lost:
        return []
    found_by: dict[str, list[str]] = {"their cell ids": [], "their content": [], "the functions they define": []}

    def mark(cell, release_cell, evidence):
        cell.metadata["nbgrader"] = copy.deepcopy(release_cell.metadata["nbgrader"])
        found_by[evidence].append(grade_id_of(release_cell))

    for release_cell in lost:
        unmarked = [cell for cell in notebook.cells if grade_id_of(cell) is None
                    and cell.cell_type == release_cell.cell_type]
        same_id = [cell for cell in unmarked if cell.get("id") == release_cell.get("id")]
        same_source = [cell for cell in unmarked if cell.source.strip() == release_cell.source.strip()]
        if same_id:
            mark(same_id[0], release_cell, "their cell ids")
        elif same_source:
            mark(same_source[0], release_cell, "their content")
    for release_cell in lost:
        if grade_id_of(release_cell) in {grade_id_of(cell) for cell in notebook.cells}:
            continue
        if release_cell.metadata["nbgrader"].get("solution") and release_cell.cell_type == "code":
            answer = _answer_cell_between_neighbours(notebook, release, release_cell)
            if answer is not None:
                mark(answer, release_cell, "the functions they define")
    recognised = {evidence: ids for evidence, ids in found_by.items() if ids}
    if not recognised:
        return []
    # the guesses are named; cells found by id or unchanged content are only counted
    how = "; ".join(f"{len(ids)} by {evidence}" + (f" ({', '.join(ids)})" if evidence == "the functions they define"
                                                    else "") for evidence, ids in recognised.items())
    return ["Your notebook had lost the grader's cell markings (as happens when a notebook is saved by VS Code "
            f"or passed through an LMS). The grader recognised the cells against the assignment ({how}) "
            "and graded them as usual."]


def restore_deleted_grade_cells(notebook: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """Insert every graded release cell that ``notebook`` still lacks after its answer cell."""
    restored = []
    for position, release_cell in enumerate(release.cells):
        grade_id = grade_id_of(release_cell)
        if grade_id is None or not release_cell.metadata["nbgrader"].get("grade"):
            continue
        if grade_id in {grade_id_of(cell) for cell in notebook.cells}:
            continue
        cell = copy.deepcopy(release_cell)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.id = _unused_id(notebook, cell.get("id") or grade_id)
        notebook.cells.insert(_after_preceding_marked_cell(notebook, release.cells[:position]), cell)
        restored.append(grade_id)
    if not restored:
        return []
    return [f"The graded cell(s) {', '.join(restored)} were missing from your notebook; the grader put them back "
            "after your answers and ran them."]


def _answer_cell_between_neighbours(notebook, release, release_cell):
    """The first unmarked code cell, between the cells found for the release's marked neighbours,
    that defines the release answer cell's functions or still holds its scaffolding."""
    index = release.cells.index(release_cell)
    positions = {grade_id_of(cell): at for at, cell in enumerate(notebook.cells) if grade_id_of(cell)}
    before = [positions[grade_id_of(c)] for c in release.cells[:index] if grade_id_of(c) in positions]
    after = [positions[grade_id_of(c)] for c in release.cells[index + 1:] if grade_id_of(c) in positions]
    start, stop = (max(before) + 1 if before else 0), (min(after) if after else len(notebook.cells))
    wanted = _defined_names(release_cell.source)
    for cell in notebook.cells[start:stop]:
        if cell.cell_type != "code" or grade_id_of(cell) is not None:
            continue
        if (wanted and wanted <= _defined_names(cell.source)) or any(s in cell.source for s in SCAFFOLDING):
            return cell
    return None


def _defined_names(source: str) -> set[str]:
    """Top-level functions and classes ``source`` defines (none if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.name for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _after_preceding_marked_cell(notebook, earlier_release_cells) -> int:
    """Where a restored cell goes: after the last earlier marked release cell found in ``notebook``,
    else at the end (after every answer the student wrote)."""
    positions = {grade_id_of(cell): at for at, cell in enumerate(notebook.cells) if grade_id_of(cell)}
    for cell in reversed(earlier_release_cells):
        if grade_id_of(cell) in positions:
            return positions[grade_id_of(cell)] + 1
    return len(notebook.cells)


def _unused_id(notebook, wanted: str) -> str:
    """``wanted``, or ``wanted-restored-<n>`` if a cell of ``notebook`` already has that id."""
    taken = {cell.get("id") for cell in notebook.cells}
    candidate, n = wanted, 0
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-restored-{n}"
    return candidate
