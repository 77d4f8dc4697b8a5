"""Reading a file's bytes once and turning them into text."""

from __future__ import annotations

import codecs
import errno
import os
import stat

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


def undecodable(data: bytes) -> str | None:
    """Why ``decode`` would refuse ``data``, or None; cheap for the usual ASCII file."""
    if data.isascii() and b"\0" not in data[:_SNIFF]:
        return None
    try:
        decode(data)
    except UndecodableSource as error:
        return str(error)
    return None


class UnreadableSource(Exception):
    """A file that could not be read; the message says why, for a notification."""


class OversizeSource(Exception):
    """A file over the size budget; it is not read at all."""


def read_source(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read once; raises
    ``OversizeSource`` for a bigger one (without reading it) and ``UnreadableSource``.

    Hostile trees are expected: the file may have been deleted, replaced by a symlink, a
    FIFO or a device since discovery, or be unreadable. ``O_NONBLOCK`` keeps opening a FIFO
    from waiting for a writer, ``O_NOFOLLOW`` refuses a symlink put in the file's place,
    and ``fstat`` on the open descriptor checks what was really opened.
    """
    flags = os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW | _O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableSource("is a symbolic link; not followed") from error
        raise UnreadableSource(f"cannot be read: {error.strerror or error}") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSource("is not a regular file; skipped")
        if info.st_size > max_bytes:
            raise OversizeSource()
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        # Ask for one byte more than fstat's size: a read of a regular file returns less
        # than asked only at its end, so a typical file takes one read() instead of a
        # second one that returns b"" (half the system calls of a 50k-file scan).
        expected = info.st_size + 1
        got = 0
        while remaining > 0:
            want = min(remaining, _READ_CHUNK)
            if got < expected:
                want = min(want, expected - got)
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            remaining -= len(chunk)
            if len(chunk) < want:
                break
    except OSError as error:
        raise UnreadableSource(f"cannot be read: {error.strerror or error}") from error
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > max_bytes:  # it grew after fstat
        raise OversizeSource()
    return data


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: Most bytes asked of one read() call: a regular file's whole content usually comes in
#: one call, and a huge file does not need one huge buffer before the size check.
_READ_CHUNK = 1 << 20


def write_in_place(path: str | os.PathLike[str], data: bytes) -> str | None:
    """Replace the file's content in place (its mode and links stay); never through a
    symbolic link. A message on failure."""
    flags = os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return f"cannot write the file ({error.strerror or error})"
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
    except OSError as error:
        return f"cannot write the file ({error.strerror or error})"
    return None
