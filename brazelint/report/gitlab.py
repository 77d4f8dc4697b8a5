"""GitLab Code Quality report (the ``codequality`` artifact of a merge request).

GitLab publishes the format as a table of fields, not a schema (docs.gitlab.com, "Code
Quality", *Code Quality report format*): an array of objects with ``description``,
``check_name``, ``fingerprint``, ``severity`` (``info``, ``minor``, ``major``,
``critical``, ``blocker``) and ``location.path`` / ``location.lines.begin``. The
fingerprint is the SARIF result's ``brazelint/v1`` fingerprint, so an issue keeps its
identity across runs and between the two formats.
"""

from __future__ import annotations

import json
from typing import Any

from brazelint.findings import Finding, Severity
from brazelint.report.model import Report

_SEVERITY = {Severity.NOTE: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def _severity(report: Report, finding: Finding) -> str:
    entry = report.entry(finding.rule_id)
    # A security rule's error (a leaked REST key) must stand out from a data-model slip.
    if finding.severity is Severity.ERROR and entry is not None and "security" in entry.tags:
        return "critical"
    return _SEVERITY[finding.severity]


def document(report: Report) -> list[dict[str, Any]]:
    issues = []
    for finding, fingerprint in report.entries:
        entry = report.entry(finding.rule_id)
        name = f"{finding.rule_id} {entry.name}" if entry is not None else finding.rule_id
        issues.append(
            {
                "type": "issue",
                "description": finding.message,
                "check_name": name,
                "fingerprint": fingerprint,
                "severity": _severity(report, finding),
                "location": {
                    "path": finding.path,
                    "lines": {"begin": max(1, finding.span.line)},
                },
            }
        )
    return issues


def render(report: Report, *, color: bool = False) -> str:
    # ``color`` is accepted for a uniform reporter signature; JSON is never coloured.
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
