"""LineIndex.byte_point: tree-sitter byte columns to code-point columns, checked against
decoding each prefix (the simple, slow definition it replaced; that one decoded with
"replace" and so counted a lone surrogate as three columns, fixed here too)."""

from __future__ import annotations

import pytest

from brazelint.frontends.positions import LineIndex

TEXTS = [
    "plain ascii\nsecond line",
    "é\nxé y\n",
    "braze.logCustomEvent('café ☕', {emoji: '😀'}); x = 1\nnext 😀😀 line\n\nend",
    "\ud800 lone surrogate then ascii",  # kept by the "surrogatepass" encoding
    "no newline at the end: ü",
]


def _naive(data: bytes, byte_starts: list[int], line0: int, byte_col: int) -> tuple[int, int]:
    start = byte_starts[line0]
    prefix = data[start : start + byte_col]
    return line0 + 1, len(prefix.decode("utf-8", "surrogatepass")) + 1


@pytest.mark.parametrize("text", TEXTS)
def test_byte_point_matches_decoding_the_prefix(text: str) -> None:
    index = LineIndex(text)
    data = text.encode("utf-8", "surrogatepass")
    byte_starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
    for line0, line in enumerate(text.split("\n")):
        byte_col = 0
        for char in line + " ":  # every character boundary, and the end of the line
            assert index.byte_point(line0, byte_col) == _naive(data, byte_starts, line0, byte_col)
            byte_col += len(char.encode("utf-8", "surrogatepass"))


def test_one_long_non_ascii_line_is_indexed_once() -> None:
    # A minified bundle: one huge line with non-ASCII text near the start. Each position
    # must not re-read the line (that was quadratic); the per-line table is built once.
    text = "é" + "a" * 200_000 + "ü"
    index = LineIndex(text)
    assert index.byte_point(0, 2) == (1, 2)
    assert index.byte_point(0, 200_002) == (1, 200_002)
    assert index.byte_point(0, 200_004) == (1, 200_003)
    assert list(index._extras) == [0]  # the cache is what is under test
