"""Byte offsets in a file's raw bytes for the line/column positions of findings and edits.

Spans made from syntax nodes carry the node's byte offsets into the UTF-8 text the file was
parsed from (the bytes after a UTF-8 byte-order mark); other spans (pieces inside a string
literal, positions found by scanning text) have only lines and code-point columns. Fixes
write bytes, so both are turned into offsets into the raw file here, in one place: the
byte-order mark is counted, CRLF line ends are kept (a column never reaches the ``\\r``), and
non-ASCII lines are measured in UTF-8. UTF-16 files have no byte offsets (None): brazelint
does not rewrite them.
"""

from __future__ import annotations

import codecs
from bisect import bisect_right

from brazelint.facts import Span


class ByteOffsets:
    """Converts spans of one file; build one per file content (it indexes the line starts)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.is_utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        #: Where the parsed text starts in ``data``.
        self.text_start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        starts = [self.text_start]
        position = data.find(b"\n", self.text_start)
        while position >= 0:
            starts.append(position + 1)
            position = data.find(b"\n", position + 1)
        self._line_starts = starts

    def range_of(self, span: Span) -> tuple[int, int] | None:
        """``(start, end)`` offsets into the raw bytes, or None when the span does not lie in
        this file (a position past its end) or the file is UTF-16."""
        if self.is_utf16:
            return None
        if span.start_byte >= 0 and span.end_byte >= span.start_byte:
            start, end = self.text_start + span.start_byte, self.text_start + span.end_byte
            return (start, end) if end <= len(self.data) else None
        start = self.offset(span.line, span.col)
        end = self.offset(span.end_line, span.end_col)
        if start is None or end is None or end < start:
            return None
        return start, end

    def offset(self, line: int, col: int) -> int | None:
        """The raw offset of 1-based ``line`` and code-point ``col``; the column just after a
        line's last character is its end (before ``\\r\\n``)."""
        if line < 1 or line > len(self._line_starts) or col < 1:
            return None
        begin = self._line_starts[line - 1]
        finish = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.data)
        raw_line = self.data[begin:finish]
        if raw_line.isascii():
            return begin + col - 1 if col - 1 <= len(raw_line) else None
        text = raw_line.decode("utf-8", "surrogateescape")
        if col - 1 > len(text):
            return None
        return begin + len(text[: col - 1].encode("utf-8", "surrogateescape"))

    def line_of(self, offset: int) -> int:
        """The 1-based line holding raw ``offset``."""
        return max(1, bisect_right(self._line_starts, offset))
