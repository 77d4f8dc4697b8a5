"""iOS property lists (``Info.plist`` and friends), XML and binary.

Entry points:

- ``parse_bytes(path, data, language)``: what the core should call for PLIST files, with the
  file's raw bytes. Binary plists (``bplist00``) cannot be decoded to text, so they can
  only be read here; XML plists are decoded (UTF-8, or UTF-16 with a BOM) and read as
  by ``parse``.
- ``parse(path, text, language)``: the common frontend signature, for XML plist text.

Every string, number, boolean and date leaf becomes a ``ConfigEntry`` whose ``key`` is the
path of dictionary keys and array indices joined with ``.`` (``Braze.Endpoint``,
``Braze.Logger.Level``, ``CFBundleURLTypes.0.CFBundleURLSchemes.0``). ``value`` is the
string as written (not stripped), the number's text, ``"true"``/``"false"``, or the date
as ``YYYY-MM-DDTHH:MM:SSZ``; ``<data>`` leaves are skipped. In XML plists ``span`` covers
the value element (``<string>…</string>``) and ``value_span`` its content (the element
itself for ``<true/>``/``<false/>``); binary plists have no lines, so both are
``Span(1, 1, 1, 2)``.

Safety: XML plists go through the same declaration policy as Android XML, except that the
standard Apple ``<!DOCTYPE plist PUBLIC … "http://www.apple.com/DTDs/PropertyList-1.0.dtd">``
(no internal subset) is allowed; it is never fetched. Binary plists are decoded with
``plistlib``; shared or cyclic references and oversized documents are bounded by
expanding each container once and stopping after ``MAX_VALUES`` values; containers nested
deeper than ``MAX_DEPTH`` are skipped (with one ``ParseProblem``) in both formats.
"""

from __future__ import annotations

import datetime
import plistlib
import re
from dataclasses import dataclass, field

from brazelint.facts import Comment, ConfigEntry, FileFacts, ParseProblem, Span
from brazelint.frontends.android_xml import (
    ENTITY_MESSAGE,
    XML_SPACE,
    RejectedDocument,
    XmlSource,
    find_declaration,
    rejection,
    run_parser,
    safe_parser,
)
from brazelint.languages import Language

MAX_VALUES = 100_000
#: Containers nested deeper are skipped: real plists are a few levels deep, and key paths
#: thousands of keys long would make the work quadratic.
MAX_DEPTH = 100
DEPTH_MESSAGE = f"plist nested deeper than {MAX_DEPTH} levels; deeper values skipped"
BINARY_SPAN = Span(1, 1, 1, 2)
CORRUPT_MESSAGE = "corrupt binary plist"

#: The one DOCTYPE real plists carry (older Xcode wrote "Apple Computer"); no internal subset.
_APPLE_DOCTYPE = re.compile(
    r'<!DOCTYPE\s+plist\s+PUBLIC\s+"-//Apple(?: Computer)?//DTD PLIST 1\.0//EN"\s+'
    r'"http://www\.apple\.com/DTDs/PropertyList-1\.0\.dtd"\s*>'
)
_APPLE_PUBLIC_IDS = frozenset(
    {"-//Apple//DTD PLIST 1.0//EN", "-//Apple Computer//DTD PLIST 1.0//EN"}
)
_LEAVES = frozenset({"string", "integer", "real", "true", "false", "date", "data"})
_CONTAINERS = frozenset({"dict", "array"})
_NUMBERS = frozenset({"integer", "real"})


def parse_bytes(path: str, data: bytes, language: Language) -> FileFacts:
    """Read a plist from its raw bytes, binary or XML. Never raises."""
    try:
        if data.startswith(b"bplist"):
            return _parse_binary(path, data, language)
        return parse(path, _decode(data), language)
    except Exception as error:  # the contract: a frontend never raises, whatever the input
        return FileFacts(
            path, language, problems=(ParseProblem(f"could not read plist: {error!r}"),)
        )


