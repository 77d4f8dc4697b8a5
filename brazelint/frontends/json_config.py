"""JSON app configuration (``app.json``, ``config/*.json``, ``appsettings.json``), read
only where Braze is in sight (``prefilter.mentions_braze``): a JSON file that does not
name Braze gives no facts at all.

Each ``"key": "value"`` pair with a string value becomes a ``ConfigEntry``: ``key`` is the
key as written (the innermost one, not a path: ``{"braze": {"baseUrl": "…"}}`` gives
``baseUrl``), ``value`` the decoded string (JSON escapes), ``span`` the pair and
``value_span`` the string's content. A string inside an array becomes an entry whose key
is the array's own key followed by ``[]`` (``"endpoints": ["sdk…", "sdk…"]`` gives two
``endpoints[]`` entries). Numbers, booleans and nulls are left out.

The file is scanned, not parsed: JSON with comments or trailing commas (``tsconfig``-style
JSONC, Expo configs) reads the same, and nothing is reported for what is not valid JSON.
Scanning is one linear pass of regular-expression searches.
"""

from __future__ import annotations

import json
import re

from brazelint.facts import ConfigEntry, FileFacts, ParseProblem
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language
from brazelint.prefilter import mentions_braze

#: Longest file read; app configuration is a few kilobytes.
MAX_CHARS = 8_000_000

#: A JSON string, a structural character, or a comment (skipped).
_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.){0,100000})"|([\[\]{}:,])|//[^\n]*|/\*.*?\*/', re.DOTALL)


def parse(path: str, text: str, language: Language) -> FileFacts:
    try:
        text = text[:MAX_CHARS]
        if not mentions_braze(text):
            return FileFacts(path, language)
        return FileFacts(path, language, config=tuple(_entries(text)))
    except Exception as error:  # the contract: a frontend never raises
        return FileFacts(path, language, problems=(ParseProblem(f"could not read: {error!r}"),))


def _entries(text: str) -> list[ConfigEntry]:
    index = LineIndex(text)
    entries = []
    #: For each open container: "{" or "[" and, for an array, the key it is the value of.
    stack: list[tuple[str, str | None]] = []
    key: str | None = None  # the key whose value comes next (after a ":")
    pending: tuple[str, int] | None = None  # a string that may be a key
    for token in _TOKEN.finditer(text):
        raw, punctuation = token.group(1), token.group(2)
        if raw is not None:
            decoded = _decode(raw)
            in_array = bool(stack) and stack[-1][0] == "["
            if key is not None:
                entries.append(_entry(index, key, decoded, key_start(pending), token))
                key = None
                pending = None
            elif in_array:
                owner = stack[-1][1]
                if owner is not None:
                    entries.append(_entry(index, owner + "[]", decoded, token.start(), token))
            else:
                pending = (decoded, token.start())
        elif punctuation == ":":
            if pending is not None:
                key = pending[0]
        elif punctuation in ("{", "["):
            stack.append((punctuation, key if punctuation == "[" else None))
            key = None
            pending = None
        elif punctuation in ("}", "]"):
            if stack:
                stack.pop()
            key = None
            pending = None
        elif punctuation == ",":
            key = None
            pending = None
    return entries


def key_start(pending: tuple[str, int] | None) -> int:
    return pending[1] if pending is not None else 0


def _entry(index: LineIndex, key: str, value: str, start: int, token: re.Match[str]) -> ConfigEntry:
    return ConfigEntry(
        key,
        value,
        index.char_span(start, token.end()),
        index.char_span(token.start(1), token.end(1)),
    )


def _decode(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        decoded = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return decoded if isinstance(decoded, str) else raw
