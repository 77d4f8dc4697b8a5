"""Inline suppressions, written in a comment of the file's own language:

- ``brazelint: ignore[BRZ401]`` silences the rules named on the line the comment is on;
- ``brazelint: ignore-next-line[BRZ401]`` (a comment on a line of its own) the next line;
- ``brazelint: ignore-file[BRZ401]`` (a comment on a line of its own) the whole file;
- without ``[…]`` (or with ``[ALL]``) each form silences every rule.

Rules are named by ID, ID prefix (``BRZ4``) or name, comma- or space-separated. Text after
the ``]`` (or after ``--`` in a bare directive) is the reason, kept as the justification.

Only real comment tokens count (``FileFacts.comments``, from every frontend), never text
in strings. The prefix must be exactly ``brazelint:``; anything that looks like a
directive but does not parse is *malformed* and silences nothing: a mistake never widens
into a blanket ignore (semgrep's ``nosemgrep : id`` did; anchors §A3).

A directive that silenced nothing, or that names no rule, is reported as BRZ001
(unused-suppression, like ruff's RUF100), so suppressions do not outlive the code they
were for; a malformed one is BRZ002 (malformed-suppression).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from brazelint.catalog import CatalogEntry
from brazelint.facts import Comment, Span
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.rules._spans import line_break, source_text
from brazelint.selection import SelectorError, expand

UNUSED_ID = "BRZ001"
MALFORMED_ID = "BRZ002"

#: Anything a user may have meant as a directive: any case, spaces before the colon.
_LOOSE = re.compile(r"(?<![\w-])brazelint\s*:", re.IGNORECASE)
_EXACT = "brazelint:"
_ACTION = re.compile(r"\s*(ignore-next-line|ignore-file|ignore)(?![\w-])")
_WORD = re.compile(r"\s*([^\s\[\]]*)")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9-]*\Z")
_CODE_SEPARATORS = re.compile(r"[\s,]+")
#: Comment closers left at the end of a directive: ``*/``, ``-->``, Liquid's
#: ``{% endcomment %}`` and the ``%}`` of an inline ``{% # … %}`` comment.
_CLOSER = re.compile(r"\s*(?:\*/|--!?>|\{%-?\s*endcomment\s*-?%\}|-?%\})\s*\Z")
_REASON_LEAD = re.compile(r"\A\s*(?:--|—|:)?\s*")


class Scope(StrEnum):
    LINE = "ignore"
    NEXT_LINE = "ignore-next-line"
    FILE = "ignore-file"


@dataclass(frozen=True, slots=True)
class Directive:
    scope: Scope
    #: Rule selectors as written; empty for a bare directive.
    codes: tuple[str, ...]
    #: The rule IDs the codes name; None when every rule is silenced.
    rule_ids: frozenset[str] | None
    #: Codes that name no rule.
    unknown: tuple[str, ...]
    #: The line it silences (0 for a file-wide directive).
    target_line: int
    #: Where the directive itself is written.
    span: Span
    reason: str = ""
    #: The comment the directive is written in.
    comment: Comment | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        codes = f"[{', '.join(self.codes)}]" if self.codes else ""
        return f"{_EXACT} {self.scope.value}{codes}"

    @property
    def justification(self) -> str:
        return f"{self.text} -- {self.reason}" if self.reason else self.text

    def covers(self, finding: Finding) -> bool:
        if self.scope is not Scope.FILE and finding.span.line != self.target_line:
            return False
        return self.rule_ids is None or finding.rule_id in self.rule_ids


@dataclass(frozen=True, slots=True)
class Malformed:
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Parsed:
    directives: tuple[Directive, ...] = ()
    malformed: tuple[Malformed, ...] = ()


def might_hold_directives(comments: Iterable[Comment]) -> bool:
    """A cheap test before parsing: does any comment mention brazelint at all?"""
    return any("brazelint" in comment.text.lower() for comment in comments)


def parse_comments(
    comments: Iterable[Comment], lines: Sequence[str], catalog: Mapping[str, CatalogEntry]
) -> Parsed:
    """Every directive in ``comments``, and every comment that tries to be one but fails."""
    directives: list[Directive] = []
    malformed: list[Malformed] = []
    for comment in comments:
        outcome = _parse_comment(comment, lines, catalog)
        if isinstance(outcome, Directive):
            directives.append(outcome)
        elif isinstance(outcome, Malformed):
            malformed.append(outcome)
    return Parsed(tuple(directives), tuple(malformed))


def _position(comment: Comment, offset: int) -> tuple[int, int]:
    """Line and column of the character ``offset`` code points into the comment's text."""
    before = comment.text[:offset]
    newlines = before.count("\n")
    if not newlines:
        return comment.span.line, comment.span.col + offset
    return comment.span.line + newlines, offset - before.rfind("\n")


