"""Positions of things found inside a string whose start is known."""

from __future__ import annotations

from collections.abc import Iterable

from brazelint.facts import ConfigEntry, Span, StringLiteral, Value, ValueKind
from brazelint.findings import RelatedLocation
from brazelint.frontends.positions import offset_in


def span_within(content: Span, text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` for a string whose first character is at
    ``content``."""
    line, col = offset_in(content, text, start)
    end_line, end_col = offset_in(content, text, end)
    return Span(line, col, end_line, end_col)


def source_text(lines: tuple[str, ...], span: Span) -> str | None:
    """The text ``span`` covers in a file whose lines (split on ``\\n``, ``\\r`` removed)
    are ``lines``, lines joined with ``\\n``; None when the span does not lie in them. Fixes
    take their edits' ``original`` from here, so an edit is built only from what the file
    really holds at that place."""
    if not 1 <= span.line <= span.end_line <= len(lines) or span.col < 1 or span.end_col < 1:
        return None
    first = lines[span.line - 1]
    last = lines[span.end_line - 1]
    if span.col - 1 > len(first) or span.end_col - 1 > len(last):
        return None
    if span.line == span.end_line:
        if span.end_col < span.col:
            return None
        return first[span.col - 1 : span.end_col - 1]
    middle = lines[span.line : span.end_line - 1]
    return "\n".join((first[span.col - 1 :], *middle, last[: span.end_col - 1]))


def line_break(lines: tuple[str, ...], spans: Iterable[Span]) -> str | None:
    """The file's line break (``"\\n"`` or ``"\\r\\n"``), told from the byte offset of a span
    past the first line (each earlier ``\\r\\n`` adds a byte the lines do not hold); None
    when no span carries byte offsets or they disagree with both (mixed line ends)."""
    for span in spans:
        if span.start_byte < 0 or not 1 < span.line <= len(lines):
            continue
        before = sum(
            len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines[: span.line - 1]
        )
        before += len(lines[span.line - 1][: span.col - 1].encode("utf-8", "surrogatepass"))
        extra = span.start_byte - before
        if extra == 0:
            return "\n"
        if extra == span.line - 1:
            return "\r\n"
        return None
    return None


def config_value_piece(
    lines: tuple[str, ...], entry: ConfigEntry, start: int, end: int
) -> Span | None:
    """Where ``entry.value[start:end]`` is in the file: only when the value span is one line
    holding exactly the value as read (no quotes, entities or escapes in between)."""
    span = entry.value_span
    if span.line != span.end_line or source_text(lines, span) != entry.value:
        return None
    return Span(span.line, span.col + start, span.line, span.col + end)


def literal_content(
    strings: Iterable[StringLiteral], lines: tuple[str, ...], value: Value
) -> tuple[Span, Span] | None:
    """For a one-line plain string literal ``value`` written in this file without escapes:
    the span of its content and of the whole literal (quotes included). None when the value
    is not such a literal (a constant resolved from elsewhere, a template, an escape that
    makes the decoded text differ from the source)."""
    if value.kind is not ValueKind.STRING or value.resolved_from is not None or "\n" in value.text:
        return None
    for literal in strings:
        if literal.span != value.span or literal.text != value.text or literal.is_template:
            continue
        start = literal.content_span
        content = Span(start.line, start.col, start.line, start.col + len(value.text))
        if source_text(lines, content) != value.text:
            return None
        return content, literal.span
    return None


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
