"""What a rule is. Rule modules in ``brazelint/rules/`` define one subclass each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from brazelint.facts import FileFacts, ProjectFacts, Span
from brazelint.findings import Finding, Fix, RelatedLocation, Severity
from brazelint.languages import Language
from brazelint.tracking_plan import TrackingPlan


@dataclass(frozen=True)
class RuleSettings:
    """Per-scan options rules may read. Extended by configuration (allowed clusters,
    batch limits, environment globs); rules must work with the defaults."""

    track_batch_limit: int = 75
    allowed_clusters: tuple[str, ...] = ()
    environment_globs: tuple[str, ...] = ()
    #: The ``tracking-plan`` file, loaded (None: no plan; the plan rules stay silent).
    tracking_plan: TrackingPlan | None = None
    #: ``liquid-default-text``: what BRZ601's fix writes as a missing Liquid default
    #: (``| default: 'there'``); None leaves the fix display-only. Checked by the config
    #: reader: one line, no braces, not both quote characters.
    liquid_default_text: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class Rule:
    """Base of every rule.

    ``id`` ties the module to its catalog entry (``rules/BRZ401.toml``), which holds the
    name, severity, languages and docs. ``keywords`` is a regular expression over the raw
    bytes of a file: a file that does not match the keywords of any enabled rule is never
    parsed, so it must match every file the rule could possibly report on.
    """

    id: ClassVar[str]
    keywords: ClassVar[bytes]
    #: More expressions a file must also match, each besides ``keywords`` (a conjunction,
    #: like semgrep's CNF prefilter): ``keywords`` can then stay a broad "any of these"
    #: while this narrows it to files that could really hold a finding.
    requires: ClassVar[tuple[bytes, ...]] = ()
    #: Languages the rule reads; files in other languages are never shown to it.
    languages: ClassVar[frozenset[Language]]

    def __init__(self, severity: Severity, settings: RuleSettings) -> None:
        self.severity = severity
        self.settings = settings

    @classmethod
    def applies(cls, settings: RuleSettings) -> bool:
        """Whether the rule can report anything with ``settings``. A rule that cannot (BRZ407
        without a tracking plan) is left out of the scan, prefilter included, so it costs
        nothing."""
        return True

    def finding(
        self,
        facts_path: str,
        span: Span,
        message: str,
        *,
        fingerprint_key: str = "",
        related: tuple[RelatedLocation, ...] = (),
        fix: Fix | None = None,
    ) -> Finding:
        return Finding(
            rule_id=self.id,
            path=facts_path,
            span=span,
            message=message,
            severity=self.severity,
            related=related,
            fingerprint_key=fingerprint_key,
            fix=fix,
        )

    @classmethod
    def keyword_pattern(cls) -> re.Pattern[bytes]:
        return re.compile(cls.keywords, re.IGNORECASE)

    @classmethod
    def prefilter_clauses(cls, language: Language, suffix: str | None = None) -> tuple[bytes, ...]:
        """Case-insensitive expressions that must all match a file in ``language`` for the
        rule to be able to report on it (see ``brazelint/prefilter.py``). A rule whose
        condition differs by language overrides this. ``suffix`` is the file name's
        lower-cased extension (``".liquid"``, ``""`` for none), or None when unknown: then
        the clauses must hold for every file of the language."""
        return (cls.keywords, *cls.requires)


class FileRule(Rule):
    """A rule that reads one file's facts at a time."""

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        raise NotImplementedError


class ProjectRule(Rule):
    """A rule that reads all files' facts together (region consistency, drift between
    platforms). It reports only on ``project.reportable`` paths."""

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        raise NotImplementedError

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """The facts of one file that ``check_project`` reads: ``facts`` with every other
        item left out (items are kept as they are, never rebuilt), or None when the file
        gives the rule nothing. A large scan keeps only this of most files, so whatever
        ``check_project`` reads must be in it. The default keeps the whole file when it is
        in the rule's languages."""
        return facts if facts.language in self.languages else None
