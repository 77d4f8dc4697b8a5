"""SARIF 2.1.0 for GitHub code scanning.

Choices, all for GitHub (see the project's anchors notes, section D and H):

- URIs are repository-relative with ``uriBaseId: "%SRCROOT%"``, and the run says where
  ``%SRCROOT%`` is, so the file is valid SARIF on its own and GitHub places alerts.
- Every enabled rule is in ``tool.driver.rules`` exactly once; results carry ``ruleIndex``.
- ``partialFingerprints`` has GitHub's own ``primaryLocationLineHash`` (so alerts stay the
  same whether or not upload-sarif recomputes it) and the line-independent ``brazelint/v1``.
- Columns are Unicode code points (Python string indexes), declared in ``columnKind``.
- Suppressed findings (inline, or by the baseline file) are left out unless asked for:
  GitHub ignores ``suppressions`` and would open an alert for each one. With
  ``--include-suppressed`` they carry ``suppressions`` (``inSource`` for a comment,
  ``external`` for the baseline).
- With a baseline or ``--diff-base`` every result has a ``baselineState``: ``new``, or
  ``unchanged`` for one the baseline recorded or the merge base already had. Findings the
  merge base already had are kept (they are not suppressed, only not new): a pull
  request's analysis without them would tell GitHub they were fixed.
- No ``snippet``: GitHub does not use it, and leaving it out means no source text (possibly a
  secret) is ever copied into the file. For findings marked ``redact_snippet`` the line hash
  is left out too (upload-sarif fills it in).
- At most 25,000 results (GitHub rejects more); the least severe are dropped, with a
  notification that says so.
"""

from __future__ import annotations

import json
import os
import posixpath
import unicodedata
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from brazelint.catalog import CatalogEntry
from brazelint.facts import Span
from brazelint.findings import Applicability, Finding, Notification, NotificationLevel, Severity
from brazelint.report.fingerprints import FINGERPRINT_KEY, file_text, line_hashes, sort_key
from brazelint.report.model import HIDDEN_BY_BASELINE, HIDDEN_BY_DIFF_BASE, Report

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/brazelint/brazelint"
SRCROOT = "%SRCROOT%"
#: GitHub rejects an upload with more results than this in one run.
MAX_RESULTS = 25_000
#: GitHub's limit for shortDescription / fullDescription text.
MAX_DESCRIPTION = 1024
MAX_NAME = 255
_WORD_BACKOFF = 40
#: GitHub shows at most 10 tags per rule.
MAX_TAGS = 10
#: Files bigger than this (UTF-16 units) get no line hash from us: hashing is a pure-Python
#: loop, and upload-sarif computes the value itself when it is missing.
MAX_HASHED_CHARS = 5_000_000

_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "recommendation",
}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def truncate(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units (the unit GitHub's JavaScript
    counts in), at a word boundary when one is near, never inside a surrogate pair or
    between a character and its combining marks, ending in an ellipsis."""
    if _utf16_len(text) <= limit:
        return text
    budget = limit - 1  # room for the ellipsis
    cut = 0
    used = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > budget:
            break
        used += width
        cut += 1
    # Do not separate a base character from the combining marks that follow it.
    while 0 < cut < len(text) and _is_mark(text[cut]):
        cut -= 1
    # End at a word boundary unless that loses more than a few words.
    space = text.rfind(" ", 0, cut + 1)
    if space > 0 and cut - space <= _WORD_BACKOFF:
        cut = space
    return text[:cut].rstrip() + "…"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200d\ufe0f"


def _security_severity(value: str | None) -> str | None:
    """The value when it is a number GitHub accepts (0.1 to 10.0); a non-numeric one makes
    GitHub reject the whole upload, so it is better left out."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not 0.0 < number <= 10.0:
        return None
    return value.strip()


def _help_text(entry: CatalogEntry) -> str:
    parts = [entry.full, f"Why is this bad? {entry.why}", f"How to fix: {entry.fix}"]
    if entry.references:
        parts.append("References: " + " ".join(entry.references))
    return "\n\n".join(part.strip() for part in parts if part.strip())


def rule_descriptor(entry: CatalogEntry) -> dict[str, Any]:
    tags: list[str] = []
    for tag in entry.tags:
        if isinstance(tag, str) and tag and tag not in tags:
            tags.append(tag)
    properties: dict[str, Any] = {
        "tags": tags[:MAX_TAGS],
        "precision": entry.precision,
        "problem.severity": _PROBLEM_SEVERITY[entry.severity],
    }
    security_severity = _security_severity(entry.security_severity)
    if security_severity is not None:
        properties["security-severity"] = security_severity
    # GitHub rejects empty descriptions; the name is a poor but honest fallback.
    short = entry.short.strip() or entry.name
    full = entry.full.strip() or short
    return {
        "id": entry.id,
        "name": truncate(entry.name, MAX_NAME),
        "shortDescription": {"text": truncate(short)},
        "fullDescription": {"text": truncate(full)},
        "help": {"text": _help_text(entry) or short, "markdown": entry.markdown()},
        "helpUri": entry.help_uri,
        "defaultConfiguration": {"level": entry.severity.value},
        "properties": properties,
    }


def _unknown_rule_descriptor(rule_id: str, severity: Severity) -> dict[str, Any]:
    # A finding from a rule with no catalog entry (should not happen; the catalog test
    # guards it) still needs a descriptor for its ruleIndex to point at.
    text = f"brazelint rule {rule_id} (no catalog entry)."
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "defaultConfiguration": {"level": severity.value},
        "properties": {"problem.severity": _PROBLEM_SEVERITY[severity]},
    }


