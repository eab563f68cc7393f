"""grader.trusted.output_budget: what one cell's outputs may hold, on messages as nbclient gets them."""

from __future__ import annotations

import nbformat

from grader.limits import MAX_CHARS_PER_CELL, MAX_LINE_CHARS, MAX_OUTPUTS_PER_CELL
from grader.trusted.output_budget import CELL_CUT, LINE_CUT, OutputBudget


def _stream(text: str, name: str = "stdout") -> dict:
    return {"msg_type": "stream", "header": {"msg_type": "stream"}, "content": {"name": name, "text": text},
            "parent_header": {}}


def test_ordinary_output_passes_unchanged():
    message = _stream("loss 0.25\n")
    assert OutputBudget().admit(message) == message


def test_a_long_line_is_cut_also_when_it_arrives_in_pieces():
    budget = OutputBudget()
    kept = [budget.admit(_stream("x" * 600))["content"]["text"] for _ in range(3)]
    assert kept[0] == "x" * 600 and kept[1] == "x" * 400 + LINE_CUT and kept[2] == ""
    assert budget.admit(_stream("\nnext line\n"))["content"]["text"] == "\nnext line\n"


def test_a_flood_keeps_the_cap_then_nothing():
    budget = OutputBudget()
    line = "y" * 99 + "\n"
    kept = [budget.admit(_stream(line * 100)) for _ in range(20)]
    texts = [message["content"]["text"] for message in kept if message is not None]
    assert sum(len(text) for text in texts) <= MAX_CHARS_PER_CELL + len(CELL_CUT)
    assert texts[-1].endswith(CELL_CUT) and kept[-1] is None


def test_a_huge_display_becomes_a_short_note():
    message = {"msg_type": "display_data", "header": {"msg_type": "display_data"},
               "content": {"data": {"text/plain": "z" * 10**6}, "metadata": {}}, "parent_header": {}}
    admitted = OutputBudget().admit(message)
    assert admitted["msg_type"] == admitted["header"]["msg_type"] == "stream"  # nbclient reads the header's
    assert len(admitted["content"]["text"]) <= MAX_CHARS_PER_CELL + len(CELL_CUT)
    assert nbformat.v4.output_from_msg(admitted).output_type == "stream"


def test_an_error_is_never_dropped_however_much_was_printed():
    budget = OutputBudget()
    budget.admit(_stream("w" * (2 * MAX_CHARS_PER_CELL)))
    error = {"msg_type": "error", "header": {"msg_type": "error"}, "parent_header": {},
             "content": {"ename": "AssertionError", "evalue": "e" * 10**6, "traceback": ["t" * 10**6] * 1000}}
    admitted = budget.admit(error)
    assert admitted["content"]["ename"] == "AssertionError"
    assert len(admitted["content"]["traceback"]) <= 100 and len(admitted["content"]["evalue"]) <= 10 * MAX_LINE_CHARS


def test_what_a_cell_keeps_bounds_the_cost_of_merging_streams():
    """nbclient's carriage-return expression costs the sum of squared line lengths (a 1 MB line
    took hours): with lines cut at MAX_LINE_CHARS that sum is at most MAX_CHARS_PER_CELL·MAX_LINE_CHARS."""
    budget = OutputBudget()
    text = "".join(message["content"]["text"] for message in
                   (budget.admit(_stream("v" * 10_000)) for _ in range(1000)) if message)
    assert max(len(line) for line in text.split("\n")) <= MAX_LINE_CHARS + len(LINE_CUT)
    assert len(text) <= MAX_CHARS_PER_CELL + len(CELL_CUT)


def test_empty_displays_count_as_outputs():
    budget = OutputBudget()
    empty = {"msg_type": "display_data", "header": {"msg_type": "display_data"},
             "content": {"data": {"text/plain": ""}, "metadata": {}}, "parent_header": {}}
    admitted = [budget.admit(empty) for _ in range(3 * MAX_OUTPUTS_PER_CELL)]
    assert sum(message is not None for message in admitted) <= MAX_OUTPUTS_PER_CELL


def test_data_of_every_type_and_metadata_count():
    message = {"msg_type": "display_data", "header": {"msg_type": "display_data"}, "parent_header": {},
               "content": {"data": {"application/json": {"rows": ["z" * 1000] * 4000}, "text/plain": ""},
                           "metadata": {"pad": ["m" * 1000] * 1000}}}
    admitted = OutputBudget().admit(message)
    assert admitted["msg_type"] == "stream" and admitted["content"]["text"].endswith(CELL_CUT)
