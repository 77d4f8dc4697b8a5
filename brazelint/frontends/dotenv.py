"""``.env`` files.

Lines are ``KEY=value``, optionally prefixed by ``export``; keys match
``[A-Za-z_][A-Za-z0-9_.-]*`` with optional blanks around ``=``. Values:

- ``"double quoted"``: ends at the first ``"`` not escaped with a backslash, possibly on a
  later line (multi-line values such as PEM keys); ``\\n``, ``\\r``, ``\\t``, ``\\"`` and
  ``\\\\`` are decoded, other backslashes are kept.
- ``'single quoted'``: literal up to the next ``'`` (possibly on a later line).
- unquoted: the rest of the line with surrounding blanks removed; an inline comment starts
  at a ``#`` preceded by a blank (``COLOR=#fff`` keeps its ``#``, ``KEY= # note`` is empty).

Text after a closing quote is ignored except a ``#`` comment. ``#`` lines and inline comments
become ``Comment`` (text from ``#`` to the end of the line). Lines that are none of these
(``KEY: value``, ``=value``, an unterminated quote) are skipped without a problem: ``.env``
dialects differ and a linter should not nag about them.

Spans: ``span`` runs from the first character of the statement (``export`` or the key) to
the end of the value including any closing quote; ``value_span`` covers the value's source
text without quotes (zero-width just after ``=`` for an empty value). ``\\r\\n`` line endings
are handled: ``\\r`` is never part of a key, value or comment (a quoted value spanning
lines gets ``\\n`` line breaks).
"""

from __future__ import annotations

import re

from brazelint.facts import Comment, ConfigEntry, FileFacts, ParseProblem
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language

_ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*")
_INLINE_COMMENT = re.compile(r"[ \t]#")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_BLANKS = " \t"


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.entries: list[ConfigEntry] = []
        self.comments: list[Comment] = []

    def line_end(self, position: int) -> int:
        """End of the line holding ``position``, before any ``\\r\\n``/``\\n``."""
        end = self.text.find("\n", position)
        if end < 0:
            end = len(self.text)
        if end > position and self.text[end - 1] == "\r":
            end -= 1
        return end

    def next_line(self, position: int) -> int:
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end + 1

    def read(self) -> None:
        text = self.text
        position = 1 if text.startswith("\ufeff") else 0
        while position < len(text):
            position = self.read_line(position)

    def read_line(self, start: int) -> int:
        """Read the statement starting at ``start``; returns where the next line starts."""
        text = self.text
        end = self.line_end(start)
        first = start
        while first < end and text[first] in _BLANKS:
            first += 1
        if first < end and text[first] == "#":
            self.comment(first, end)
            return self.next_line(start)
        match = _ASSIGNMENT.match(text, start, end)
        if match is None:
            return self.next_line(start)
        key_start, key_end = match.span(1)
        value_start = match.end()
        quote = text[value_start] if value_start < end else ""
        if quote in ('"', "'"):
            close = self.closing_quote(value_start + 1, quote)
            if close < 0:
                return self.next_line(start)  # unterminated: skip this line only
            # A value spanning CRLF lines means the same as with LF lines.
            raw = text[value_start + 1 : close].replace("\r\n", "\n")
            value = _unescape(raw) if quote == '"' else raw
            content = (value_start + 1, close)
            statement_end = close + 1
            rest_end = self.line_end(close)
            hash_at = text.find("#", statement_end, rest_end)
            if hash_at >= 0:
                self.comment(hash_at, rest_end)
            after = self.next_line(close)
        else:
            # Search from "=" so that blanks right after it can introduce a comment.
            equals = text.rindex("=", key_end, value_start)
            comment = _INLINE_COMMENT.search(text, equals + 1, end)
            value_end = comment.start() if comment is not None else end
            raw = text[value_start:value_end].rstrip(_BLANKS)
            if comment is not None:
                self.comment(comment.start() + 1, end)
            # An empty value sits, zero-width, right after "=".
            value_at = value_start if raw else equals + 1
            content = (value_at, value_at + len(raw))
            value = raw
            statement_end = content[1]
            after = self.next_line(start)
        key = text[key_start:key_end]
        self.entries.append(
            ConfigEntry(
                key,
                value,
                self.index.char_span(first, statement_end),
                self.index.char_span(*content),
            )
        )
        return after

    def closing_quote(self, position: int, quote: str) -> int:
        text = self.text
        if quote == "'":
            return text.find("'", position)
        while True:
            close = text.find('"', position)
            if close < 0:
                return -1
            backslashes = 0
            while close - backslashes - 1 >= position and text[close - backslashes - 1] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                return close
            position = close + 1

    def comment(self, start: int, end: int) -> None:
        self.comments.append(Comment(self.text[start:end], self.index.char_span(start, end)))


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    out: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw) and raw[index + 1] in _ESCAPES:
            out.append(_ESCAPES[raw[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def parse(path: str, text: str, language: Language) -> FileFacts:
    try:
        reader = _Reader(text)
        reader.read()
    except Exception as error:  # the contract: a frontend never raises, whatever the input
        return FileFacts(path, language, problems=(ParseProblem(f"could not read: {error!r}"),))
    return FileFacts(path, language, config=tuple(reader.entries), comments=tuple(reader.comments))
