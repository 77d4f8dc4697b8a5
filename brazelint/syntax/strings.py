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


# -- the JVM family (Java, Kotlin) --------------------------------------------------------------

_JAVA_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "s": " ",
    '"': '"',
    "'": "'",
    "\\": "\\",
    "\n": "",  # a backslash at the end of a text-block line joins the lines
}
_JAVA_ESCAPE = re.compile(r"\\(u+[0-9A-Fa-f]{4}|[0-3][0-7]{0,2}|[4-7][0-7]?|.)", re.DOTALL)


def decode_java(text: str) -> str:
    """Java string content with its escapes (``\\n``, ``\\s``, ``\\uuu0041``, octal
    ``\\101``) decoded; an unknown escape is kept as written."""

    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith("u"):
            return chr(int(body.lstrip("u"), 16))
        if body[0].isdigit():
            return chr(int(body, 8))
        return _JAVA_ESCAPES.get(body, match.group(0))

    return _JAVA_ESCAPE.sub(one, text)


def text_block_indent(lines: list[str]) -> int:
    """The incidental indentation of a text block's lines (after the opening line): the
    least of its non-blank lines and of the closing delimiter's line, blank or not."""
    significant = [line for line in lines[:-1] if line.strip()] + [lines[-1]]
    return min((len(line) - len(line.lstrip()) for line in significant), default=0)


def java_text_block(source: str) -> str:
    """The value of a text block ``\"\"\"…\"\"\"``, as ``javac`` reads it: the content after
    the opening line, incidental indentation and trailing blanks removed, then escapes."""
    body = source[3:-3] if source.endswith('"""') and len(source) >= 6 else source[3:]
    _, _, body = body.partition("\n")
    lines = body.split("\n")
    indent = text_block_indent(lines)
    stripped = [line[indent:].rstrip() for line in lines]
    if not lines[-1].strip():
        stripped[-1] = ""
    return decode_java("\n".join(stripped))


def parse_jvm_number(text: str, *, octal: bool = False) -> float | None:
    """The value of a Kotlin/Java number literal (underscores, ``L``/``f``/``d`` suffixes,
    hex, hex floats, binary; Java's leading-zero octal when ``octal``), or None."""
    cleaned = text.replace("_", "").lower()
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-+")
    try:
        if cleaned.startswith("0x"):
            if "p" in cleaned or "." in cleaned:
                number = float.fromhex(cleaned.rstrip("fdl"))
            else:
                number = float(int(cleaned.rstrip("lu"), 16))
        elif cleaned.startswith("0b"):
            number = float(int(cleaned.rstrip("lu"), 2))
        else:
            cleaned = cleaned.rstrip("lfdu")
            is_integer = cleaned.isdigit()
            if octal and is_integer and len(cleaned) > 1 and cleaned.startswith("0"):
                number = float(int(cleaned, 8))
            else:
                number = float(cleaned)
    except ValueError:
        return None
    return -number if negative else number


def parse_java_number(text: str) -> float | None:
    return parse_jvm_number(text, octal=True)
