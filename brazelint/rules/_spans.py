"""Positions of things found inside a string whose start is known."""

from __future__ import annotations

from brazelint.facts import ConfigEntry, Span
from brazelint.findings import RelatedLocation
from brazelint.frontends.positions import offset_in


def span_within(content: Span, text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` for a string whose first character is at
    ``content``."""
    line, col = offset_in(content, text, start)
    end_line, end_col = offset_in(content, text, end)
    return Span(line, col, end_line, end_col)


def origin_of(entry: ConfigEntry) -> tuple[RelatedLocation, ...]:
    """The related location of a setting whose value is written elsewhere (an Android
    ``@string/…`` reference): where the value is, or nothing."""
    if entry.origin_path is None or entry.origin_span is None:
        return ()
    return (
        RelatedLocation(
            entry.origin_path, entry.origin_span, f"`{entry.key}` takes its value from here"
        ),
    )
