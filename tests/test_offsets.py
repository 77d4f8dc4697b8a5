"""Byte offsets: spans made from syntax nodes carry them, and brazelint.offsets derives the
same offsets from lines and columns (BOM, CRLF and non-ASCII lines included)."""

from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from brazelint.analyzer import parse_source
from brazelint.facts import Span
from brazelint.languages import Language, language_for
from brazelint.offsets import ByteOffsets

FIXTURES = Path(__file__).parent / "fixtures"
_CODE = {
    Language.PYTHON,
    Language.JAVASCRIPT,
    Language.TYPESCRIPT,
    Language.TSX,
    Language.SWIFT,
    Language.KOTLIN,
    Language.JAVA,
    Language.OBJECTIVE_C,
    Language.DART,
}


def _spans(value: object, seen: set[int]) -> Iterator[Span]:
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return
        seen.add(id(value))
        for field in dataclasses.fields(value):
            yield from _spans(getattr(value, field.name), seen)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _spans(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _spans(item, seen)


def _code_files() -> list[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        language = language_for(path) if path.is_file() else None
        if language in _CODE:
            found.append(path)
    return found


def _check(display: str, language: Language, data: bytes) -> int:
    facts = parse_source(display, language, data, [])
    assert facts is not None
    offsets = ByteOffsets(data)
    checked = 0
    for span in _spans(facts, set()):
        if span.start_byte < 0:
            continue
        start = offsets.text_start + span.start_byte
        assert offsets.offset(span.line, span.col) == start, (display, span)
        if span.end_byte > span.start_byte:  # zero-width nodes point one column on
            end = offsets.text_start + span.end_byte
            assert offsets.offset(span.end_line, span.end_col) == end, (display, span)
        assert offsets.range_of(span) is not None
        checked += 1
    return checked


@pytest.mark.parametrize("path", _code_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_node_offsets_agree_with_lines_and_columns(path: Path) -> None:
    language = language_for(path)
    assert language is not None
    _check(str(path), language, path.read_bytes())


@pytest.mark.parametrize(
    ("name", "language", "text"),
    [
        (
            "a.ts",
            Language.TYPESCRIPT,
            'const é = 1;\r\nbraze.logCustomEvent("café 😀", {p: 1});\r\n',
        ),
        ("a.py", Language.PYTHON, 'x = "ü"\r\nbraze.track(name="café 😀")\r\n'),
        (
            "A.kt",
            Language.KOTLIN,
            'val s = "ü"\r\nBraze.getInstance(c).logCustomEvent("café 😀")\n',
        ),
        ("A.swift", Language.SWIFT, 'let s = "ü"\r\nbraze.logCustomEvent(name: "café 😀")\r\n'),
        ("A.java", Language.JAVA, 'class A { void f() { b.logCustomEvent("café 😀"); } }\r\n'),
    ],
)
def test_offsets_count_the_bom_crlf_and_non_ascii(name: str, language: Language, text: str) -> None:
    for data in (text.encode(), codecs.BOM_UTF8 + text.encode()):
        assert _check(name, language, data) > 0
        offsets = ByteOffsets(data)
        facts = parse_source(name, language, data, [])
        assert facts is not None
        call = next(c for c in facts.calls if c.chain[-1] in {"logCustomEvent", "track"})
        found = offsets.range_of(call.args[0].value.span)
        assert found is not None
        start, end = found
        assert data[start:end].decode() == '"café 😀"'


def test_utf16_files_have_no_byte_offsets() -> None:
    data = "x = 1\n".encode("utf-16")
    assert ByteOffsets(data).range_of(Span(1, 1, 1, 2)) is None


def test_a_position_past_the_end_has_no_offset() -> None:
    offsets = ByteOffsets(b"ab\ncd")
    assert offsets.offset(3, 1) is None
    assert offsets.offset(1, 9) is None
    assert offsets.offset(2, 3) == 5
    assert offsets.line_of(4) == 2
