"""Reading a file's bytes once and turning them into text."""

from __future__ import annotations

import codecs

#: Bytes looked at to decide whether a file is binary.
_SNIFF = 8192


class UndecodableSource(Exception):
    pass


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused rather
    than guessed, so positions in findings are never wrong."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UndecodableSource(f"invalid UTF-16 at byte {error.start}") from error
    if b"\0" in data[:_SNIFF]:
        raise UndecodableSource("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UndecodableSource(f"not valid UTF-8 (byte {error.start})") from error
