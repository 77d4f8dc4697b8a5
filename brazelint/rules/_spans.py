"""Positions of things found inside a string whose start is known."""

from __future__ import annotations

from brazelint.facts import Span
from brazelint.frontends.positions import offset_in


def span_within(content: Span, text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` for a string whose first character is at
    ``content``."""
    line, col = offset_in(content, text, start)
    end_line, end_col = offset_in(content, text, end)
    return Span(line, col, end_line, end_col)
