"""The pipeline: discover → prefilter → parse → finish facts → file rules → project rules
→ inline suppressions → per-file ignores → baseline.

Nothing here knows a language's syntax or a Braze rule: frontends and rules are looked up
in their registries. Reading, prefiltering, the result cache and the process pool live in
``brazelint/workers.py``; this module holds the per-file pipeline (:class:`Analyzer`) and
everything that needs all files at once.
"""

from __future__ import annotations

import codecs
import contextlib
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from brazelint import budget, git, suppressions
from brazelint.analysis import project, wrappers
from brazelint.analysis.values import ExportLookup
from brazelint.analysis.wrappers import Wrapper
from brazelint.budget import Budget
from brazelint.catalog import load_catalog
from brazelint.context import ContextOverride
from brazelint.discover import (
    SUBMODULE_NOT_CHECKED_OUT,
    SYMLINK,
    Discovery,
    DiscoveryError,
    SourceFile,
    classify,
    discover,
    find_root,
    matches_glob,
)
from brazelint.facts import FileFacts, ProjectFacts, merge_views
from brazelint.findings import Finding, Notification, NotificationLevel, Severity
from brazelint.frontends import FrontendUnavailable, frontend_for
from brazelint.languages import Language
from brazelint.prefilter import Derivations, Prefilter, file_suffix
from brazelint.resolve import finish
from brazelint.rule import FileRule, ProjectRule, Rule, RuleSettings
from brazelint.rules import rule_classes
from brazelint.source import UndecodableSource, decode, undecodable

if TYPE_CHECKING:
    from brazelint import baseline as baselines
    from brazelint.workers import Runner

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
#: Seconds one file may take to parse and check before it is skipped with a notification.
DEFAULT_FILE_TIMEOUT = 20.0
#: What one file may add to the process's memory while it is analysed (no real source file
#: needs a tenth of it; the runaway parses of issue 17 grew past 1.3 GB).
DEFAULT_FILE_MEMORY = 512 * 1024 * 1024


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
    #: Worker processes for parsing; None: one per CPU. A pool is started only when
    #: enough files pass the prefilter to pay for it (see brazelint/workers.py).
    jobs: int | None = None
    #: Folder of the result cache; None: no cache (the CLI passes the user's cache dir
    #: unless --no-cache).
    cache_dir: Path | None = None
    #: Seconds one file may take; None: no limit.
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT
    #: Bytes by which analysing one file may grow the process; None: no limit.
    file_memory: int | None = DEFAULT_FILE_MEMORY
    #: Called with (files done, files to scan) as the scanned files are analysed (the
    #: CLI's progress line); None: nobody is told.
    progress: Callable[[int, int], None] | None = None


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
        self.derivations = Derivations()
        self.prefilter = Prefilter(self.all_rules, self.derivations)
        self.project_prefilter = Prefilter(self.project_rules, self.derivations)

    @property
    def all_rules(self) -> list[Rule]:
        return [*self.file_rules, *self.project_rules]

    def file_rules_for(self, language: Language, data: bytes) -> list[FileRule]:
        return [
            rule for rule in self.prefilter.rules_for(language, data) if isinstance(rule, FileRule)
        ]


class Mode(Enum):
    """Why a file is analysed: for everything (a scanned file), or only for project
    rules' facts (a file of the repository around the files named on the command line)."""

    FULL = "full"
    PROJECT = "project"


@dataclass(frozen=True)
class FilePlan:
    """What the per-file pipeline depends on. Picklable, so that a worker process started
    with ``spawn`` can rebuild the :class:`Analyzer`; also what the cache key hashes."""

    enabled: frozenset[str]
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    settings: RuleSettings = field(default_factory=RuleSettings)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    context_overrides: tuple[ContextOverride, ...] = ()
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT
    file_memory: int | None = DEFAULT_FILE_MEMORY

    @property
    def budget(self) -> Budget:
        return Budget(self.file_timeout, self.file_memory)

    @classmethod
    def from_options(cls, options: ScanOptions) -> FilePlan:
        return cls(
            enabled=frozenset(options.enabled),
            severity_overrides=tuple(sorted(options.severity_overrides.items())),
            settings=options.settings,
            max_file_bytes=options.max_file_bytes,
            context_overrides=tuple(options.context_overrides),
            file_timeout=options.file_timeout,
            file_memory=options.file_memory,
        )


