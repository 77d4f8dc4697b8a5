r"""Android resource XML (``res/values*/…xml``, ``braze.xml``, ``appboy.xml``).

Each named ``<string>``, ``<bool>``, ``<integer>`` and ``<string-array>`` directly under the
root element (and ``<item name=… type="string|bool|integer">``) becomes a ``ConfigEntry``:
``key`` is the ``name`` attribute, ``value`` the element's text content with surrounding
XML whitespace stripped (text of nested elements such as ``<xliff:g>`` included; a
``<string-array>`` gives its stripped ``<item>`` texts joined with ``,``). Other attributes
(``translatable="false"``, ``formatted``) do not change the entry. ``span`` covers the
element from ``<`` to the end of its end tag; ``value_span`` covers the element's content
as written in the source, whitespace stripped (entity references and CDATA markers
included); for an empty element it is zero-width where the content would be.
Every ``<!-- … -->`` becomes a ``Comment`` with its markers.

String values (``<string>``, ``<item>`` of a ``<string-array>`` and ``<item type="string">``)
are what aapt compiles, not the raw text: outside double quotes runs of whitespace become
one space and the ends are trimmed, the quotes themselves are removed (what they enclose
keeps its whitespace), and backslash escapes are decoded (``\n``, ``\t``, ``\'``, ``\"``,
``\@``, ``\?``, ``\\``, ``\uXXXX``). A value that is a ``@string/name`` reference to a string
of the same file is replaced by that string's value, and the entry's ``origin_path`` /
``origin_span`` say where that value is written. A reference to another file stays as
written here (one file is parsed at a time); the second phase resolves the Braze settings
among them from the module's other resource files (``analysis.project.Exports``).

Safety: a document containing ``<!DOCTYPE`` or ``<!ENTITY`` is rejected before parsing
(one ``ParseProblem``, no entries), so entity bombs cost one linear scan and nothing is
ever fetched. Parsing uses expat directly because it reports byte offsets for every event;
those are converted to code-point columns by ``ByteOffsets``.

The XML helpers here (``ByteOffsets``, ``XmlSource``, ``safe_parser``, ``run_parser``) are
shared with the plist frontend.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from xml.parsers import expat

from brazelint.facts import Comment, ConfigEntry, FileFacts, ParseProblem, Span
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language

ENTITY_MESSAGE = "entity declarations are not allowed; file not read"

_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
#: XML's own whitespace; ``str.strip()`` would also eat no-break spaces that are content.
XML_SPACE = " \t\r\n"
#: UTF-8 continuation bytes: every code point has exactly one byte outside this set.
_CONTINUATION = bytes(range(0x80, 0xC0))
_CHECKPOINT = 4096
#: A start tag up to its closing ">", stepping over quoted attribute values whole.
_START_TAG = re.compile(rb"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")

_SCALAR_RESOURCES = frozenset({"string", "bool", "integer"})
_STRING_REFERENCE = re.compile(r"@string/([A-Za-z0-9_.]{1,200})")
#: How many ``@string`` references one value may go through (a loop stops there).
_MAX_REFERENCE_HOPS = 8
_ARRAY_RESOURCES = frozenset({"string-array"})


class RejectedDocument(Exception):
    """Raised from an expat handler to stop parsing a document we refuse to read."""


class ByteOffsets:
    """Converts byte offsets into the UTF-8 encoding of ``text`` to ``Span`` positions.

    expat reports byte offsets. A code-point offset is the byte offset minus the number of
    continuation bytes before it; counts are kept every 4 KiB so each conversion decodes
    at most 4 KiB, keeping long single-line files linear.
    """

    def __init__(self, text: str, data: bytes) -> None:
        self.data = data
        self._lines = LineIndex(text)
        self._ascii = len(data) == len(text)
        self._counts: list[int] = []
        # The last conversion: events arrive mostly in source order, so most conversions
        # only count the few bytes since the previous one.
        self._last = (0, 0)
        if not self._ascii:
            total = 0
            for start in range(0, len(data), _CHECKPOINT):
                self._counts.append(total)
                total += len(data[start : start + _CHECKPOINT].translate(None, _CONTINUATION))

    def char_offset(self, byte_offset: int) -> int:
        byte_offset = max(0, min(byte_offset, len(self.data)))
        if self._ascii:
            return byte_offset
        last_byte, last_char = self._last
        if last_byte <= byte_offset <= last_byte + _CHECKPOINT:
            start, base = last_byte, last_char
        else:
            block = min(byte_offset // _CHECKPOINT, len(self._counts) - 1)
            if block < 0:
                return 0
            start, base = block * _CHECKPOINT, self._counts[block]
        chars = base + len(self.data[start:byte_offset].translate(None, _CONTINUATION))
        self._last = (byte_offset, chars)
        return chars

    def point(self, byte_offset: int) -> tuple[int, int]:
        return self._lines.char_point(self.char_offset(byte_offset))

    def span(self, start: int, end: int) -> Span:
        line, col = self.point(start)
        end_line, end_col = self.point(end)
        return Span(line, col, end_line, end_col)

    def char_span(self, start: int, end: int) -> Span:
        return self._lines.char_span(start, end)


@dataclass
class XmlSource:
    """The document as expat sees it: ``data`` is ``text`` in UTF-8, with lone surrogates
    replaced one-for-one so code-point counts (and therefore columns) are unchanged."""

    text: str
    data: bytes = field(init=False)
    offsets: ByteOffsets = field(init=False)

    def __post_init__(self) -> None:
        self.data = self.text.encode("utf-8", "replace")
        self.offsets = ByteOffsets(self.text, self.data)

    def start_tag_end(self, start: int) -> int:
        """Byte offset just after the ``>`` of the start tag beginning at ``start``.

        Attribute values may contain ``>``, so quoted runs are skipped whole; expat has
        already checked the tag is well formed when this is called.
        """
        match = _START_TAG.match(self.data, start)
        return len(self.data) if match is None else match.end()

    def end_tag_end(self, start: int) -> int:
        """Byte offset just after the end tag beginning at ``start`` (``</name >``)."""
        end = self.data.find(b">", start)
        return len(self.data) if end < 0 else end + 1

    def is_empty_element(self, tag_end: int) -> bool:
        return self.data[tag_end - 2 : tag_end] == b"/>"

    def content_span(self, start: int, end: int) -> tuple[Span, int, int]:
        """The span of ``data[start:end]`` with XML whitespace stripped at both ends (a
        zero-width span at ``start`` when nothing is left), and the stripped byte range."""
        raw = self.data[start:end]
        stripped = raw.lstrip(XML_SPACE.encode())
        first = start + len(raw) - len(stripped)
        last = first + len(stripped.rstrip(XML_SPACE.encode()))
        if last <= first:
            return self.offsets.span(start, start), start, start
        return self.offsets.span(first, last), first, last

    def comment(self, start: int) -> Comment:
        """The ``<!-- … -->`` starting at byte ``start``, with its markers, as written."""
        end = self.data.find(b"-->", start + 4)
        end = len(self.data) if end < 0 else end + 3
        text = self.data[start:end].decode("utf-8", "replace")
        return Comment(text, self.offsets.span(start, end))


def find_declaration(text: str, allowed: re.Pattern[str] | None = None) -> re.Match[str] | None:
    """The first ``<!DOCTYPE``/``<!ENTITY`` in ``text`` not matching ``allowed`` there.

    A plain scan, before any parsing, so that a declaration bomb costs O(size). Matches in
    comments are rejected too: being strict costs nothing for real resource files.
    """
    for match in _DECLARATION.finditer(text):
        if allowed is not None and allowed.match(text, match.start()):
            continue
        return match
    return None


def rejection(source: XmlSource, match: re.Match[str]) -> ParseProblem:
    return ParseProblem(ENTITY_MESSAGE, source.offsets.char_span(match.start(), match.end()))


def _reject_entity(*_args: object) -> None:
    raise RejectedDocument(ENTITY_MESSAGE)


def safe_parser(
    on_doctype: Callable[[str, str | None, str | None, int], None] | None = None,
) -> expat.XMLParserType:
    """An expat parser that never loads external entities or DTDs and refuses entity
    declarations (a second line of defence behind ``find_declaration``).

    The encoding is forced to UTF-8 because the text was already decoded and is re-encoded
    by ``XmlSource``; a stale ``encoding="…"`` declaration must not override that.
    No ``ExternalEntityRefHandler`` is set, so expat never asks for external content.
    """
    parser = expat.ParserCreate(encoding="utf-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _reject_entity
    parser.UnparsedEntityDeclHandler = _reject_entity
    parser.StartDoctypeDeclHandler = on_doctype if on_doctype is not None else _reject_entity
    # Fewer, larger text callbacks; text positions are taken from the source, not events.
    parser.buffer_text = True
    return parser


def run_parser(parser: expat.XMLParserType, source: XmlSource) -> ParseProblem | None:
    """Feed the whole document; a parse error becomes a problem at the error position."""
    try:
        parser.Parse(source.data, True)
    except RejectedDocument as error:
        offset = parser.CurrentByteIndex
        return ParseProblem(str(error), source.offsets.span(offset, offset + 1))
    except expat.ExpatError as error:
        message = f"malformed XML: {expat.ErrorString(error.code)}"
        offset = parser.ErrorByteIndex
        if offset < 0:
            # No byte position (an empty document); expat's own line/column still is one.
            return ParseProblem(message, Span.point(error.lineno, error.offset + 1))
        return ParseProblem(message, Span.point(*source.offsets.point(offset)))
    return None


@dataclass
class _Open:
    """A resource element being read."""

    name: str
    key: str
    start: int
    content_start: int
    text: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    #: Depth of the ``<item>`` being read inside a string-array, or 0.
    item_depth: int = 0
    item_text: list[str] = field(default_factory=list)
    #: Written as ``<name …/>``.
    empty: bool = False
    #: A string value, decoded as aapt does (``<string>``, ``<item type="string">``).
    is_string: bool = False


class _Reader:
    def __init__(self, source: XmlSource) -> None:
        self.source = source
        self.entries: list[ConfigEntry] = []
        #: Keys of the entries written as a resource reference (an unescaped leading ``@``).
        self.references: set[str] = set()
        self.comments: list[Comment] = []
        self.depth = 0
        self.open: _Open | None = None
        self.parser = safe_parser()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.parser.CommentHandler = self.comment

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        current = self.open
        if current is not None:
            if name == "item" and current.name in _ARRAY_RESOURCES and current.item_depth == 0:
                current.item_depth = self.depth
                current.item_text = []
            return
        if self.depth != 2 or not self._is_resource(name, attributes):
            return
        start = self.parser.CurrentByteIndex
        content_start = self.source.start_tag_end(start)
        empty = self.source.is_empty_element(content_start)
        if empty:
            # Where the content would be: the zero-width value span goes before "/>".
            content_start -= 2
        is_string = name == "string" or (name == "item" and attributes.get("type") == "string")
        self.open = _Open(
            name, attributes["name"], start, content_start, empty=empty, is_string=is_string
        )

    @staticmethod
    def _is_resource(name: str, attributes: dict[str, str]) -> bool:
        if "name" not in attributes:
            return False
        if name in _SCALAR_RESOURCES or name in _ARRAY_RESOURCES:
            return True
        return name == "item" and attributes.get("type") in _SCALAR_RESOURCES

    def end(self, name: str) -> None:
        current = self.open
        depth = self.depth
        self.depth -= 1
        if current is None:
            return
        if current.item_depth == depth:
            current.items.append(aapt_string("".join(current.item_text)))
            current.item_depth = 0
            return
        if depth != 2:
            return
        self.open = None
        offset = self.parser.CurrentByteIndex
        source = self.source
        if current.empty:
            end = current.content_start + 2  # just after "/>"
            value_span = source.offsets.span(current.content_start, current.content_start)
        else:
            # expat reports an end tag at its "</".
            end = source.end_tag_end(offset)
            value_span = source.content_span(current.content_start, offset)[0]
        if current.name in _ARRAY_RESOURCES:
            value = ",".join(current.items)
        elif current.is_string:
            raw = "".join(current.text)
            if raw.lstrip(XML_SPACE).startswith("@"):
                self.references.add(current.key)
            value = aapt_string(raw)
        else:
            value = "".join(current.text).strip(XML_SPACE)
        span = source.offsets.span(current.start, end)
        self.entries.append(ConfigEntry(current.key, value, span, value_span))

    def characters(self, data: str) -> None:
        current = self.open
        if current is None:
            return
        if current.name in _ARRAY_RESOURCES:
            if current.item_depth:
                current.item_text.append(data)
        else:
            current.text.append(data)

    def comment(self, _data: str) -> None:
        self.comments.append(self.source.comment(self.parser.CurrentByteIndex))


_ESCAPES = {"n": "\n", "t": "\t"}
_HEX = frozenset("0123456789abcdefABCDEF")


def aapt_string(raw: str) -> str:
    """A string resource's text as aapt compiles it (see the module docstring)."""
    out: list[str] = []
    quoted = False
    pending_space = False
    index = 0
    length = len(raw)
    while index < length:
        char = raw[index]
        if char == "\\" and index + 1 < length:
            escaped = raw[index + 1]
            index += 2
            if escaped == "u" and index + 4 <= length and set(raw[index : index + 4]) <= _HEX:
                decoded = chr(int(raw[index : index + 4], 16))
                index += 4
            else:
                decoded = _ESCAPES.get(escaped, escaped)
            if pending_space and out:
                out.append(" ")
            pending_space = False
            out.append(decoded)
            continue
        index += 1
        if char == '"':
            quoted = not quoted
            continue
        if not quoted and char in XML_SPACE:
            pending_space = True
            continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(char)
    return "".join(out)


