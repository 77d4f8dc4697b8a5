"""Human output, modelled on ruff's "full" format.

Every finding is a ``path:line:col: ID [name] message`` header (clickable in editors and
terminals) followed by the source line with the span underlined. Notifications about the
scan itself go to stderr through :func:`render_notifications`, so piping stdout only ever
carries findings.
"""

from __future__ import annotations

import unicodedata

from brazelint.findings import Finding, Notification, Severity
from brazelint.report.model import Report

#: The longest source excerpt shown, in code points; longer lines (minified files) are cut
#: to a window around the span.
MAX_SNIPPET_CHARS = 160
#: How much of the line before the span a cut window keeps.
_LEAD_CHARS = 40
_TAB_STOP = 4
REDACTED_MARKER = "<source line hidden: it may contain a secret>"

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_BLUE = "\x1b[34m"
_SEVERITY_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.NOTE: "\x1b[36m",
}
_LEVEL_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "note": "\x1b[36m"}

#: Bidirectional controls that can make a terminal show text in a different order than it
#: is stored ("Trojan Source"); never passed through.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0 or char in _BIDI


def clean(text: str) -> str:
    """``text`` with control and bidi characters escaped, so that scanned content (paths,
    messages quoting string literals) cannot move the cursor, recolour or reorder the
    terminal."""
    if not any(_unsafe(char) for char in text):
        return text
    out = []
    for char in text:
        if not _unsafe(char):
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def snippet(line: str, start: int, end: int) -> tuple[str, str]:
    """The displayed source line and the caret line under it.

    ``start``/``end`` are 0-based code-point indexes into ``line`` (end exclusive). Carets
    are placed by display width, so wide characters (CJK, emoji) and tabs before the span
    keep them aligned; control characters show as U+FFFD so they cannot act on the terminal.
    """
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    left, right = 0, len(line)
    if len(line) > MAX_SNIPPET_CHARS:
        left = max(0, start - _LEAD_CHARS)
        right = min(len(line), left + MAX_SNIPPET_CHARS)
    shown: list[str] = ["…"] if left else []
    carets: list[str] = [" "] if left else []
    column = len(shown)
    for index in range(left, right):
        char = line[index]
        if char == "\t":
            width = _TAB_STOP - column % _TAB_STOP
            piece = " " * width
        elif _unsafe(char):
            piece, width = "\ufffd", 1
        else:
            piece, width = char, _char_width(char)
        shown.append(piece)
        column += width
        if index < start:
            carets.append(" " * width)
        elif index < end:
            carets.append("^" * width)
    if right < len(line):
        shown.append("…")
    caret_line = "".join(carets)
    if "^" not in caret_line:
        # An empty span (or one past the end of the line) still needs a visible mark.
        caret_line += "^"
    return "".join(shown), caret_line.rstrip()


def _finding_block(report: Report, finding: Finding, color: bool) -> list[str]:
    span = finding.span
    name = report.rule_name(finding.rule_id)
    rule = finding.rule_id + (f" [{name}]" if name else "")
    header = (
        _paint(f"{clean(finding.path)}:{span.line}:{span.col}:", _BOLD, color)
        + " "
        + _paint(rule, _SEVERITY_COLORS[finding.severity] + _BOLD, color)
        + " "
        + clean(finding.message)
    )
    if finding.suppressed_by is not None:
        header += f" (suppressed: {clean(finding.suppressed_by)})"
    block = [header]
    lines = report.file_lines(finding.path)
    if lines is not None and 1 <= span.line <= len(lines):
        number = str(span.line)
        pad = " " * len(number)
        bar = _paint("|", _BLUE, color)
        block.append(f"{pad} {bar}")
        if finding.extra.get("redact_snippet") == "1":
            block.append(f"{_paint(number, _BLUE, color)} {bar} {REDACTED_MARKER}")
        else:
            source = lines[span.line - 1].rstrip("\r\n")
            end = span.end_col - 1 if span.end_line == span.line else len(source)
            shown, carets = snippet(source, span.col - 1, end)
            block.append(f"{_paint(number, _BLUE, color)} {bar} {shown}".rstrip())
            block.append(f"{pad} {bar} {_paint(carets, _SEVERITY_COLORS[finding.severity], color)}")
        block.append(f"{pad} {bar}")
    for related in finding.related:
        block.append(
            f"  = related: {clean(related.path)}:{related.span.line}:{related.span.col}: "
            f"{clean(related.message)}"
        )
    return block


def summary(report: Report) -> list[str]:
    """The closing lines: totals, then one line per rule that fired, most frequent first."""
    findings = report.shown
    if not findings:
        if report.files_scanned == 0:
            return ["Nothing to scan.", *_hidden_line(report)]
        return [f"No findings in {_plural(report.files_scanned, 'file')}.", *_hidden_line(report)]
    counts = report.severity_counts()
    lines = [
        f"Found {_plural(len(findings), 'finding')} "
        f"({_plural(counts[Severity.ERROR], 'error')}, "
        f"{_plural(counts[Severity.WARNING], 'warning')}, "
        f"{_plural(counts[Severity.NOTE], 'note')}) "
        f"in {_plural(report.files_scanned, 'file')}."
    ]
    by_rule = report.rule_counts()
    width = max(3, len(str(by_rule[0][1])))
    for rule_id, count in by_rule:
        name = report.rule_name(rule_id)
        lines.append(f"{count:>{width}}  {rule_id}  {name}".rstrip())
    return [*lines, *_hidden_line(report)]


def _hidden_line(report: Report) -> list[str]:
    """How many findings the baseline and ``--diff-base`` kept out of the report, so a
    clean result is never mistaken for clean code."""
    counts = report.hidden_counts()
    parts = []
    if counts["baseline"]:
        parts.append(f"{counts['baseline']} recorded in the baseline")
    if counts["diff_base"]:
        parts.append(f"{counts['diff_base']} already at the merge base (--diff-base)")
    if not parts:
        return []
    verb = "shown as suppressed" if report.include_suppressed else "not shown"
    return [
        f"{_plural(sum((counts['baseline'], counts['diff_base'])), 'finding')} {verb}: "
        + ", ".join(parts)
        + "."
    ]


def render(report: Report, *, color: bool = False) -> str:
    out: list[str] = []
    for finding in report.shown:
        out.extend(_finding_block(report, finding, color))
        out.append("")
    out.extend(summary(report))
    return "\n".join(out) + "\n"


def render_findings(report: Report, *, color: bool = False) -> str:
    """The findings alone, without the closing summary (``--quiet``); empty when clean."""
    blocks = ["\n".join(_finding_block(report, finding, color)) for finding in report.shown]
    return "".join(block + "\n\n" for block in blocks)


def _notification_line(notification: Notification, color: bool) -> str:
    level = _paint(notification.level.value, _LEVEL_COLORS[notification.level.value], color)
    where = ""
    if notification.path is not None:
        where = clean(notification.path)
        if notification.span is not None:
            where += f":{notification.span.line}:{notification.span.col}"
        where += ": "
    return f"brazelint: {level}: {where}{clean(notification.message)}"


def render_notifications(report: Report, *, color: bool = False) -> str:
    """Notifications, one ``brazelint: <level>: <path>: <message>`` line each, for stderr."""
    if not report.notifications:
        return ""
    return "\n".join(_notification_line(n, color) for n in report.notifications) + "\n"
