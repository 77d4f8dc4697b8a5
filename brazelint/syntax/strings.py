"""String and number decoders shared by language families.

A family is a set of languages that write escapes and numbers the same way. Each decoder
takes the source text of one escape or literal and never raises: what it cannot read it
keeps as written.
"""

from __future__ import annotations

import re

#: C, Objective-C, Java, JavaScript and Dart agree on these single-character escapes.
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "0": "\0",
    "e": "\x1b",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
    "$": "$",
    "\n": "",  # a backslash before a line break continues the literal
}

_HEX_BODY = re.compile(r"[0-9A-Fa-f]+")


def decode_escape(escape: str) -> str:
    """One backslash escape (``\\n``, ``\\x41``, ``\\u00e9``, ``\\u{1F600}``, ``\\101``) of
    the C family (C, Objective-C, Dart, Java, JavaScript) as the text it stands for."""
    if len(escape) < 2 or escape[0] != "\\":
        return escape
    body = escape[1:]
    head = body[0]
    if head in "xuU" and len(body) > 1:
        digits = body[1:].strip("{}")
        if _HEX_BODY.fullmatch(digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                return chr(code)
        return escape
    if head in "01234567" and len(body) > 1 and body.isdigit():
        try:
            return chr(int(body, 8))
        except ValueError:
            return escape
    if head in _SIMPLE_ESCAPES and len(body) == 1:
        return _SIMPLE_ESCAPES[head]
    # Dart: any other escaped character is itself; C leaves unknown escapes as written,
    # which is rarer and never meaningful in a host name or key.
    return body


def parse_number(text: str) -> float | None:
    """The value of a C-family / Dart number literal: decimal, ``0x`` hex, ``0b`` binary,
    leading-zero octal (C), exponents, digit separators (``_``, ``'``) and type suffixes
    (``u``, ``l``, ``f``); None when it cannot be read."""
    cleaned = text.replace("_", "").replace("'", "").strip().lower()
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("+-")
    try:
        if cleaned.startswith("0x"):
            number = float(int(cleaned[2:].rstrip("ul"), 16))
        elif cleaned.startswith("0b"):
            number = float(int(cleaned[2:].rstrip("ul"), 2))
        else:
            stripped = cleaned.rstrip("ulf") if "e" not in cleaned else cleaned.rstrip("ul")
            if stripped.endswith("f") and "e" in stripped:
                stripped = stripped[:-1]
            if stripped.isdigit() and len(stripped) > 1 and stripped.startswith("0"):
                number = float(int(stripped, 8))
            else:
                number = float(stripped)
    except ValueError:
        return None
    return -number if negative else number
