"""Turning offsets into 1-based line / code-point column positions."""

from __future__ import annotations

from bisect import bisect_right

from brazelint.facts import Span


class LineIndex:
    """Maps UTF-8 byte offsets (what tree-sitter reports) and character offsets (what
    Python string scanning yields) to lines and code-point columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._data = text.encode("utf-8", "surrogatepass")
        self._byte_starts = [0]
        self._char_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._char_starts.append(index + 1)
        position = 0
        while True:
            position = self._data.find(b"\n", position)
            if position < 0:
                break
            position += 1
            self._byte_starts.append(position)
        self._ascii = len(self._data) == len(text)

    @property
    def data(self) -> bytes:
        return self._data

    def byte_point(self, line0: int, byte_col: int) -> tuple[int, int]:
        """tree-sitter's (row, byte column) → (line, column), both 1-based."""
        if self._ascii or line0 >= len(self._byte_starts):
            return line0 + 1, byte_col + 1
        start = self._byte_starts[line0]
        prefix = self._data[start : start + byte_col]
        return line0 + 1, len(prefix.decode("utf-8", "replace")) + 1

    def byte_span(self, start: tuple[int, int], end: tuple[int, int]) -> Span:
        line, col = self.byte_point(*start)
        end_line, end_col = self.byte_point(*end)
        return Span(line, col, end_line, end_col)

    def char_point(self, offset: int) -> tuple[int, int]:
        """A character offset into ``text`` → (line, column), both 1-based."""
        line0 = bisect_right(self._char_starts, offset) - 1
        return line0 + 1, offset - self._char_starts[line0] + 1

    def char_span(self, start: int, end: int) -> Span:
        line, col = self.char_point(start)
        end_line, end_col = self.char_point(end)
        return Span(line, col, end_line, end_col)


def offset_in(content_start: Span, text: str, offset: int) -> tuple[int, int]:
    """The position of character ``offset`` of a string whose first character sits at
    ``content_start`` (escapes inside the literal can shift this by a few columns)."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return content_start.line, content_start.col + offset
    return content_start.line + newlines, offset - before.rfind("\n")