def _alone_on_its_lines(span: Span, lines: Sequence[str]) -> bool:
    if not 1 <= span.line <= len(lines) or not 1 <= span.end_line <= len(lines):
        return True  # no source to compare with; do not invent a problem
    before = lines[span.line - 1][: span.col - 1]
    after = lines[span.end_line - 1][span.end_col - 1 :]
    return not before.strip() and not after.strip()


def _parse_comment(
    comment: Comment, lines: Sequence[str], catalog: Mapping[str, CatalogEntry]
) -> Directive | Malformed | None:
    text = comment.text
    match = _LOOSE.search(text)
    if match is None:
        return None
    start = match.start()
    # The directive is one line: text after a newline in a block comment is not part of it.
    newline = text.find("\n", match.end())
    line_end = len(text) if newline < 0 else newline
    closer = _CLOSER.search(text, match.end(), line_end)
    end = closer.start() if closer is not None else line_end
    end = len(text[:end].rstrip())
    line, col = _position(comment, start)
    end_line, end_col = _position(comment, max(end, match.end()))
    span = Span(line, col, end_line, end_col)

    def bad(message: str) -> Malformed:
        return Malformed(span, message)

    if match.group(0) != _EXACT:
        return bad(
            f"`{match.group(0)}` is not a directive: write `brazelint:` in lower case with no "
            "space before the colon; this comment silences nothing"
        )
    tail = text[match.end() : end]
    action = _ACTION.match(tail)
    if action is None:
        word = _WORD.match(tail)
        found = word.group(1) if word is not None else ""
        what = f"unknown directive `brazelint: {found}`" if found else "empty `brazelint:`"
        return bad(
            f"{what}; write `brazelint: ignore[RULE]`, `ignore-next-line[RULE]` or "
            "`ignore-file[RULE]`; this comment silences nothing"
        )
    scope = Scope(action.group(1))
    rest = tail[action.end() :]
    codes: tuple[str, ...] = ()
    if rest.lstrip().startswith("["):
        rest = rest.lstrip()
        close = rest.find("]")
        if close < 0:
            return bad(f"`[` after `{scope.value}` is not closed; this comment silences nothing")
        codes = tuple(code for code in _CODE_SEPARATORS.split(rest[1:close]) if code)
        if not codes:
            return bad(
                f"empty rule list in `{scope.value}[]`: name the rules (or write `[ALL]` to "
                "silence every rule); this comment silences nothing"
            )
        for code in codes:
            if not _CODE.match(code):
                return bad(
                    f"{code!r} is not a rule ID or name (separate rules with commas); this "
                    "comment silences nothing"
                )
        reason = _REASON_LEAD.sub("", rest[close + 1 :], count=1).strip()
    else:
        stripped = rest.strip()
        if stripped and not stripped.startswith("--"):
            return bad(
                f"`brazelint: {scope.value}` must be followed by `[RULE, …]`, `-- reason` or "
                f"nothing, not {stripped[:30]!r}; this comment silences nothing"
            )
        reason = stripped[2:].strip()

    if scope is not Scope.LINE and not _alone_on_its_lines(comment.span, lines):
        return bad(
            f"`brazelint: {scope.value}` must be in a comment on a line of its own; this "
            "comment silences nothing"
        )

    rule_ids: set[str] | None = set()
    unknown: list[str] = []
    for code in codes:
        if code.upper() == "ALL":
            rule_ids = None
            continue
        try:
            named = expand(code, dict(catalog))
        except SelectorError:
            unknown.append(code)
            continue
        if rule_ids is not None:
            rule_ids |= named
    if not codes:
        rule_ids = None
    target = {Scope.LINE: line, Scope.NEXT_LINE: comment.span.end_line + 1, Scope.FILE: 0}
    return Directive(
        scope=scope,
        codes=codes,
        rule_ids=frozenset(rule_ids) if rule_ids is not None else None,
        unknown=tuple(unknown),
        target_line=target[scope],
        span=span,
        reason=reason,
        comment=comment,
    )