def _resolve_references(
    path: str, entries: list[ConfigEntry], references: set[str]
) -> list[ConfigEntry]:
    """Entries whose value is ``@string/name`` of a string in the same file, resolved, with
    the string's own value span as their origin (``\\@string/name`` is the text itself,
    not a reference)."""
    by_name = {entry.key: entry for entry in entries}
    resolved = []
    for entry in entries:
        origin = entry
        for _ in range(_MAX_REFERENCE_HOPS):
            match = _STRING_REFERENCE.fullmatch(origin.value) if origin.key in references else None
            if match is None or match.group(1) not in by_name:
                break
            origin = by_name[match.group(1)]
        if origin is not entry:
            entry = replace(
                entry, value=origin.value, origin_path=path, origin_span=origin.value_span
            )
        resolved.append(entry)
    return resolved


def parse(path: str, text: str, language: Language) -> FileFacts:
    try:
        return _parse(path, text, language)
    except Exception as error:  # the contract: a frontend never raises, whatever the input
        return FileFacts(path, language, problems=(ParseProblem(f"could not read XML: {error!r}"),))


def _parse(path: str, text: str, language: Language) -> FileFacts:
    source = XmlSource(text)
    declaration = find_declaration(text)
    if declaration is not None:
        return FileFacts(path, language, problems=(rejection(source, declaration),))
    reader = _Reader(source)
    problem = run_parser(reader.parser, source)
    if problem is not None and problem.message == ENTITY_MESSAGE:
        return FileFacts(path, language, problems=(problem,))
    return FileFacts(
        path,
        language,
        config=tuple(_resolve_references(path, reader.entries, reader.references)),
        comments=tuple(reader.comments),
        problems=() if problem is None else (problem,),
    )
