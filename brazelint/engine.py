"""The pipeline: discover → prefilter → parse → finish facts → file rules → project rules
→ inline suppressions → per-file ignores → baseline.

Nothing here knows a language's syntax or a Braze rule: frontends and rules are looked up
in their registries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brazelint import baseline as baselines
from brazelint import suppressions
from brazelint.catalog import load_catalog
from brazelint.context import ContextOverride
from brazelint.discover import Discovery, SourceFile, classify, discover, find_root, matches_glob
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
    #: (glob, rule IDs): findings of those rules in matching files are dropped.
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    #: Configured client/server path globs, which win over context inference.
    context_overrides: tuple[ContextOverride, ...] = ()
    #: Findings recorded here are marked ``suppressed_by="baseline"``.
    baseline: baselines.Baseline | None = None
    #: Scan this content as the file at this path instead of ``targets`` (``-`` with
    #: ``--stdin-filename``); the path need not exist.
    stdin: tuple[Path, bytes] | None = None


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
        self.by_id: dict[str, Rule] = {}
        for rule_id in sorted(enabled):
            cls = classes.get(rule_id)
            if cls is None:
                continue  # catalogued but not implemented yet
            severity = severity_overrides.get(rule_id, catalog[rule_id].severity)
            rule = cls(severity, settings)
            self.by_id[rule_id] = rule
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
    if options.stdin is not None:
        targets = (options.stdin[0],)
        root = options.root or find_root(_existing_folder(options.stdin[0]))
    else:
        root = options.root or find_root(targets[0].resolve())
    rules = RuleSet(options.enabled, options.severity_overrides, options.settings)
    if options.stdin is not None:
        discovery = Discovery()
        source = classify(options.stdin[0].absolute(), root, options.excludes)
        if source is not None:
            discovery.files.append(source)
    else:
        discovery = discover(targets, root, options.excludes)
    result = ScanResult(root=root)
    _note_skipped(discovery, result)
    result.files_scanned = len(discovery.files)
    overrides = options.context_overrides

    for source in discovery.files:
        if options.stdin is not None:
            outcome = _parse_data(
                source, options.stdin[1], rules.file_keywords, options.max_file_bytes, overrides
            )
        else:
            outcome = _read_and_parse(
                source, rules.file_keywords, options.max_file_bytes, overrides
            )
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
        named_files = options.stdin is not None or any(t.is_file() for t in targets)
        _run_project_rules(rules, named_files, root, options, discovery, result)
    _apply_suppressions(rules, result)
    if options.per_file_ignores:
        result.findings = [
            f for f in result.findings if not _ignored_here(f, options.per_file_ignores)
        ]
    if options.baseline is not None:
        result.findings = baselines.apply(result.findings, result.lines, options.baseline)
    result.findings.sort(key=lambda f: (f.path, f.span.line, f.span.col, f.rule_id))
    _redact_secrets(result)
    return result


def _redact_secrets(result: ScanResult) -> None:
    """No output may hold a detected key: scrub every finding and notification with the
    keys the secret rules found (see brazelint/redact.py)."""
    if not result.notifications and not any(
        f.extra.get("redact_snippet") == "1" for f in result.findings
    ):
        return
    from brazelint.redact import redact_result

    result.findings, result.notifications = redact_result(
        result.findings, result.notifications, result.facts, result.lines
    )


def _existing_folder(path: Path) -> Path:
    """The nearest existing folder at or above ``path`` (a --stdin-filename may not exist)."""
    folder = path.absolute().parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _ignored_here(
    finding: Finding, per_file_ignores: Sequence[tuple[str, frozenset[str]]]
) -> bool:
    return any(
        finding.rule_id in rule_ids and matches_glob(finding.path, glob)
        for glob, rule_ids in per_file_ignores
    )


def _apply_suppressions(rules: RuleSet, result: ScanResult) -> None:
    """Inline ``brazelint: ignore`` comments silence findings in their file; then BRZ001
    reports the directives that silenced nothing (which needs every rule's findings)."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[finding.path].append(finding)
    catalog = load_catalog()
    unused_rule = rules.by_id.get(suppressions.UNUSED_ID)
    for path, facts in result.facts.items():
        if not suppressions.might_hold_directives(facts.comments):
            continue
        directives = suppressions.parse_comments(facts.comments, facts.lines, catalog).directives
        if not directives:
            continue
        silenced, used = suppressions.silence(by_path.get(path, []), directives)
        if unused_rule is not None:
            reports = [
                unused_rule.finding(path, d.span, message, fingerprint_key=key)
                for d, message, key in suppressions.unused(directives, used, catalog)
            ]
            # Findings about suppressions can be silenced too (ignore-file[BRZ001]), but
            # that use is not counted: it would make the check circular.
            silenced += suppressions.silence(reports, directives)[0]
        by_path[path] = silenced
    result.findings = [finding for found in by_path.values() for finding in found]


@dataclass
class _Outcome:
    facts: FileFacts | None = None
    data: bytes = b""
    notifications: list[Notification] = field(default_factory=list)


def _read_and_parse(
    source: SourceFile,
    keywords: re.Pattern[bytes] | None,
    max_bytes: int,
    overrides: Sequence[ContextOverride] = (),
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
    return _parse_data(source, data, keywords, max_bytes, overrides)


def _parse_data(
    source: SourceFile,
    data: bytes,
    keywords: re.Pattern[bytes] | None,
    max_bytes: int,
    overrides: Sequence[ContextOverride] = (),
) -> _Outcome:
    outcome = _Outcome()
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
    facts = parse_source(source.display, source.language, data, outcome.notifications, overrides)
    outcome.facts = facts
    return outcome


def parse_source(
    display: str,
    language: Language,
    data: bytes,
    notifications: list[Notification],
    context_overrides: Sequence[ContextOverride] = (),
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
            return _finish_checked(facts, "", display, notifications, context_overrides)
        notifications.append(Notification(display, f"{error}; skipped"))
        return None
    facts = _guarded(display, notifications, lambda: frontend.parse(display, text, language))
    return _finish_checked(facts, text, display, notifications, context_overrides)


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
    facts: FileFacts | None,
    text: str,
    display: str,
    notifications: list[Notification],
    context_overrides: Sequence[ContextOverride] = (),
) -> FileFacts | None:
    if facts is None:
        return None
    for problem in facts.problems:
        notifications.append(Notification(display, problem.message, span=problem.span))
    return finish(facts, text, context_overrides)


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
    named_files: bool,
    root: Path,
    options: ScanOptions,
    discovery: Discovery,
    result: ScanResult,
) -> None:
    """Project rules see the whole project. When the user named directories, those are the
    project; when they named files (as pre-commit does), the project is the repository the
    files live in, and findings are reported only on the named files."""
    all_facts = dict(result.facts)
    if named_files and rules.project_keywords is not None:
        for source in discover([root], root, options.excludes).files:
            if source.display in all_facts:
                continue
            outcome = _read_and_parse(
                source, rules.project_keywords, options.max_file_bytes, options.context_overrides
            )
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