def silence(
    findings: Iterable[Finding], directives: Sequence[Directive]
) -> tuple[list[Finding], list[set[str]]]:
    """``findings`` with ``suppressed_by`` set where a directive covers them, and for each
    directive the rule IDs it silenced. A finding covered by several directives credits
    them all (so a redundant one is not called unused) and names the most specific one."""
    used: list[set[str]] = [set() for _ in directives]
    out: list[Finding] = []
    for finding in findings:
        covering = [i for i, d in enumerate(directives) if d.covers(finding)]
        if not covering or finding.suppressed_by is not None:
            out.append(finding)
            continue
        for index in covering:
            used[index].add(finding.rule_id)
        best = min(covering, key=lambda i: directives[i].scope is Scope.FILE)
        out.append(replace(finding, suppressed_by=directives[best].justification))
    return out, used


_WHERE = {
    Scope.LINE: "on this line",
    Scope.NEXT_LINE: "on the next line",
    Scope.FILE: "in this file",
}


def unused(
    directives: Sequence[Directive],
    used: Sequence[set[str]],
    catalog: Mapping[str, CatalogEntry],
) -> list[tuple[Directive, str, str, tuple[str, ...]]]:
    """(directive, message, fingerprint key, stale codes) for each directive that silenced
    nothing or names something that is not a rule; the stale codes are those to remove,
    ``"*"`` for a directive that silences every rule and silenced nothing. Codes naming only
    BRZ001 are never reported: whether they are used is known only after this runs."""
    reports: list[tuple[Directive, str, str, tuple[str, ...]]] = []
    catalog_dict = dict(catalog)
    for directive, silenced in zip(directives, used, strict=True):
        where = _WHERE[directive.scope]
        problems: list[str] = []
        stale: list[str] = []
        if directive.rule_ids is None and not silenced:
            problems.append(f"silenced nothing {where}")
            stale.append("*")
        for code in directive.codes:
            if code in directive.unknown:
                problems.append(f"{code} is not a brazelint rule")
                stale.append(code)
                continue
            if directive.rule_ids is None:
                continue  # [ALL, …]: judged as a whole above
            named = expand(code, catalog_dict)
            if named <= {UNUSED_ID} or named & silenced:
                continue
            problems.append(f"{code} silenced nothing {where}")
            stale.append(code)
        if problems:
            message = f"unused suppression `{directive.text}`: {'; '.join(problems)}"
            key = f"{directive.text}|{','.join(stale)}"
            reports.append((directive, message, key, tuple(stale)))
    return reports


# --- removing unused directives (BRZ001's fix) ----------------------------------------------

#: What may stand around a directive in a comment that holds nothing else (blanks
#: removed): the comment's opener before it, its closer after it.
_BARE_OPENERS = frozenset({"#", "//", "/*", "/**", "<!--", "{%comment%}", "{%-comment-%}", "{%#"})
_BARE_CLOSERS = frozenset({"", "*/", "-->", "{%endcomment%}", "{%-endcomment-%}", "%}", "-%}"})
_BLANKS = re.compile(r"\s+")


def removal_fix(
    directive: Directive, stale: Sequence[str], lines: Sequence[str], spans: Iterable[Span]
) -> Fix | None:
    """The fix for an unused directive: the stale codes taken out of its ``[…]``, or the
    whole comment when nothing would be left (with its line when the comment is alone on
    it). ``spans`` are the file's comment spans, to tell its line break. None whenever the
    file's text does not read exactly as the directive was parsed."""
    comment = directive.comment
    if comment is None or "\n" in comment.text or directive.span.line != directive.span.end_line:
        return None
    lines = tuple(lines)
    if source_text(lines, comment.span) != comment.text:
        return None
    stale_set = set(stale)
    kept = [code for code in directive.codes if code not in stale_set]
    if "*" not in stale_set and kept:
        return _drop_codes(directive, kept, lines)
    return _drop_comment(directive, comment, lines, spans)


def _drop_codes(directive: Directive, kept: list[str], lines: tuple[str, ...]) -> Fix | None:
    written = source_text(lines, directive.span)
    if written is None:
        return None
    open_at = written.find("[")
    close_at = written.find("]", open_at + 1)
    if open_at < 0 or close_at < 0:
        return None
    inside = written[open_at + 1 : close_at]
    if tuple(code for code in _CODE_SEPARATORS.split(inside) if code) != directive.codes:
        return None
    line, col = directive.span.line, directive.span.col
    span = Span(line, col + open_at + 1, line, col + close_at)
    removed = [code for code in directive.codes if code not in kept]
    names = ", ".join(f"`{code}`" for code in dict.fromkeys(removed))
    return Fix(
        f"Remove {names} from the suppression",
        (Edit(span, ", ".join(kept), inside),),
        Applicability.SAFE,
    )