@dataclass
class FileOutcome:
    """What analysing one file produced. Picklable: workers send it back, the cache
    stores it."""

    display: str
    facts: FileFacts | None = None
    findings: list[Finding] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    internal_error: bool = False
    #: The rules whose keywords matched the file.
    rule_ids: tuple[str, ...] = ()
    #: The outcome is the file's full analysis (not a project-mode skip, a timeout or a
    #: crash), so the cache may keep it.
    complete: bool = True
    #: False in project mode for a file no project rule's keywords match (not parsed).
    needed: bool = True
    #: The file was parsed (its facts may have been cut down since: see ``Slimmer``).
    parsed: bool = False
    #: No rule's keywords matched a file that could not have been read anyway (binary,
    #: not UTF-8): reported with the other such files in one notification.
    undecodable: bool = False
    #: The file's wrappers of the Braze SDK, for their call sites in other files.
    wrappers: tuple[Wrapper, ...] = ()
    #: Modules the file imports names from that reach Braze calls unresolved (constants
    #: another file defines), for the second phase.
    wants_exports: tuple[str, ...] = ()


class Analyzer:
    """The per-file pipeline: prefilter, decode, parse, finish facts, file rules. Pure
    with respect to its inputs: the same plan, path and bytes give the same outcome, in
    this process or a worker."""

    def __init__(self, plan: FilePlan) -> None:
        self.plan = plan
        self.rules = RuleSet(plan.enabled, dict(plan.severity_overrides), plan.settings)

    def rule_ids(self, source: SourceFile, data: bytes, mode: Mode) -> tuple[str, ...] | None:
        """The rules whose keywords match; () when none do, so the file needs no parse;
        None in project mode when no project rule matches (the outcome is then unknown,
        not empty: the file is simply not needed)."""
        data = _keyword_bytes(data)
        # Some rules' conditions depend on the extension (BRZ602: `.liquid` vs `.html`).
        suffix = file_suffix(source.display)
        # Project mode reads a whole repository for a few rules: their prefilter first,
        # as it tests far fewer keywords.
        if mode is Mode.PROJECT and not self.rules.project_prefilter.rules_for(
            source.language, data, suffix
        ):
            return None
        return tuple(
            rule.id for rule in self.rules.prefilter.rules_for(source.language, data, suffix)
        )

    def analyze(
        self,
        source: SourceFile,
        data: bytes,
        rule_ids: Sequence[str] | None = None,
        mode: Mode = Mode.FULL,
    ) -> FileOutcome:
        """Everything one file yields; problems become notifications, never exceptions.
        ``rule_ids``: the prefilter's answer when the caller already has it."""
        if rule_ids is None:
            found = self.rule_ids(source, data, mode)
            if found is None:
                return FileOutcome(source.display, complete=False, needed=False)
            rule_ids = found
        outcome = FileOutcome(source.display, rule_ids=tuple(rule_ids))
        if not rule_ids:
            outcome.undecodable = mode is Mode.FULL and undecodable(data) is not None
            return outcome
        try:
            with budget.enforced(self.plan.budget):
                facts = parse_source(
                    source.display,
                    source.language,
                    data,
                    outcome.notifications,
                    self.plan.context_overrides,
                )
                if facts is not None:
                    outcome.wrappers = wrappers.summarize(facts)
                    outcome.wants_exports = project.wanted_modules(facts)
                    facts = wrappers.expand(facts, outcome.wrappers)
                    for rule_id in rule_ids:
                        rule = self.rules.by_id[rule_id]
                        if isinstance(rule, FileRule):
                            _run_rule(rule, facts, outcome)
                    outcome.findings = list(wrappers.attribute(outcome.findings, facts))
                outcome.facts = facts
                outcome.parsed = facts is not None
        except budget.Exceeded as exhausted:
            return FileOutcome(
                source.display,
                rule_ids=tuple(rule_ids),
                notifications=[Notification(source.display, self._over_budget(exhausted.what))],
                complete=False,
            )
        return outcome

    def reanalyze(
        self,
        source: SourceFile,
        data: bytes,
        known: Sequence[wrappers.Wrapper],
        exports: project.Exports | None,
    ) -> FileOutcome:
        """The second phase for one file: parse it again with what other files define (their
        wrappers, their constants) and run every file rule for its language."""
        outcome = FileOutcome(source.display)
        lookup = exports.lookup(source.display) if exports is not None else None
        try:
            with budget.enforced(self.plan.budget):
                facts = parse_source(
                    source.display,
                    source.language,
                    data,
                    outcome.notifications,
                    self.plan.context_overrides,
                    lookup,
                )
                if facts is None:
                    return outcome
                facts = wrappers.expand(facts, known)
                for rule in self.rules.file_rules:
                    if source.language in rule.languages:
                        _run_rule(rule, facts, outcome)
                outcome.findings = list(wrappers.attribute(outcome.findings, facts))
                outcome.facts = facts
                outcome.parsed = True
        except budget.Exceeded as exhausted:
            outcome.notifications.append(
                Notification(source.display, self._over_budget(exhausted.what))
            )
            outcome.complete = False
        return outcome

    def _over_budget(self, what: str) -> str:
        if what == "memory" and self.plan.file_memory:
            mib = self.plan.file_memory / (1024 * 1024)
            return (
                f"needed more than {mib:g} MiB to analyse; skipped "
                "(raise the limit with --file-memory)"
            )
        return (
            f"took longer than {self.plan.file_timeout or 0:g} s to analyse; skipped "
            "(raise the limit with --file-timeout)"
        )