def root_uri(root: str) -> str:
    """``root`` as a ``file:`` URI ending in ``/`` (SARIF requires the slash for a base)."""
    uri = Path(os.path.abspath(root or os.curdir)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def artifact_location(path: str, root: str) -> dict[str, str]:
    """A finding path as a relative URI against ``%SRCROOT%``: forward slashes,
    percent-encoded. An absolute path inside the root is made relative; one outside it can
    only be given as an absolute ``file:`` URI (GitHub will not show it)."""
    if os.path.isabs(path):
        absolute = os.path.abspath(path)
        base = os.path.abspath(root or os.curdir)
        relative = os.path.relpath(absolute, base)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return {"uri": Path(absolute).as_uri()}
        path = relative
    posix = posixpath.normpath(PurePath(path).as_posix())
    # ':' is encoded too: in a first segment it would read as a URI scheme.
    return {"uri": quote(posix, safe="/!$&'()*+,;=@"), "uriBaseId": SRCROOT}


def region(span: Span) -> dict[str, int]:
    """A SARIF region, clamped to what the schema allows (1-based, end not before start)."""
    start_line = max(1, span.line)
    start_col = max(1, span.col)
    end_line = max(start_line, span.end_line)
    end_col = max(1, span.end_col)
    if end_line == start_line:
        end_col = max(end_col, start_col)
    return {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
    }


def _location(path: str, span: Span | None, root: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path, root)}
    if span is not None:
        physical["region"] = region(span)
    return {"physicalLocation": physical}


def _fix(finding: Finding, root: str) -> dict[str, Any] | None:
    """A SARIF ``fix`` for a fix the tool would apply; a display-only one needs a human's
    choice and is left to the message."""
    fix = finding.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
        return None
    replacements = [
        {"deletedRegion": region(edit.span), "insertedContent": {"text": edit.replacement}}
        for edit in fix.edits
    ]
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(finding.path, root),
                "replacements": replacements,
            }
        ],
        "properties": {"applicability": fix.applicability.value},
    }


class _LineHashes:
    """Line hashes per file, computed at most once per file."""

    def __init__(self, report: Report) -> None:
        self._report = report
        self._cache: dict[str, list[str] | None] = {}

    def get(self, path: str, line: int) -> str | None:
        if path not in self._cache:
            lines = self._report.file_lines(path)
            hashes = None
            if lines is not None:
                text = file_text(lines)
                if len(text) <= MAX_HASHED_CHARS:
                    hashes = line_hashes(text)
            self._cache[path] = hashes
        hashes = self._cache[path]
        # The action hashes the first location's start line; a line past the end gets none.
        if hashes is None or not 1 <= line <= len(hashes):
            return None
        return hashes[line - 1]