def _drop_comment(
    directive: Directive, comment: Comment, lines: tuple[str, ...], spans: Iterable[Span]
) -> Fix | None:
    start = directive.span.col - comment.span.col
    end = directive.span.end_col - comment.span.col
    if not 0 <= start <= end <= len(comment.text):
        return None
    if _BLANKS.sub("", comment.text[:start]) not in _BARE_OPENERS:
        return None  # the comment says something besides the directive
    if _BLANKS.sub("", comment.text[end:]) not in _BARE_CLOSERS:
        return None
    line = comment.span.line
    text = lines[line - 1]
    before = text[: comment.span.col - 1]
    after = text[comment.span.end_col - 1 :]
    message = "Remove the unused suppression comment"
    if before.strip():
        # After code: the comment and the blanks before it.
        begin = len(before.rstrip()) + 1
        span = Span(line, begin, line, comment.span.end_col)
    elif after.strip():
        # Before code (a block comment): the comment and the blanks after it.
        finish = len(text) - len(after.lstrip()) + 1
        span = Span(line, comment.span.col, line, finish)
    elif line < len(lines):
        # Alone on its line: the line, with its line break.
        brk = line_break(lines, spans)
        if brk is None:
            return None
        span = Span(line, 1, line + 1, 1)
        return Fix(message, (Edit(span, "", text + brk),), Applicability.SAFE)
    else:
        span = Span(line, 1, line, len(text) + 1)
    original = source_text(lines, span)
    if original is None:
        return None
    return Fix(message, (Edit(span, "", original),), Applicability.SAFE)


# --- writing directives (``--add-suppressions``) -------------------------------------------

#: How each kind of file holds a comment at the end of a line: (before, after). Kinds
#: without an entry (JSON, binary plists) have no comment syntax and are left alone.
_END_OF_LINE_COMMENTS: dict[str, tuple[str, str]] = {
    "python": ("  # ", ""),
    "javascript": (" // ", ""),
    "typescript": (" // ", ""),
    "tsx": (" // ", ""),
    "swift": (" // ", ""),
    "kotlin": (" // ", ""),
    "java": (" // ", ""),
    "android-xml": (" <!-- ", " -->"),
    "plist": (" <!-- ", " -->"),
    # A .liquid template: a Liquid comment, which Braze removes when it renders.
    "liquid": (" {% comment %}", "{% endcomment %}"),
    # An .html file may also be opened as plain HTML, where only an HTML comment hides.
    "html": (" <!-- ", " -->"),
}
#: Kinds whose directive goes on a line of its own above the finding: in a .env file
#: some readers (Docker's env_file among them) take `# …` after a value as part of it.
_OWN_LINE_COMMENTS: dict[str, tuple[str, str]] = {"dotenv": ("# ", "")}
#: What a reason written into a comment may not hold: a line break or any comment's
#: closer would end the comment early; XML forbids ``--`` inside one.
_REASON_FORBIDDEN = ("\n", "\r", "--", "*/", "%}", "{%")


def comment_kind(language: str, path: str) -> str:
    """The ``_END_OF_LINE_COMMENTS`` key for a file of ``language`` at ``path``."""
    if language == "liquid" and path.lower().endswith((".html", ".htm")):
        return "html"
    return language


def reason_problem(reason: str) -> str | None:
    """Why ``reason`` cannot be written into a comment, or None when it can."""
    for forbidden in _REASON_FORBIDDEN:
        if forbidden in reason:
            shown = {"\n": "a line break", "\r": "a line break"}.get(forbidden, f"`{forbidden}`")
            return f"a reason written into comments must be one line without {shown}"
    return None


def directive_comment(
    kind: str, rule_ids: Iterable[str], reason: str = ""
) -> tuple[str, bool] | None:
    """How to silence ``rule_ids`` on a line in a file of ``kind`` (see ``comment_kind``):
    (text, above). With ``above`` false the text is appended to the line; with it true the
    text is a line of its own to put before it (an ``ignore-next-line`` directive). None
    when the kind has no comment syntax."""
    above = kind in _OWN_LINE_COMMENTS
    syntax = _OWN_LINE_COMMENTS.get(kind) or _END_OF_LINE_COMMENTS.get(kind)
    if syntax is None:
        return None
    before, after = syntax
    scope = Scope.NEXT_LINE if above else Scope.LINE
    text = f"{_EXACT} {scope.value}[{', '.join(sorted(set(rule_ids)))}]"
    if reason:
        # XML comments may not hold `--`; the reason then follows the `]` alone.
        text += f" {reason}" if "<!--" in before else f" -- {reason}"
    return f"{before}{text}{after}", above
