"""brazelint.fixes: edits applied by byte range, whole fixes only, never overlapping."""

from __future__ import annotations

import codecs

from brazelint.facts import Span
from brazelint.findings import Applicability, Edit, Fix
from brazelint.fixes import apply_fixes


def _fix(span: Span, original: str, replacement: str) -> Fix:
    return Fix("replace", (Edit(span, replacement, original),), Applicability.SAFE)


def test_edits_keep_every_other_byte_including_bom_crlf_and_non_ascii() -> None:
    data = codecs.BOM_UTF8 + "é = 'http://x'\r\nü = 'http://y'\r\n".encode()
    first = _fix(Span(1, 6, 1, 13), "http://", "https://")
    second = _fix(Span(2, 6, 2, 13), "http://", "https://")
    result = apply_fixes(data, [first, second])
    assert result.data == codecs.BOM_UTF8 + "é = 'https://x'\r\nü = 'https://y'\r\n".encode()
    assert result.applied == (first, second) and result.skipped == ()


def test_an_overlapping_fix_is_skipped_for_a_later_round() -> None:
    data = b"abcdef\n"
    first = _fix(Span(1, 1, 1, 4), "abc", "X")
    overlapping = _fix(Span(1, 3, 1, 5), "cd", "Y")
    result = apply_fixes(data, [first, overlapping])
    assert result.data == b"Xdef\n"
    assert result.skipped == (overlapping,)


def test_a_stale_edit_is_never_applied() -> None:
    data = b"abcdef\n"
    stale = _fix(Span(1, 1, 1, 4), "xyz", "X")
    result = apply_fixes(data, [stale])
    assert result.data == data and result.skipped == (stale,)


def test_a_fix_is_applied_whole_or_not_at_all() -> None:
    data = b"ab\ncd\n"
    fix = Fix(
        "two",
        (Edit(Span(1, 1, 1, 2), "A", "a"), Edit(Span(2, 1, 2, 2), "C", "x")),
        Applicability.SAFE,
    )
    assert apply_fixes(data, [fix]).data == data


def test_byte_offsets_on_a_span_are_preferred_to_its_columns() -> None:
    data = codecs.BOM_UTF8 + b"ab\n"
    fix = _fix(Span(1, 1, 1, 2, 1, 2), "b", "B")  # columns say "a", bytes say "b"
    assert apply_fixes(data, [fix]).data == codecs.BOM_UTF8 + b"aB\n"