def _keyword_bytes(data: bytes) -> bytes:
    """What the prefilter searches: the bytes themselves, except that a UTF-16 file (which
    ``decode`` accepts with a BOM) is searched as UTF-8, or no ASCII keyword would ever
    match it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # "replace": a broken file with keywords still goes on to decode(), which
        # refuses it with a notification instead of it being skipped unseen.
        return data.decode("utf-16", "replace").encode("utf-8", "surrogatepass")
    return data


def scan(options: ScanOptions, early_search: RepositoryGrep | None = None) -> ScanResult:
    """Scan what ``options`` name. ``early_search``: a repository search the caller started
    before the rules were known (see ``start_early_search``); used if it serves this scan,
    else stopped."""
    from brazelint.workers import Runner  # the pool and cache are not needed for stdin

    targets = options.targets or (Path.cwd(),)
    if options.stdin is not None:
        targets = (options.stdin[0],)
        root = options.root or find_root(_existing_folder(options.stdin[0]))
    else:
        root = options.root or find_root(targets[0].resolve())
    analyzer = Analyzer(FilePlan.from_options(options))
    rules = analyzer.rules
    project_ids = frozenset(rule.id for rule in rules.project_rules)
    named_files = options.stdin is not None or any(t.is_file() for t in targets)
    with contextlib.ExitStack() as cleanup:
        grep = None
        if early_search is not None:
            cleanup.callback(early_search.cancel)
        if rules.project_rules and named_files:
            # The project pass may need the rest of the repository: let git search it on
            # the other core from now on, while the named files are found and analysed
            # (cancelled if not needed).
            literals = _project_literals(rules.project_rules, rules.derivations)
            if literals is not None and options.cache_dir is not None:
                from brazelint.cache import remember_project_literals

                remember_project_literals(options.cache_dir, literals)
            if early_search is not None:
                if literals is not None and early_search.serves(root, literals):
                    grep = early_search
                else:
                    early_search.cancel()  # searching for the wrong thing: stop it now
            if grep is None:
                grep = RepositoryGrep.start(root, literals)
                if grep is not None:
                    cleanup.callback(grep.cancel)
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
        runner = cleanup.enter_context(Runner(analyzer, root, options.jobs, options.cache_dir))
        runner.progress = options.progress
        if options.stdin is not None:
            outcomes: Iterable[FileOutcome] = [
                runner.analyze_data(source, options.stdin[1]) for source in discovery.files
            ]
        else:
            outcomes = runner.run(discovery.files, Mode.FULL)
        project_candidates = False
        passed_over = {kind: list(paths) for kind, paths in discovery.passed_over.items()}
        undecodable_files: list[str] = passed_over.setdefault(UNDECODABLE, [])
        outcomes_seen: list[FileOutcome] = []
        for outcome in outcomes:
            if outcome.wrappers or outcome.wants_exports:
                outcomes_seen.append(outcome)
            project_candidates |= not project_ids.isdisjoint(outcome.rule_ids)
            result.notifications.extend(outcome.notifications)
            result.internal_error |= outcome.internal_error
            if outcome.undecodable:
                undecodable_files.append(outcome.display)
            if not outcome.parsed:
                continue
            result.files_parsed += 1
            result.findings.extend(outcome.findings)
            facts = outcome.facts
            if facts is not None:
                result.facts[facts.path] = facts
                result.lines[facts.path] = facts.lines

        project.second_phase(analyzer, discovery.files, outcomes_seen, result)
        if rules.project_rules:
            _run_project_rules(
                rules,
                named_files,
                root,
                options,
                discovery,
                result,
                runner,
                project_candidates,
                grep,
            )
        # The keys a secret rule found, derived once for the cache and for redaction (a
        # finding hidden below by a suppression or the baseline may only add keys).
        secrets: frozenset[str] | None = None
        if any(f.extra.get("redact_snippet") == "1" for f in result.findings):
            from brazelint.redact import detected_secrets  # only a scan that found a key

            secrets = detected_secrets(result.findings, result.facts)
            if runner.cache is not None:
                runner.cache.forget_holding(secrets)
        _note_passed_over(passed_over, result)
        runner.note_cache(result.notifications)
    _apply_suppressions(rules, result)
    if options.per_file_ignores:
        result.findings = [
            f for f in result.findings if not _ignored_here(f, options.per_file_ignores)
        ]
    if options.baseline is not None:
        from brazelint import baseline as baselines  # only with --baseline

        result.findings = baselines.apply(result.findings, result.lines, options.baseline)
    result.findings.sort(key=lambda f: (f.path, f.span.line, f.span.col, f.rule_id))
    _redact_secrets(result, secrets)
    return result


@dataclass(frozen=True)
class Slimmer:
    """Cuts a file's facts down to what later stages read, once its file rules have run:
    suppressions need the comments (when one mentions brazelint), reporters the lines,
    each project rule its ``project_view``, and secret redaction, which re-derives keys
    from the facts, the whole of a file with a finding that asks for it. A file nobody
    needs loses its facts altogether. On a large tree whole facts would hold hundreds of
    megabytes (the facts of the ~1,000 Braze files of a 50,000-file tree: ~100 MB). A
    picklable object rather than a closure, so that pool workers can apply it before
    sending outcomes back (brazelint/workers.py)."""

    project_rules: tuple[ProjectRule, ...]

    def __call__(self, outcome: FileOutcome) -> FileOutcome:
        facts = outcome.facts
        if facts is None or any(
            finding.extra.get("redact_snippet") == "1" for finding in outcome.findings
        ):
            return outcome
        views = [
            view for rule in self.project_rules if (view := _view(rule, facts)) is not None
        ]
        directives = suppressions.might_hold_directives(facts.comments)
        if not views and not directives and not outcome.findings:
            return replace(outcome, facts=None)
        whole = ("comments",) if directives else ()
        return replace(outcome, facts=merge_views(facts, views, whole))


def _view(rule: ProjectRule, facts: FileFacts) -> FileFacts | None:
    try:
        return rule.project_view(facts)
    except Exception:  # a rule's bug must not lose facts: the rule then sees the whole file
        return facts


def _redact_secrets(result: ScanResult, secrets: frozenset[str] | None) -> None:
    """No output may hold a detected key: scrub every finding and notification with the
    keys the secret rules found (``secrets``; see brazelint/redact.py)."""
    if not result.notifications and secrets is None:
        return
    from brazelint.redact import redact_result

    result.findings, result.notifications = redact_result(
        result.findings, result.notifications, result.facts, result.lines, secrets or frozenset()
    )


def _existing_folder(path: Path) -> Path:
    """The nearest existing folder at or above ``path`` (a --stdin-filename may not exist)."""
    folder = path.absolute().parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _ignored_here(finding: Finding, per_file_ignores: Sequence[tuple[str, frozenset[str]]]) -> bool:
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


def parse_source(
    display: str,
    language: Language,
    data: bytes,
    notifications: list[Notification],
    context_overrides: Sequence[ContextOverride] = (),
    exports: ExportLookup | None = None,
) -> FileFacts | None:
    """Decode and parse one file; problems become notifications, never exceptions.
    ``exports``: constants other files of the project define (the second phase)."""
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
            return _finish_checked(facts, "", display, notifications, context_overrides, exports)
        notifications.append(Notification(display, f"{error}; skipped"))
        return None
    facts = _guarded(display, notifications, lambda: frontend.parse(display, text, language))
    return _finish_checked(facts, text, display, notifications, context_overrides, exports)


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
    exports: ExportLookup | None = None,
) -> FileFacts | None:
    if facts is None:
        return None
    for problem in facts.problems:
        notifications.append(Notification(display, problem.message, span=problem.span))
    return finish(facts, text, context_overrides, exports)


def _run_rule(rule: FileRule, facts: FileFacts, outcome: FileOutcome) -> None:
    try:
        outcome.findings.extend(rule.check(facts))
    except Exception as error:  # report the bug, keep scanning
        outcome.internal_error = True
        outcome.notifications.append(
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
    runner: Runner,
    project_candidates: bool,
    grep: RepositoryGrep | None = None,
) -> None:
    """Project rules see the whole project. When the user named directories, those are the
    project; when they named files (as pre-commit does), the project is the repository the
    files live in, and findings are reported only on the named files.

    The rest of the repository is read only for the project rules' facts: its findings
    and notifications are not this run's. It is not read at all when no named file
    matches any project rule's keywords, since a rule can only report on such a file."""
    all_facts = dict(result.facts)
    if named_files and project_candidates:
        named = {source.display for source in discovery.files}
        others = [
            source
            for source in _project_files(rules.project_rules, root, options.excludes, grep)
            if source.display not in all_facts and source.display not in named
        ]
        for outcome in runner.run(others, Mode.PROJECT):
            if outcome.facts is not None:
                all_facts[outcome.display] = outcome.facts
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


