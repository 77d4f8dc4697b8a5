"""Frontend for template files (``.liquid``, ``.html``, ``.htm``): Liquid outputs, broken
Liquid tags, and comments (HTML ``<!-- … -->`` and Liquid ``{% comment %}`` blocks).

HTML is not parsed as a tree: Liquid is rendered before the HTML is, so an output inside an
attribute, a ``<style>`` block or an HTML comment is still an output.

Where Braze is in sight (``prefilter.mentions_braze``: an HTML in-app message, a page
that loads the Web SDK), what the HTML itself holds is read too:

- inline ``<script>`` bodies (no ``type``, or a JavaScript / module type) are JavaScript:
  the file is parsed once by the JavaScript frontend with everything outside those bodies
  blanked to whitespace of the same UTF-8 length, so every position (line, column, byte)
  is the file's own. Their calls, strings, imports, assignments, functions and comments
  join the facts. A script is not reported as a syntax error: it may hold Liquid
  (``{{ … }}``) that only becomes JavaScript once rendered.
- attribute values that mention Braze or one of its hosts (``src="…/appboy.min.js"``,
  ``data-endpoint="sdk.iad-01.braze.com"``, ``<option value="sdk.fra-01.braze.eu">``)
  are strings. The ``<option>``s of one ``<select>`` are the arms of one branch
  (``Flow.branch`` ``"<select offset>:<index>"``): only one is ever chosen.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath

from brazelint.facts import Comment, FileFacts, Flow, ParseProblem, Span, StringLiteral
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language
from brazelint.liquid import scan_liquid_template
from brazelint.prefilter import mentions_braze

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
#: ``type`` values of scripts that are JavaScript (lower-case; "" is no type at all).
_JAVASCRIPT_TYPES = frozenset(
    {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "text/jsx"}
)
_TAG = re.compile(r"<([A-Za-z][\w:-]{0,60})\b((?:[^<>\"']|\"[^\"]*\"|'[^']*'){0,4000})>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']{1,100})\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SELECT = re.compile(r"<select\b.*?(?:</select\s*>|$)", re.IGNORECASE | re.DOTALL)
_HOST_WORDS = ("braze.com", "braze.eu", "appboy")
#: Whitespace of each UTF-8 length, to blank a character without moving any position
#: (a 4-byte character becomes two 2-byte spaces: one column more on that line).
_BLANKS = {1: " ", 2: "\u00a0", 3: "\u3000", 4: "\u00a0\u00a0"}


def parse(path: str, text: str, language: Language) -> FileFacts:
    # No try/except around the Liquid scan: it is a plain iterative loop over regex
    # searches that cannot fail on any str (tests/test_liquid.py checks arbitrary text
    # with hypothesis). The HTML part guards itself.
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return _text_file(path, text, language, suffix)
    index = LineIndex(text)
    scan = scan_liquid_template(text, index=index)
    comments = [*scan.comments, *_html_comments(text, index)]
    facts = FileFacts(
        path=path,
        language=language,
        liquid=scan.outputs,
        liquid_problems=scan.problems,
    )
    if mentions_braze(text):
        try:
            facts = _with_html(facts, text, index, comments)
        except Exception as error:  # the contract: a frontend never raises
            problem = ParseProblem(f"could not read the HTML: {error!r}")
            facts = FileFacts(
                path,
                language,
                liquid=facts.liquid,
                liquid_problems=facts.liquid_problems,
                problems=(problem,),
            )
    ordered = sorted(comments, key=lambda comment: (comment.span.line, comment.span.col))
    return replace(facts, comments=tuple(ordered))


def _with_html(facts: FileFacts, text: str, index: LineIndex, comments: list[Comment]) -> FileFacts:
    strings = _attribute_strings(text, index)
    bodies = [
        (match.start(2), match.end(2))
        for match in _SCRIPT.finditer(text)
        if _is_javascript(match.group(1)) and match.group(2).strip()
    ]
    if not bodies:
        return replace(facts, strings=tuple(strings))
    from brazelint.frontends import javascript

    script = javascript.parse(facts.path, _blank_outside(text, bodies), Language.JAVASCRIPT)
    comments.extend(script.comments)
    problems = tuple(p for p in script.problems if p.message != "syntax error")
    return replace(
        facts,
        calls=script.calls,
        assignments=script.assignments,
        strings=tuple(sorted((*script.strings, *strings), key=_position)),
        imports=script.imports,
        functions=script.functions,
        classes=script.classes,
        globals_used=script.globals_used | {"document"},
        problems=problems,
        loops=script.loops,
        numbers=script.numbers,
        returns=script.returns,
    )


#: Markdown and plain text: read only where Braze is in sight.
_TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
#: A fenced code block: its opening fence (with the info string) and body, up to a
#: closing fence of the same character and at least the same length, or the end.
_FENCE = re.compile(
    r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)"
    r"(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
#: A host name, with its scheme and path when written (`https://rest.x.y/users/track`).
_HOST_TOKEN = re.compile(
    r"(?:[a-z][a-z0-9+.-]{0,15}://)?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+[^\s\"'`<>)\]}]*"
)


def _text_file(path: str, text: str, language: Language, suffix: str) -> FileFacts:
    """Markdown (its code fences) and plain-text templates, where Braze is in sight: their
    Liquid, and the host names on lines that name Braze, as strings. The code in a fence is
    a snippet, not the app's code: its calls are not read. Elsewhere nothing is read: a
    README is not a template."""
    if not mentions_braze(text, liquid=suffix == ".txt"):
        return FileFacts(path, language)
    if suffix in _MARKDOWN_SUFFIXES:
        fences = [(m.start("body"), m.end("body")) for m in _FENCE.finditer(text)]
        read = _blank_outside(text, fences)
    else:
        read = text
    index = LineIndex(read)
    scan = scan_liquid_template(read, index=index)
    return FileFacts(
        path,
        language,
        comments=scan.comments,
        liquid=scan.outputs,
        liquid_problems=scan.problems,
        strings=tuple(_host_tokens(read, index)),
    )


def _host_tokens(text: str, index: LineIndex) -> list[StringLiteral]:
    """Host-like tokens on the lines of ``text`` that name Braze."""
    found = []
    position = 0
    for line in text.splitlines(keepends=True):
        start = position
        position += len(line)
        if not mentions_braze(line):
            continue
        for token in _HOST_TOKEN.finditer(line):
            begin = start + token.start()
            span = index.char_span(begin, start + token.end())
            content = Span(span.line, span.col, span.line, span.col)
            found.append(StringLiteral(token.group(0), span, content))
    return found


def _position(literal: StringLiteral) -> tuple[int, int]:
    return (literal.span.line, literal.span.col)


def _is_javascript(attributes: str) -> bool:
    if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
        return False  # the body of a script with a src is never run
    found = _SCRIPT_TYPE.search(attributes)
    return (found.group(1).lower() if found else "") in _JAVASCRIPT_TYPES


def _blank_outside(text: str, bodies: list[tuple[int, int]]) -> str:
    """``text`` with every character outside ``bodies`` replaced by whitespace of the same
    UTF-8 length (line breaks kept), so the JavaScript frontend's positions are the file's."""
    pieces = []
    position = 0
    for start, end in bodies:
        pieces.append(_blank(text[position:start]))
        pieces.append(text[start:end])
        position = end
    pieces.append(_blank(text[position:]))
    return "".join(pieces)


def _blank(part: str) -> str:
    if part.isascii():
        return re.sub(r"[^\r\n]", " ", part)
    return "".join(
        char if char in "\r\n" else _BLANKS[len(char.encode("utf-8", "surrogatepass"))]
        for char in part
    )


def _attribute_strings(text: str, index: LineIndex) -> list[StringLiteral]:
    """Attribute values that mention Braze, outside scripts; the options of a select are
    the arms of one branch."""
    selects = [(m.start(), m.end()) for m in _SELECT.finditer(text)]
    scripts = [(m.start(2), m.end(2)) for m in _SCRIPT.finditer(text)]
    strings = []
    options: dict[int, int] = {}
    for tag in _TAG.finditer(text):
        if any(start <= tag.start() < end for start, end in scripts):
            continue
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            quoted = 2 if attribute.group(2) is not None else 3
            value = attribute.group(quoted)
            lowered = value.lower()
            if not any(word in lowered for word in (*_HOST_WORDS, "braze")):
                continue
            start = tag.start(2) + attribute.start(quoted)
            end = start + len(value)
            span = index.char_span(start, end)
            content = Span(span.line, span.col, span.line, span.col)
            flow = Flow()
            if tag.group(1).lower() == "option":
                select = next((s for s, e in selects if s <= tag.start() < e), None)
                if select is not None:
                    arm = options[select] = options.get(select, -1) + 1
                    flow = Flow(branch=(f"{select}:{arm}",))
            strings.append(StringLiteral(value, span, content, flow=flow))
    return strings


def _html_comments(text: str, index: LineIndex) -> list[Comment]:
    """``<!-- … -->`` comments, markers included. Found with plain ``find`` so that many
    unclosed ``<!--`` cost linear time (an unclosed one ends the search)."""
    comments = []
    position = 0
    while True:
        begin = text.find("<!--", position)
        if begin < 0:
            break
        close = text.find("-->", begin + 4)
        if close < 0:
            break
        end = close + 3
        comments.append(Comment(text[begin:end], index.char_span(begin, end)))
        position = end
    return comments