def _limit(
    entries: tuple[tuple[Finding, str], ...],
) -> tuple[list[tuple[Finding, str]], int]:
    """At most MAX_RESULTS entries, the most severe kept, back in report order."""
    if len(entries) <= MAX_RESULTS:
        return list(entries), 0
    by_severity = sorted(entries, key=lambda e: (-e[0].severity.rank, sort_key(e[0])))
    kept = sorted(by_severity[:MAX_RESULTS], key=lambda e: sort_key(e[0]))
    return kept, len(entries) - MAX_RESULTS


def _notification(notification: Notification, root: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "level": notification.level.value,
        "message": {"text": notification.message or "(no message)"},
    }
    if notification.path is not None:
        result["locations"] = [_location(notification.path, notification.span, root)]
    return result


def document(report: Report) -> dict[str, Any]:
    """The SARIF log as Python data."""
    root = report.root
    entries, dropped = _limit(
        tuple(
            (finding, fingerprint)
            for finding, fingerprint in report.all_entries
            if report.include_suppressed or finding.suppressed_by in (None, HIDDEN_BY_DIFF_BASE)
        )
    )

    descriptors: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    for rule_id in sorted(report.rules):
        index_of[rule_id] = len(descriptors)
        descriptors.append(rule_descriptor(report.rules[rule_id]))
    for finding, _ in entries:
        if finding.rule_id not in index_of:
            entry = report.entry(finding.rule_id)
            index_of[finding.rule_id] = len(descriptors)
            descriptors.append(
                rule_descriptor(entry)
                if entry is not None
                else _unknown_rule_descriptor(finding.rule_id, finding.severity)
            )

    hashes = _LineHashes(report)
    results: list[dict[str, Any]] = []
    for finding, fingerprint in entries:
        fingerprints = {FINGERPRINT_KEY: fingerprint}
        line_hash = hashes.get(finding.path, region(finding.span)["startLine"])
        # A line hash is a weak, linear hash of the source around the finding: with the
        # surrounding code known, a short secret on that line could be solved for. For
        # secret findings leave it to upload-sarif, which computes the same value on GitHub.
        if line_hash is not None and finding.extra.get("redact_snippet") != "1":
            fingerprints = {"primaryLocationLineHash": line_hash, **fingerprints}
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": index_of[finding.rule_id],
            "level": finding.severity.value,
            "message": {
                "text": finding.message
                or descriptors[index_of[finding.rule_id]]["shortDescription"]["text"]
            },
            "locations": [_location(finding.path, finding.span, root)],
            "partialFingerprints": fingerprints,
        }
        if finding.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    **_location(related.path, related.span, root),
                    "message": {"text": related.message or "related location"},
                }
                for number, related in enumerate(finding.related, start=1)
            ]
        if (fix := _fix(finding, root)) is not None:
            result["fixes"] = [fix]
        hidden_by = finding.suppressed_by
        if report.compared:
            unchanged = hidden_by in (HIDDEN_BY_BASELINE, HIDDEN_BY_DIFF_BASE)
            result["baselineState"] = "unchanged" if unchanged else "new"
        if hidden_by is not None and hidden_by != HIDDEN_BY_DIFF_BASE:
            # Only reached with include_suppressed. A baseline lives outside the source.
            kind = "external" if hidden_by == HIDDEN_BY_BASELINE else "inSource"
            result["suppressions"] = [{"kind": kind, "justification": hidden_by}]
        results.append(result)

    notifications = [_notification(n, root) for n in report.notifications]
    if dropped:
        notifications.append(
            {
                "level": NotificationLevel.WARNING.value,
                "message": {
                    "text": f"{len(entries) + dropped:,} results exceed GitHub's limit of "
                    f"{MAX_RESULTS:,} per run; the {dropped:,} least severe were left out."
                },
            }
        )

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "brazelint",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "automationDetails": {"id": report.automation_id},
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri(root)}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                # The scan ran to the end (a file it could not read is a notification, not a
                # failed run); an internal failure never gets as far as a report.
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, *, color: bool = False) -> str:
    # ``color`` is accepted for a uniform reporter signature; SARIF is never coloured.
    data = document(report)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates from a badly encoded file: only \u escapes can carry them.
        text = json.dumps(data, indent=2, ensure_ascii=True)
    return text + "\n"