def _project_files(
    project_rules: Sequence[ProjectRule],
    root: Path,
    excludes: Sequence[str],
    grep: RepositoryGrep | None = None,
) -> list[SourceFile]:
    """The repository files the project rules might want facts from: every file
    discovery would list, less those that cannot pass the project rules' prefilter.

    Listing and stat-ing a 5,000-file repository in Python, then looking each file up in
    the cache (or reading it), was most of a warm pre-commit run (benchmarks/PERF-NOTES.md).
    ``git grep`` does the "contains one of these literals" test in C over the same file
    set as discovery's ``git ls-files -co --exclude-standard`` (tracked and untracked
    files, ``.gitignore`` honoured), so only its few hits go through the normal pipeline,
    whose prefilter still decides exactly. Whenever that shortcut cannot be proven
    equivalent (no git, a rule without derivable literals, git failing), the whole
    repository is discovered as before. ``grep``: the search, started earlier (see
    ``RepositoryGrep``)."""
    if grep is None:
        grep = RepositoryGrep.start(root, _project_literals(project_rules))
    listed = None if grep is None else grep.names()
    if listed is not None:
        try:
            # Explicit file targets go through discovery's own checks (language, skipped
            # folders, excludes, regular files only), so the result is a subset of what
            # discovering the root would give, with the same display paths.
            return discover([root / name for name in listed], root, excludes).files
        except DiscoveryError:
            pass  # a file vanished since git listed it: list the repository instead
    return discover([root], root, excludes).files