def parse(path: str, text: str, language: Language) -> FileFacts:
    """Read an XML plist from decoded text. Never raises."""
    try:
        if text.startswith("bplist"):
            return _parse_binary(path, _recover_bytes(text), language)
        return _parse_xml(path, text, language)
    except Exception as error:  # the contract: a frontend never raises, whatever the input
        return FileFacts(
            path, language, problems=(ParseProblem(f"could not read plist: {error!r}"),)
        )


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    # A wrong byte here should cost one character, not the whole file.
    return data.decode("utf-8-sig", "replace")


def _recover_bytes(text: str) -> bytes:
    """Best effort for a binary plist that was decoded to text anyway (the core should use
    ``parse_bytes``): undo a surrogateescape or latin-1 decoding."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("latin-1", "replace")


# --- binary -------------------------------------------------------------------------------


def _parse_binary(path: str, data: bytes, language: Language) -> FileFacts:
    try:
        root = plistlib.loads(data, fmt=plistlib.FMT_BINARY)
    except Exception:  # plistlib raises many types (ValueError, struct.error, …) on bad input
        return FileFacts(path, language, problems=(ParseProblem(CORRUPT_MESSAGE, BINARY_SPAN),))
    entries: list[ConfigEntry] = []
    problems: list[ParseProblem] = []
    # Iterative, in document order; each container is expanded once, which bounds the
    # work for reference cycles and for "laughs" built from shared sub-arrays.
    expanded: set[int] = set()
    stack: list[tuple[tuple[str, ...], object]] = [((), root)]
    visited = 0
    while stack:
        key_path, value = stack.pop()
        visited += 1
        if visited > MAX_VALUES:
            problems.append(
                ParseProblem(f"plist too large: stopped after {MAX_VALUES} values", BINARY_SPAN)
            )
            break
        if isinstance(value, dict | list):
            if id(value) in expanded:
                continue
            if len(key_path) >= MAX_DEPTH:
                if not any(p.message == DEPTH_MESSAGE for p in problems):
                    problems.append(ParseProblem(DEPTH_MESSAGE, BINARY_SPAN))
                continue
            expanded.add(id(value))
            children = (
                [((*key_path, str(k)), v) for k, v in value.items()]
                if isinstance(value, dict)
                else [((*key_path, str(i)), v) for i, v in enumerate(value)]
            )
            stack.extend(reversed(children))
            continue
        text = _scalar_text(value)
        if text is not None:
            entries.append(ConfigEntry(".".join(key_path), text, BINARY_SPAN, BINARY_SPAN))
    return FileFacts(path, language, config=tuple(entries), problems=tuple(problems))


def _scalar_text(value: object) -> str | None:
    # bool before int: True is an int in Python.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return None  # bytes, UID


# --- XML ----------------------------------------------------------------------------------


@dataclass
class _Container:
    kind: str  # "dict" or "array"
    key_path: tuple[str, ...]
    #: The ``<key>`` waiting for its value (dict only).
    pending_key: str | None = None
    next_index: int = 0


@dataclass
class _Leaf:
    kind: str
    key_path: tuple[str, ...]
    start: int
    content_start: int
    empty: bool
    text: list[str] = field(default_factory=list)


class _XmlReader:
    def __init__(self, source: XmlSource) -> None:
        self.source = source
        self.entries: list[ConfigEntry] = []
        self.comments: list[Comment] = []
        self.stack: list[_Container] = []
        #: Nesting depth of elements this reader does not understand (skipped with content).
        self.unknown = 0
        self.leaf: _Leaf | None = None
        self.key_text: list[str] | None = None
        self.depth_problem: ParseProblem | None = None
        self.parser = safe_parser(self.doctype)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.parser.CommentHandler = self.comment

    def comment(self, _data: str) -> None:
        self.comments.append(self.source.comment(self.parser.CurrentByteIndex))

    @staticmethod
    def doctype(name: str, system_id: str | None, public_id: str | None, internal: int) -> None:
        # find_declaration has already checked the text; this guards against a scan/parser
        # disagreement.
        if name != "plist" or internal or public_id not in _APPLE_PUBLIC_IDS:
            raise RejectedDocument(ENTITY_MESSAGE)
        del system_id  # never fetched: no ExternalEntityRefHandler is installed

    def _next_path(self) -> tuple[str, ...] | None:
        """The key path of the value starting now, or None when it has no key (malformed)."""
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if parent.kind == "array":
            parent.next_index += 1
            return (*parent.key_path, str(parent.next_index - 1))
        key = parent.pending_key
        parent.pending_key = None
        return None if key is None else (*parent.key_path, key)

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        if self.unknown or self.leaf is not None or self.key_text is not None:
            self.unknown += 1
            return
        if name == "plist" and not self.stack:
            return
        if name == "key" and self.stack and self.stack[-1].kind == "dict":
            self.key_text = []
            return
        if name in _CONTAINERS:
            key_path = self._next_path()
            if key_path is not None and len(self.stack) >= MAX_DEPTH:
                self._too_deep()
            elif key_path is not None:
                self.stack.append(_Container(name, key_path))
                return
        elif name in _LEAVES:
            key_path = self._next_path()
            if key_path is not None:
                start = self.parser.CurrentByteIndex
                tag_end = self.source.start_tag_end(start)
                empty = self.source.is_empty_element(tag_end)
                self.leaf = _Leaf(name, key_path, start, tag_end - 2 if empty else tag_end, empty)
                return
        self.unknown += 1

    def _too_deep(self) -> None:
        if self.depth_problem is None:
            offset = self.parser.CurrentByteIndex
            span = self.source.offsets.span(offset, self.source.start_tag_end(offset))
            self.depth_problem = ParseProblem(DEPTH_MESSAGE, span)

    def end(self, name: str) -> None:
        if self.unknown:
            self.unknown -= 1
            return
        if self.key_text is not None:
            if self.stack:
                self.stack[-1].pending_key = "".join(self.key_text)
            self.key_text = None
            return
        leaf = self.leaf
        if leaf is not None:
            self.leaf = None
            self._finish(leaf)
            return
        if name in _CONTAINERS and self.stack:
            self.stack.pop()

    def _finish(self, leaf: _Leaf) -> None:
        if leaf.kind == "data":
            return
        source = self.source
        if leaf.empty:
            end = leaf.content_start + 2
            content_end = leaf.content_start
        else:
            content_end = self.parser.CurrentByteIndex  # at the end tag's "</"
            end = source.end_tag_end(content_end)
        span = source.offsets.span(leaf.start, end)
        text = "".join(leaf.text)
        if leaf.kind in ("true", "false"):
            value, value_span = leaf.kind, span
        elif leaf.kind == "string":
            value = text
            value_span = source.offsets.span(leaf.content_start, content_end)
        else:
            # Numbers and dates are read with surrounding whitespace ignored.
            value = text.strip(XML_SPACE)
            value_span = source.content_span(leaf.content_start, content_end)[0]
        self.entries.append(ConfigEntry(".".join(leaf.key_path), value, span, value_span))

    def characters(self, data: str) -> None:
        if self.unknown:
            return
        if self.key_text is not None:
            self.key_text.append(data)
        elif self.leaf is not None:
            self.leaf.text.append(data)


def _parse_xml(path: str, text: str, language: Language) -> FileFacts:
    source = XmlSource(text)
    declaration = find_declaration(text, allowed=_APPLE_DOCTYPE)
    if declaration is not None:
        return FileFacts(path, language, problems=(rejection(source, declaration),))
    reader = _XmlReader(source)
    problem = run_parser(reader.parser, source)
    if problem is not None and problem.message == ENTITY_MESSAGE:
        return FileFacts(path, language, problems=(problem,))
    problems = tuple(p for p in (reader.depth_problem, problem) if p is not None)
    return FileFacts(
        path,
        language,
        config=tuple(reader.entries),
        comments=tuple(reader.comments),
        problems=problems,
    )
