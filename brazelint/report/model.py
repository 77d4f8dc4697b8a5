"""The one input every reporter takes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from brazelint import __version__
from brazelint.catalog import CatalogEntry, CatalogError, load_catalog
from brazelint.findings import Finding, Notification, Severity
from brazelint.report.fingerprints import finding_fingerprints, sort_key

#: ``Finding.suppressed_by`` of a finding the ``--baseline`` file records.
HIDDEN_BY_BASELINE = "baseline"
#: ``Finding.suppressed_by`` of a finding the ``--diff-base`` merge base already had: not
#: silenced, only not new, so SARIF keeps it (``baselineState: "unchanged"``).
HIDDEN_BY_DIFF_BASE = "diff-base"


@dataclass(frozen=True)
class Report:
    """Everything a scan produced, ready to render.

    ``rules`` holds every enabled rule (SARIF lists them all, not only those that fired).
    ``root`` is the absolute directory that finding paths are relative to. ``lines`` maps a
    finding path to that file's lines (with or without line endings) for snippets and
    fingerprints; a file missing from it just gets no snippet and no line hash.
    """

    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...] = ()
    rules: Mapping[str, CatalogEntry] = field(default_factory=dict)
    files_scanned: int = 0
    root: str = ""
    version: str = __version__
    lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Show findings silenced by an inline suppression or the baseline. Off by default: in
    #: SARIF GitHub ignores ``suppressions`` and would open alerts for them.
    include_suppressed: bool = False
    #: SARIF ``automationDetails.id``; GitHub takes the part before the last ``/`` as the
    #: analysis category.
    automation_id: str = "brazelint/"
    #: A baseline or ``--diff-base`` decided which findings are new: SARIF then gives every
    #: result a ``baselineState``.
    compared: bool = False

    @cached_property
    def all_entries(self) -> tuple[tuple[Finding, str], ...]:
        """Every finding, hidden ones included, with its ``brazelint/v1`` fingerprint, in
        path / line / column / rule order.

        Fingerprints are computed over all findings, suppressed ones included, so that
        suppressing one finding does not renumber its identical neighbours."""
        values = finding_fingerprints(self.findings, self.lines)
        pairs = list(zip(self.findings, values, strict=True))
        pairs.sort(key=lambda pair: sort_key(pair[0]))
        return tuple(pairs)

    @cached_property
    def entries(self) -> tuple[tuple[Finding, str], ...]:
        """The findings to report (see ``all_entries``): the unsuppressed ones, or all of
        them with ``include_suppressed``."""
        return tuple(
            (finding, value)
            for finding, value in self.all_entries
            if self.include_suppressed or finding.suppressed_by is None
        )

    @property
    def shown(self) -> tuple[Finding, ...]:
        """The findings to report, in order."""
        return tuple(finding for finding, _ in self.entries)

    @property
    def suppressed_count(self) -> int:
        return sum(1 for f in self.findings if f.suppressed_by is not None)

    def hidden_counts(self) -> dict[str, int]:
        """How many findings each kind of hiding took out of the report: ``baseline``
        (recorded in the baseline file), ``diff_base`` (already at the merge base) and
        ``inline`` (a ``brazelint: ignore`` comment)."""
        counts = {"baseline": 0, "diff_base": 0, "inline": 0}
        for finding in self.findings:
            if finding.suppressed_by == HIDDEN_BY_BASELINE:
                counts["baseline"] += 1
            elif finding.suppressed_by == HIDDEN_BY_DIFF_BASE:
                counts["diff_base"] += 1
            elif finding.suppressed_by is not None:
                counts["inline"] += 1
        return counts

    def severity_counts(self) -> dict[Severity, int]:
        counts = Counter(f.severity for f in self.shown)
        return {severity: counts.get(severity, 0) for severity in Severity}

    def rule_counts(self) -> list[tuple[str, int]]:
        """(rule id, count) for each rule that fired, most frequent first, then by id."""
        counts = Counter(f.rule_id for f in self.shown)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def entry(self, rule_id: str) -> CatalogEntry | None:
        """The rule's catalog entry: from the enabled rules, else from the shipped catalog
        (a finding about the scan itself, like a malformed suppression, may come from a rule
        that was not selected)."""
        found = self.rules.get(rule_id)
        if found is not None:
            return found
        try:
            return load_catalog().get(rule_id)
        except CatalogError:
            # A broken catalog is reported by the catalog's own checks; the report still
            # renders, just without the name.
            return None

    def rule_name(self, rule_id: str) -> str:
        entry = self.entry(rule_id)
        return entry.name if entry is not None else ""

    def file_lines(self, path: str) -> tuple[str, ...] | None:
        return self.lines.get(path)
