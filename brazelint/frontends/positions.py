"""Turning offsets into 1-based line / code-point column positions."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from brazelint.facts import Span

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class LineIndex:
    """Maps UTF-8 byte offsets (what tree-sitter reports) and character offsets (what
    Python string scanning yields) to lines and code-point columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._data = text.encode("utf-8", "surrogatepass")
        #: Whether the text is all ASCII, so that byte columns are character columns.
        self.is_ascii = len(self._data) == len(text)
        #: Per line with non-ASCII text: the byte column just after each non-ASCII
        #: character and the extra bytes (UTF-8 length - 1) up to and including it.
        self._extras: dict[int, tuple[list[int], list[int]]] = {}

    @cached_property
    def _char_starts(self) -> list[int]:
        # Built on first use (tree-sitter positions in an ASCII file never need it), with
        # str.find rather than a per-character loop (that cost a quarter of the parse time).
        starts = [0]
        text = self.text
        position = text.find("\n")
        while position >= 0:
            position += 1
            starts.append(position)
            position = text.find("\n", position)
        return starts

    @property
    def data(self) -> bytes:
        return self._data

    def byte_point(self, line0: int, byte_col: int) -> tuple[int, int]:
        """tree-sitter's (row, byte column) → (line, column), both 1-based."""
        # UTF-8 puts no 0x0A inside a multi-byte character, so byte and character line
        # starts are as many.
        if self.is_ascii or line0 >= len(self._char_starts):
            return line0 + 1, byte_col + 1
        # Not by decoding the line's prefix for each position: a minified bundle is one
        # line of megabytes with hundreds of thousands of nodes, and that was quadratic
        # (next's compiled webpack bundle: 110 s of a 140 s parse).
        after, extras = self._line_extras(line0)
        index = bisect_right(after, byte_col)
        return line0 + 1, byte_col - (extras[index - 1] if index else 0) + 1

    def _line_extras(self, line0: int) -> tuple[list[int], list[int]]:
        found = self._extras.get(line0)
        if found is not None:
            return found
        start = self._char_starts[line0]
        end = self._char_starts[line0 + 1] if line0 + 1 < len(self._char_starts) else len(self.text)
        after: list[int] = []
        extras: list[int] = []
        extra = 0
        for match in _NON_ASCII.finditer(self.text, start, end):
            code = ord(match.group())
            # UTF-8 length - 1; lone surrogates (kept by "surrogatepass") take 3 bytes.
            extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
            after.append(match.end() - start + extra)
            extras.append(extra)
        found = (after, extras)
        self._extras[line0] = found
        return found

    def byte_span(
        self,
        start: tuple[int, int],
        end: tuple[int, int],
        start_byte: int = -1,
        end_byte: int = -1,
    ) -> Span:
        """tree-sitter points → a span; the byte offsets, when the caller has them, ride along."""
        if self.is_ascii:  # the common case, inlined: called for nearly every fact
            return Span(start[0] + 1, start[1] + 1, end[0] + 1, end[1] + 1, start_byte, end_byte)
        line, col = self.byte_point(*start)
        end_line, end_col = self.byte_point(*end)
        return Span(line, col, end_line, end_col, start_byte, end_byte)

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