def _project_literals(
    project_rules: Sequence[ProjectRule], derivations: Derivations | None = None
) -> list[bytes] | None:
    """Lower-case ASCII literals at least one of which every file passing some project
    rule's prefilter contains, or None when no such set is known. A rule's clauses must
    all match, so any one clause with derivable literals stands for the rule in a
    language; the conditions without a file suffix hold for every file of the language."""
    derive = (Derivations() if derivations is None else derivations).literals
    found: set[bytes] = set()
    for rule in project_rules:
        for language in rule.languages:
            clauses = [derive(clause) for clause in rule.prefilter_clauses(language)]
            literals = next((lits for lits in clauses if lits is not None), None)
            if not literals:
                return None
            found.update(literals)
    # Printable ASCII only: what ``bytes.lower`` and git's C-locale ``-i`` both fold alike.
    if not found or any(not lit or not all(32 <= b < 127 for b in lit) for lit in found):
        return None
    return sorted(found)


class RepositoryGrep:
    """``git grep`` for the files of a repository that contain one of the project rules'
    literals (see ``_project_files``), run in the background: a pre-commit run starts it
    before analysing the named files, so git searches the repository on the other core
    meanwhile."""

    def __init__(
        self, process: subprocess.Popen[bytes], root: Path, literals: Sequence[bytes]
    ) -> None:
        self._process = process
        self.root = root
        self.literals = frozenset(literals)

    def serves(self, root: Path, literals: Sequence[bytes]) -> bool:
        """Whether this search answers for ``literals`` in ``root``: it looks for all of
        them (more only lists more files, which the prefilter then turns down)."""
        return self.root == root and self.literals.issuperset(literals)

    @classmethod
    def start(cls, root: Path, literals: Sequence[bytes] | None) -> RepositoryGrep | None:
        """The running search for ``literals`` (see ``_project_literals``), or None when
        git cannot answer for discovery's file set (no work tree at ``root``, no
        literals, git missing)."""
        if literals is None or not (root / ".git").exists():
            # Discovery walks folders outside git; git grep might fall back to --no-index
            # (``grep.fallbackToNoIndex``), which lists files differently.
            return None
        patterns: list[bytes] = [*literals, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]
        # --no-recurse-submodules: ``submodule.recurse`` turns recursion on for grep, but
        # not for ls-files, which discovery uses.
        arguments = [b"grep", b"-l", b"-z", b"-a", b"-i", b"-F", b"--untracked", b"--no-textconv"]
        arguments += [b"--no-recurse-submodules"]
        # One core stays with brazelint, which analyses the named files meanwhile on one
        # thread: git's default (a thread per core) competed with it for the core, ~15 ms
        # of a ~225 ms pre-commit run on two cores (PERF-NOTES, fourth round).
        from brazelint.workers import default_jobs

        arguments += [b"--threads", str(max(1, default_jobs() - 1)).encode()]
        for pattern in patterns:
            arguments += [b"-e", pattern]
        arguments += [b"--", b"."]
        # C locale: byte-wise matching and ASCII-only case folding, like ``bytes.lower``.
        process = git.start(root, *arguments, extra_env={"LC_ALL": "C"})
        if process is None:
            return None
        return cls(process, root, literals)

    def names(self) -> list[str] | None:
        """Names (relative to the root) of the files ``git ls-files -co
        --exclude-standard`` would list that contain one of the literals (ASCII
        case-insensitively) or a UTF-16 byte-order mark (the prefilter searches UTF-16
        files re-encoded as UTF-8, which git cannot), or None when git could not answer."""
        try:
            stdout, stderr = self._process.communicate(timeout=60)
        except (OSError, subprocess.SubprocessError):
            self.cancel()
            return None
        code = self._process.returncode
        if code == 1 and not stdout and not stderr:
            return []  # git grep's "nothing matched"
        if code != 0:
            return None  # not a work tree, git missing, an unknown option
        names = stdout.decode("utf-8", "surrogateescape").split("\0")
        return [name for name in names if name]

    def cancel(self) -> None:
        """Stop the search if it still runs (a no-op once ``names`` has answered)."""
        if self._process.returncode is not None:
            return
        with contextlib.suppress(OSError):
            self._process.kill()
        with contextlib.suppress(OSError, ValueError, subprocess.SubprocessError):
            self._process.communicate()


