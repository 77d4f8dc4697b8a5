"""Machine-readable output: one JSON document whose shape only grows, never changes.

Findings are sorted by path, line, column and rule, so that two runs over the same code
give byte-identical output (diffable in CI, cacheable).
"""

from __future__ import annotations

import json
from typing import Any

from brazelint.facts import Span
from brazelint.findings import Fix, Notification, RelatedLocation, Severity
from brazelint.report.model import Report

#: Bumped only when a field changes meaning or disappears; new fields keep it.
FORMAT_VERSION = 1


def _position(span: Span) -> dict[str, int]:
    return {
        "line": span.line,
        "column": span.col,
        "end_line": span.end_line,
        "end_column": span.end_col,
    }


def _related(related: RelatedLocation) -> dict[str, Any]:
    return {"path": related.path, **_position(related.span), "message": related.message}


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "message": fix.message,
        "applicability": fix.applicability.value,
        "edits": [{**_position(edit.span), "replacement": edit.replacement} for edit in fix.edits],
    }


def _notification(notification: Notification) -> dict[str, Any]:
    span = notification.span
    entry: dict[str, Any] = {
        "level": notification.level.value,
        "path": notification.path,
        "line": span.line if span else None,
        "column": span.col if span else None,
        "message": notification.message,
    }
    if notification.paths:
        entry["paths"] = list(notification.paths)
    return entry


def document(report: Report) -> dict[str, Any]:
    """The JSON document as Python data (the CLI and tests use it without re-parsing)."""
    findings = [
        {
            "rule_id": finding.rule_id,
            "rule_name": report.rule_name(finding.rule_id),
            "severity": finding.severity.value,
            "path": finding.path,
            **_position(finding.span),
            "message": finding.message,
            "fingerprint": fingerprint,
            "related": [_related(related) for related in finding.related],
            "suppressed_by": finding.suppressed_by,
            "fix": _fix(finding.fix),
        }
        for finding, fingerprint in report.entries
    ]
    counts = report.severity_counts()
    return {
        "version": report.version,
        "format_version": FORMAT_VERSION,
        "findings": findings,
        "notifications": [_notification(n) for n in report.notifications],
        "summary": {
            "files_scanned": report.files_scanned,
            "findings": len(findings),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "notes": counts[Severity.NOTE],
            "suppressed": report.suppressed_count,
            # Of those: recorded in the baseline, at the --diff-base merge base, inline.
            "hidden": report.hidden_counts(),
            "by_rule": dict(sorted(report.rule_counts())),
        },
    }


def render(report: Report, *, color: bool = False) -> str:
    # ``color`` is accepted for a uniform reporter signature; JSON is never coloured.
    data = document(report)
    # Non-ASCII paths and messages stay readable; but text decoded from a broken file can
    # hold lone surrogates, which no UTF-8 writer accepts, and then \u escapes are the only
    # safe form.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, indent=2, ensure_ascii=True)
    return text + "\n"
