"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request
without uploading SARIF (``::error file=…,line=…::message``)."""

from __future__ import annotations

from brazelint.findings import Notification, Severity
from brazelint.report.model import Report
from brazelint.report.sarif import region

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
_NOTIFICATION_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """The message part. Escaping CR and LF is also what stops scanned content from starting
    a workflow command of its own on a new line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: additionally ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: list[tuple[str, str | int]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def _notification(notification: Notification) -> str:
    properties: list[tuple[str, str | int]] = []
    if notification.path is not None:
        properties.append(("file", notification.path))
        if notification.span is not None:
            properties += [("line", notification.span.line), ("col", notification.span.col)]
    properties.append(("title", "brazelint"))
    return _command(
        _NOTIFICATION_COMMANDS[notification.level.value], properties, notification.message
    )


def render(report: Report, *, color: bool = False) -> str:
    # ``color`` is accepted for a uniform reporter signature; the Actions log is not a tty.
    lines: list[str] = []
    for finding in report.shown:
        # Same clamping as SARIF: GitHub drops annotations with a line or column below 1.
        span = region(finding.span)
        name = report.rule_name(finding.rule_id)
        title = f"{finding.rule_id} {name}" if name else finding.rule_id
        properties: list[tuple[str, str | int]] = [
            ("file", finding.path),
            ("line", span["startLine"]),
            ("col", span["startColumn"]),
            ("endLine", span["endLine"]),
            ("endColumn", span["endColumn"]),
            ("title", title),
        ]
        lines.append(_command(_COMMANDS[finding.severity], properties, finding.message))
    lines += [_notification(n) for n in report.notifications]
    return "".join(line + "\n" for line in lines)
