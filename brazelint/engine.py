"""The pipeline: discover → prefilter → parse → finish facts → file rules → project rules.

Nothing here knows a language's syntax or a Braze rule: frontends and rules are looked up
in their registries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from brazelint.catalog import load_catalog
from brazelint.discover import Discovery, SourceFile, discover, find_root
from brazelint.facts import FileFacts, ProjectFacts
from brazelint.findings import Finding, Notification, NotificationLevel, Severity
from brazelint.frontends import FrontendUnavailable, frontend_for
from brazelint.languages import Language
from brazelint.resolve import finish
from brazelint.rule import FileRule, ProjectRule, Rule, RuleSettings
from brazelint.rules import rule_classes
from brazelint.source import UndecodableSource, decode

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ScanOptions:
    targets: tuple[Path, ...]
    enabled: frozenset[str]
    root: Path | None = None
    excludes: tuple[str, ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    settings: RuleSettings = field(default_factory=RuleSettings)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


@dataclass
class ScanResult:
    root: Path
    findings: list[Finding] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    files_scanned: int = 0
    files_parsed: int = 0
    #: Source lines of every parsed file, for snippets and fingerprints.
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facts: dict[str, FileFacts] = field(default_factory=dict)
    internal_error: bool = False


class RuleSet:
    """The enabled rules, instantiated, with their prefilter keywords compiled once."""

    def __init__(
        self,
        enabled: Iterable[str],
        severity_overrides: dict[str, Severity],
        settings: RuleSettings,
    ) -> None:
        catalog = load_catalog()
        classes = rule_classes()
        self.file_rules: list[FileRule] = []
        self.project_rules: list[ProjectRule] = []
        for rule_id in sorted(enabled):
            cls = classes.get(rule_id)
            if cls is None:
                continue  # catalogued but not implemented yet
            severity = severity_overrides.get(rule_id, catalog[rule_id].severity)
            rule = cls(severity, settings)
            if isinstance(rule, ProjectRule):
                self.project_rules.append(rule)
            elif isinstance(rule, FileRule):
                self.file_rules.append(rule)
        self._patterns = {rule.id: rule.keyword_pattern() for rule in self.all_rules}
        self.file_keywords = _union(self.file_rules + self.project_rules)
        self.project_keywords = _union(self.project_rules)

    @property
    def all_rules(self) -> list[Rule]:
        return [*self.file_rules, *self.project_rules]

    def file_rules_for(self, language: Language, data: bytes) -> list[FileRule]:
        return [
            rule
            for rule in self.file_rules
            if language in rule.languages and self._patterns[rule.id].search(data)
        ]


def _union(rules: list[Rule]) -> re.Pattern[bytes] | None:
    if not rules:
        return None
    return re.compile(b"|".join(b"(?:" + rule.keywords + b")" for rule in rules), re.IGNORECASE)


def scan(options: ScanOptions) -> ScanResult:
    targets = options.targets or (Path.cwd(),)
    root = options.root or find_root(targets[0].resolve())
    rules = RuleSet(options.enabled, options.severity_overrides, options.settings)
    discovery = discover(targets, root, options.excludes)
    result = ScanResult(root=root)
    _note_skipped(discovery, result)
    result.files_scanned = len(discovery.files)

    for source in discovery.files:
        outcome = _read_and_parse(source, rules.file_keywords, options.max_file_bytes)
        result.notifications.extend(outcome.notifications)
        if outcome.facts is None:
            continue
        result.files_parsed += 1
        facts = outcome.facts
        result.facts[facts.path] = facts
        result.lines[facts.path] = facts.lines
        for rule in rules.file_rules_for(source.language, outcome.data):
            _run_rule(rule, facts, result)

    if rules.project_rules:
        _run_project_rules(rules, targets, root, options, discovery, result)
    result.findings.sort(key=lambda f: (f.path, f.span.line, f.span.col, f.rule_id))
    return result


@dataclass
class _Outcome:
    facts: FileFacts | None = None
    data: bytes = b""
    notifications: list[Notification] = field(default_factory=list)


def _read_and_parse(
    source: SourceFile, keywords: re.Pattern[bytes] | None, max_bytes: int
) -> _Outcome:
    outcome = _Outcome()
    try:
        with source.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        outcome.notifications.append(
            Notification(source.display, f"cannot be read: {error.strerror or error}")
        )
        return outcome
    if len(data) > max_bytes:
        outcome.notifications.append(
            Notification(
                source.display,
                f"larger than {max_bytes // (1024 * 1024)} MiB; skipped "
                "(raise the limit with --max-file-size)",
            )
        )
        return outcome
    if keywords is None or not keywords.search(data):
        return outcome
    outcome.data = data
    facts = parse_source(source.display, source.language, data, outcome.notifications)
    outcome.facts = facts
    return outcome


def parse_source(
    display: str, language: Language, data: bytes, notifications: list[Notification]
) -> FileFacts | None:
    """Decode and parse one file; problems become notifications, never exceptions."""
    try:
        frontend = frontend_for(language)
    except FrontendUnavailable as error:
        notifications.append(Notification(display, str(error), NotificationLevel.NOTE))
        return None
    try:
        text = decode(data)
    except UndecodableSource as error:
        parse_bytes = getattr(frontend, "parse_bytes", None)
        if parse_bytes is not None:  # binary formats (plists) parse from bytes
            facts = _guarded(display, notifications, lambda: parse_bytes(display, data, language))
            return _finish_checked(facts, "", display, notifications)
        notifications.append(Notification(display, f"{error}; skipped"))
        return None
    facts = _guarded(display, notifications, lambda: frontend.parse(display, text, language))
    return _finish_checked(facts, text, display, notifications)


def _guarded(
    display: str, notifications: list[Notification], parse: Callable[[], FileFacts]
) -> FileFacts | None:
    try:
        return parse()
    except RecursionError:
        notifications.append(Notification(display, "nested too deeply to parse; skipped"))
    except Exception as error:  # a frontend bug must not end the scan
        notifications.append(
            Notification(
                display,
                f"internal error while parsing ({type(error).__name__}: {error}); skipped",
                NotificationLevel.ERROR,
            )
        )
    return None


def _finish_checked(
    facts: FileFacts | None, text: str, display: str, notifications: list[Notification]
) -> FileFacts | None:
    if facts is None:
        return None
    for problem in facts.problems:
        notifications.append(Notification(display, problem.message, span=problem.span))
    return finish(facts, text)


def _run_rule(rule: FileRule, facts: FileFacts, result: ScanResult) -> None:
    try:
        result.findings.extend(rule.check(facts))
    except Exception as error:  # report the bug, keep scanning
        result.internal_error = True
        result.notifications.append(
            Notification(
                facts.path,
                f"internal error in rule {rule.id} ({type(error).__name__}: {error})",
                NotificationLevel.ERROR,
            )
        )


def _run_project_rules(
    rules: RuleSet,
    targets: tuple[Path, ...],
    root: Path,
    options: ScanOptions,
    discovery: Discovery,
    result: ScanResult,
) -> None:
    """Project rules see the whole project. When the user named directories, those are the
    project; when they named files (as pre-commit does), the project is the repository the
    files live in, and findings are reported only on the named files."""
    all_facts = dict(result.facts)
    if any(target.is_file() for target in targets) and rules.project_keywords is not None:
        for source in discover([root], root, options.excludes).files:
            if source.display in all_facts:
                continue
            outcome = _read_and_parse(source, rules.project_keywords, options.max_file_bytes)
            if outcome.facts is not None:
                all_facts[source.display] = outcome.facts
    project = ProjectFacts(
        files=tuple(all_facts[path] for path in sorted(all_facts)),
        reportable=frozenset(source.display for source in discovery.files),
    )
    for rule in rules.project_rules:
        try:
            found = [f for f in rule.check_project(project) if project.is_reportable(f.path)]
        except Exception as error:
            result.internal_error = True
            result.notifications.append(
                Notification(
                    None,
                    f"internal error in rule {rule.id} ({type(error).__name__}: {error})",
                    NotificationLevel.ERROR,
                )
            )
            continue
        result.findings.extend(found)
        for finding in found:
            for related in finding.related:
                if related.path in all_facts:
                    result.lines.setdefault(related.path, all_facts[related.path].lines)


def _note_skipped(discovery: Discovery, result: ScanResult) -> None:
    for path, reason in discovery.skipped:
        result.notifications.append(Notification(path, reason, NotificationLevel.NOTE))
