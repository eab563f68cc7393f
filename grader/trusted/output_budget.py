"""What one cell's outputs may hold, enforced in the grader as each output message arrives.

The kernel caps its own streams too (grader.in_kernel.launcher), but student code
can bypass anything in its own process (``display`` with a huge text, writing to
the kernel's sockets), so this is the cap that counts. It runs before nbclient
keeps or merges an output. nbclient's merging of stream outputs
(``coalesce_streams``) runs a regular expression whose cost grows with the
square of a line's length: one 1 MB line took hours. Here every line is cut at
``MAX_LINE_CHARS`` and a cell keeps at most ``MAX_CHARS_PER_CELL`` characters
(counted over the whole message content, data of every type and metadata included),
``MAX_LINES_PER_CELL`` lines and ``MAX_OUTPUTS_PER_CELL`` outputs, which bounds that
cost to well under a second.

An error output is never dropped, only shortened: nbgrader scores a test cell by
whether it has one, so dropping it would hand out the cell's points.
"""

from __future__ import annotations

import copy
import json

from grader.limits import MAX_CHARS_PER_CELL, MAX_LINE_CHARS, MAX_LINES_PER_CELL, MAX_OUTPUTS_PER_CELL

SHOWN_OUTPUTS = ("stream", "display_data", "execute_result", "update_display_data")
LINE_CUT = " … (line cut by the grader)"
CELL_CUT = "\n... output truncated by the grader: this cell printed more than the grader keeps ...\n"


class OutputBudget:
    """The characters and lines one cell may still print (grader.limits)."""

    def __init__(self):
        self.chars = MAX_CHARS_PER_CELL
        self.lines = MAX_LINES_PER_CELL
        self.outputs = MAX_OUTPUTS_PER_CELL
        self.open_line = {}  # stream name -> (length of its unfinished last line, was it cut)
        self.exhausted = False

    def admit(self, message: dict) -> dict | None:
        """The message as it may be kept (a shortened copy if needed), or None to drop it."""
        kind = message["msg_type"]
        if kind == "error":
            return _shortened_error(message)
        if kind not in SHOWN_OUTPUTS:
            return message
        if self.exhausted:
            return None
        message = copy.deepcopy(message)
        content = message["content"]
        if kind == "stream":
            content["text"] = self._cut_long_lines(content["name"], content.get("text", ""))
            text = content["text"]
            size = len(text)
        else:
            text = "".join(value for value in content.get("data", {}).values() if isinstance(value, str))
            size = len(json.dumps(content, default=str))
        if size <= self.chars and text.count("\n") <= self.lines and self.outputs > 1:
            self.chars -= size
            self.lines -= text.count("\n")
            self.outputs -= 1
            return message
        self.exhausted = True
        kept = "\n".join(text[:self.chars].split("\n")[:self.lines])
        message["msg_type"] = message["header"]["msg_type"] = "stream"  # nbclient reads the header's
        message["content"] = {"name": content.get("name", "stdout"), "text": kept + CELL_CUT}
        return message

    def _cut_long_lines(self, stream: str, text: str) -> str:
        """``text`` with every line cut at MAX_LINE_CHARS, the stream's unfinished line included."""
        length, cut = self.open_line.get(stream, (0, False))
        pieces = text.split("\n")
        for position, piece in enumerate(pieces):
            if position > 0:  # a new line starts
                length, cut = 0, False
            if cut:
                pieces[position] = ""
            elif length + len(piece) > MAX_LINE_CHARS:
                pieces[position] = piece[:MAX_LINE_CHARS - length] + LINE_CUT
                cut = True
            length += len(piece)
        self.open_line[stream] = (length, cut)
        return "\n".join(pieces)


def _shortened_error(message: dict) -> dict:
    message = copy.deepcopy(message)
    content = message["content"]
    content["evalue"] = str(content.get("evalue", ""))[:MAX_LINE_CHARS * 10]
    content["traceback"] = [str(line)[:MAX_LINE_CHARS] for line in content.get("traceback", [])[:100]]
    return message
