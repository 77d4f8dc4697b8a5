"""Baselines: adopt brazelint in a codebase with old findings, then report only new ones
(detect-secrets' ``.secrets.baseline`` workflow, anchors §B3).

A baseline records each finding as (rule, path, content fingerprint): the
``brazelint/v1`` hash of the rule, the path and what the finding is about (the covered
source text with whitespace collapsed, or the rule's own ``fingerprint_key``), without the
occurrence index. SARIF's ``partialFingerprints["brazelint/v1"]`` is the same value plus
``:<n>``. Line numbers are written for people reading the file but never compared, so
code moving up or down, or edits elsewhere in the file, keep findings matched. Secrets are
only ever stored hashed: the file holds no source text and no messages.

Findings are matched as a multiset: three identical findings in a file where the baseline
recorded two leave one reported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from brazelint.findings import Finding
from brazelint.report.fingerprints import (
    FINGERPRINT_KEY,
    finding_key,
    fingerprint_base,
    sort_key,
)
from brazelint.report.model import HIDDEN_BY_BASELINE

BASELINE_VERSION = 1
SUPPRESSED_BY = HIDDEN_BY_BASELINE

Key = tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a brazelint baseline."""


@dataclass(frozen=True)
class Baseline:
    #: (rule ID, path, fingerprint) → how many such findings were recorded.
    entries: Counter[Key] = field(default_factory=Counter)

    def __len__(self) -> int:
        return sum(self.entries.values())


def _key(finding: Finding, lines: Mapping[str, Sequence[str]]) -> Key:
    fingerprint = fingerprint_base(
        finding.rule_id, finding.path, finding_key(finding, lines.get(finding.path))
    )
    return (finding.rule_id, finding.path, fingerprint)


def document(findings: Iterable[Finding], lines: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The baseline for ``findings`` (suppressed ones are left out: they are handled)."""
    records = [
        {
            "rule_id": rule_id,
            "path": path,
            "fingerprint": fingerprint,
            "line": finding.span.line,
        }
        for finding in findings
        if finding.suppressed_by is None
        for rule_id, path, fingerprint in [_key(finding, lines)]
    ]
    records.sort(key=lambda r: (r["path"], r["rule_id"], r["fingerprint"], r["line"]))
    return {
        "version": BASELINE_VERSION,
        "tool": "brazelint",
        "fingerprint": FINGERPRINT_KEY,
        "findings": records,
    }


def render(findings: Iterable[Finding], lines: Mapping[str, Sequence[str]]) -> str:
    """The baseline file's text: sorted, indented, one trailing newline, so that writing it
    twice over the same code gives the same bytes and diffs stay small."""
    return json.dumps(document(findings, lines), indent=2, sort_keys=True) + "\n"


def load(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise BaselineError(f"{path}: baseline is not valid UTF-8") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}: baseline is not valid JSON: {error}") from error
    except RecursionError as error:  # json recurses once per nested array or object
        raise BaselineError(f"{path}: baseline is not valid JSON: nested too deeply") from error
    except ValueError as error:  # a number beyond Python's integer digit limit
        raise BaselineError(f"{path}: baseline holds a number too long to read") from error
    if not isinstance(data, dict) or data.get("tool") != "brazelint":
        raise BaselineError(
            f"{path}: not a brazelint baseline (write one with `brazelint --write-baseline`)"
        )
    if data.get("version") != BASELINE_VERSION:
        raise BaselineError(
            f"{path}: baseline version {data.get('version')!r} is not supported "
            f"(this brazelint reads version {BASELINE_VERSION}); rewrite it with "
            "`brazelint --write-baseline`"
        )
    records = data.get("findings")
    if not isinstance(records, list):
        raise BaselineError(f"{path}: baseline has no `findings` array")
    entries: Counter[Key] = Counter()
    for index, record in enumerate(records):
        if not isinstance(record, dict) or not all(
            isinstance(record.get(name), str) for name in ("rule_id", "path", "fingerprint")
        ):
            raise BaselineError(
                f"{path}: baseline entry {index} needs string `rule_id`, `path` and "
                "`fingerprint`"
            )
        entries[(record["rule_id"], record["path"], record["fingerprint"])] += 1
    return Baseline(entries)


def from_findings(findings: Iterable[Finding], lines: Mapping[str, Sequence[str]]) -> Baseline:
    """The baseline ``findings`` would be recorded as (what ``--diff-base`` compares with:
    the merge base's findings, never written to a file). Suppressed ones are left out."""
    return Baseline(Counter(_key(f, lines) for f in findings if f.suppressed_by is None))


def apply(
    findings: Iterable[Finding],
    lines: Mapping[str, Sequence[str]],
    baseline: Baseline,
    marker: str = SUPPRESSED_BY,
) -> list[Finding]:
    """``findings`` with those recorded in ``baseline`` marked ``suppressed_by=marker``
    (``"baseline"``, or ``"diff-base"`` for findings the merge base already had). Among
    identical findings the first ones in source order are the recorded ones."""
    remaining = Counter(baseline.entries)
    ordered = sorted(findings, key=sort_key)
    out: list[Finding] = []
    for finding in ordered:
        if finding.suppressed_by is None:
            key = _key(finding, lines)
            if remaining[key] > 0:
                remaining[key] -= 1
                finding = replace(finding, suppressed_by=marker)
        out.append(finding)
    return out
