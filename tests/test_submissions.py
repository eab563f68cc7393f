"""Answer files, class folders (grader.trusted.submissions) and intake of broken hand-ins (grader.trusted.intake)."""

from __future__ import annotations

import nbformat
import pytest

from grader.trusted.intake import read_submission
from grader.trusted.intake_cells import restore_deleted_grade_cells
from grader.trusted.submissions import Edit, apply_edits, class_submissions, grade_id_of, read_answer_file


def _cell(source, grade_id=None, **marks):
    cell = nbformat.v4.new_code_cell(source)
    if grade_id:
        cell.metadata["nbgrader"] = {"grade_id": grade_id, "schema_version": 3, "grade": False,
                                     "solution": False, "locked": False, **marks}
    return cell


@pytest.fixture
def release():
    return nbformat.v4.new_notebook(cells=[
        _cell("import numpy as np"),
        _cell("def f(x):\n    raise NotImplementedError()", "f", solution=True),
        _cell("assert f(2) == 4", "f_tests", grade=True, locked=True, points=1),
        nbformat.v4.new_markdown_cell("Next", metadata={"nbgrader": {"grade_id": "text", "locked": True}}),
        _cell("def g(x):\n    raise NotImplementedError()", "g", solution=True),
        _cell("assert g(2) == 8", "g_tests", grade=True, locked=True, points=2),
    ])


def test_answer_file_edits_in_order(tmp_path):
    path = tmp_path / "answers.py"
    path.write_text("# a comment about the student\n# %% f\ndef f(x):\n    return x * x\n\n"
                    "# %% insert after f\nprint(f(3))\n# %% delete g_tests\n")
    assert read_answer_file(path) == [
        Edit("replace", "f", "def f(x):\n    return x * x"),
        Edit("insert after", "f", "print(f(3))"),
        Edit("delete", "g_tests", ""),
    ]


def test_based_on_applies_the_base_file_first(tmp_path):
    (tmp_path / "base.py").write_text("# %% f\nbase f\n# %% g\nbase g\n")
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / "answers.py").write_text("# Like the base, another g.\n# based on: ../base.py\n# %% g\nown g\n")
    edits = read_answer_file(tmp_path / "student" / "answers.py")
    assert edits == [Edit("replace", "f", "base f"), Edit("replace", "g", "base g"), Edit("replace", "g", "own g")]


def test_apply_edits_replaces_inserts_deletes_and_clears_outputs(release):
    edited = apply_edits(release, [Edit("replace", "f", "def f(x):\n    return x * x"),
                                   Edit("insert after", "f", "print(f(3))"), Edit("delete", "g_tests")])
    assert [grade_id_of(c) for c in edited.cells] == [None, "f", None, "f_tests", "text", "g"]
    assert edited.cells[1].source.endswith("return x * x") and edited.cells[2].source == "print(f(3))"
    assert release.cells[1].source.endswith("NotImplementedError()"), "the release itself is unchanged"
    twice = apply_edits(release, [Edit("insert after", "f", "print(f(3))"), Edit("insert after", "f", "print(f(3))")])
    assert twice.cells[3].id == edited.cells[2].id != twice.cells[2].id, "inserted cells: the same ids each time, unique"
    nbformat.validate(twice)
    with pytest.raises(KeyError, match="no_such_cell"):
        apply_edits(release, [Edit("replace", "no_such_cell", "")])


def test_class_folder_gives_notebooks_raw_bytes_and_nothing(tmp_path, release):
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "hw1.py").write_text("# %% f\ndef f(x):\n    return x * x\n")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "hw1.ipynb").write_bytes(b"{not json")
    (tmp_path / "cy").mkdir()
    handed_in = class_submissions(tmp_path, "hw1", release)
    assert set(handed_in) == {"ann", "bob", "cy"}
    assert handed_in["ann"].cells[1].source.endswith("return x * x")
    assert handed_in["bob"] == b"{not json" and handed_in["cy"] is None


def test_deleted_grade_cells_come_back_where_they_were(release):
    submitted = apply_edits(release, [Edit("delete", "f_tests"), Edit("delete", "text"), Edit("delete", "g_tests")])
    (note,) = restore_deleted_grade_cells(submitted, release)
    assert "f_tests, g_tests were missing" in note
    assert [grade_id_of(c) for c in submitted.cells] == [None, "f", "f_tests", "g", "g_tests"]


def test_intake_reports_what_cannot_be_graded(tmp_path, release):
    (tmp_path / "cut.ipynb").write_text(nbformat.writes(release)[:200])
    assert "not valid JSON" in read_submission(tmp_path / "cut.ipynb", release).problem
    (tmp_path / "list.ipynb").write_text("[1, 2, 3]")
    assert "not a valid Jupyter notebook" in read_submission(tmp_path / "list.ipynb", release).problem
    nbformat.write(apply_edits(release, [Edit("delete", "g_tests")]), tmp_path / "ok.ipynb")
    intake = read_submission(tmp_path / "ok.ipynb", release)
    assert intake.problem is None and any("g_tests were missing" in note for note in intake.notes)