def start_early_search(
    targets: Sequence[Path], root: Path, cache_dir: Path | None
) -> RepositoryGrep | None:
    """Start the project pass's repository search before the rules are even loaded, with
    the literals an earlier run of this brazelint recorded in the cache (None when there
    are none, or no file is named). Starting, loading and configuring brazelint take one
    core for ~100 ms of a ~250 ms pre-commit run while the other idles; the search ends
    there instead of competing with the analysis of the named files. ``scan`` checks the
    search serves it (same root, all of its literals) before using it."""
    if cache_dir is None or not any(target.is_file() for target in targets):
        return None
    from brazelint.cache import remembered_project_literals

    literals = remembered_project_literals(cache_dir)
    return None if literals is None else RepositoryGrep.start(root, literals)


def _note_skipped(discovery: Discovery, result: ScanResult) -> None:
    for path, reason in discovery.skipped:
        result.notifications.append(Notification(path, reason, NotificationLevel.NOTE))


#: The kind of passed-over path a file is when it is binary or not UTF-8 and no rule's
#: keywords match it (found by the analysis, beside discovery's own kinds).
UNDECODABLE = "undecodable"
#: What each kind of quietly passed-over path is called in its one notification.
_PASSED_OVER = {
    SYMLINK: "symbolic link(s) not followed",
    SUBMODULE_NOT_CHECKED_OUT: "git submodule(s) not checked out, so not scanned",
    UNDECODABLE: "binary or non-UTF-8 file(s) without Braze keywords skipped",
}
#: Paths a passed-over notification shows in text and SARIF (JSON lists all of them).
_SHOWN_PATHS = 3


def _note_passed_over(kinds: dict[str, list[str]], result: ScanResult) -> None:
    """One notification per kind of path left out on purpose, with a count and the first
    few paths: a tree with thousands of links must not flood the report."""
    for kind, paths in kinds.items():
        if not paths:
            continue
        paths = sorted(paths)
        shown = ", ".join(paths[:_SHOWN_PATHS])
        more = len(paths) - _SHOWN_PATHS
        message = f"{len(paths)} {_PASSED_OVER[kind]}: {shown}"
        if more > 0:
            message += f" and {more} more"
        result.notifications.append(
            Notification(None, message, NotificationLevel.NOTE, paths=tuple(paths))
        )
