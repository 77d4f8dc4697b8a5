"""The scan: discover → prefilter and analyse each file (``analyzer``, run by the
``workers`` with the ``cache``) → the second phase across files (``crossfile``) → project
rules → inline suppressions → per-file ignores → baseline.

Nothing here knows a language's syntax or a Braze rule. Modules import in one direction:
facts and analysis at the bottom, then ``analyzer``, ``cache``, ``workers``, and this module
on top."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brazelint import crossfile, suppressions
from brazelint.analyzer import (
    DEFAULT_FILE_MEMORY,
    DEFAULT_FILE_TIMEOUT,
    DEFAULT_MAX_FILE_BYTES,
    Analyzer,
    FileOutcome,
    FilePlan,
    Mode,
    RuleSet,
)
from brazelint.cache import remember_project_literals
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
from brazelint.facts import FileFacts, ProjectFacts
from brazelint.findings import Finding, Notification, NotificationLevel, Severity
from brazelint.prefilter import Derivations
from brazelint.repository_search import RepositoryGrep
from brazelint.rule import ProjectRule, RuleSettings
from brazelint.workers import Runner

if TYPE_CHECKING:
    from brazelint import baseline as baselines


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
    #: Keep every analysed file's whole facts in ``ScanResult.facts`` (the inventory reads
    #: them all), including the second phase's for wrapper call sites; no result cache
    #: then, since it holds slimmed facts. Off for ``check``, which needs only views.
    keep_facts: bool = False


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


def plan_for(options: ScanOptions) -> FilePlan:
    """What the per-file pipeline needs of a scan's options."""
    return FilePlan(
        enabled=frozenset(options.enabled),
        severity_overrides=tuple(sorted(options.severity_overrides.items())),
        settings=options.settings,
        max_file_bytes=options.max_file_bytes,
        context_overrides=tuple(options.context_overrides),
        file_timeout=options.file_timeout,
        file_memory=options.file_memory,
    )


def scan(options: ScanOptions, early_search: RepositoryGrep | None = None) -> ScanResult:
    """Scan what ``options`` name. ``early_search``: a repository search the caller started
    before the rules were known (see ``start_early_search``); used if it serves this scan,
    else stopped."""
    targets = options.targets or (Path.cwd(),)
    if options.stdin is not None:
        targets = (options.stdin[0],)
        root = options.root or find_root(_existing_folder(options.stdin[0]))
    else:
        root = options.root or find_root(targets[0].resolve())
    analyzer = Analyzer(plan_for(options))
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
        runner = cleanup.enter_context(
            Runner(analyzer, root, options.jobs, options.cache_dir, options.keep_facts)
        )
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

        crossfile.second_phase(
            analyzer, discovery.files, outcomes_seen, result, runner.cache, runner.slim
        )
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
            spans = [comment.span for comment in facts.comments]
            reports = [
                unused_rule.finding(
                    path,
                    d.span,
                    message,
                    fingerprint_key=key,
                    fix=suppressions.removal_fix(d, stale, facts.lines, spans),
                )
                for d, message, key, stale in suppressions.unused(directives, used, catalog)
            ]
            # Findings about suppressions can be silenced too (ignore-file[BRZ001]), but
            # that use is not counted: it would make the check circular.
            silenced += suppressions.silence(reports, directives)[0]
        by_path[path] = silenced
    result.findings = [finding for found in by_path.values() for finding in found]


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
    language, and the one least likely to occur is taken (``_likelihood``): BRZ405's
    ``events`` is in a third of a real app's files, its Braze keywords in 3 %; either
    gives a superset of what can pass, so the choice changes the cost, never the result.
    The conditions without a file suffix hold for every file of the language."""
    derive = (Derivations() if derivations is None else derivations).literals
    found: set[bytes] = set()
    for rule in project_rules:
        for language in rule.languages:
            clauses = [derive(clause) for clause in rule.prefilter_clauses(language)]
            known = [lits for lits in clauses if lits]
            if not known:
                return None
            found.update(min(known, key=_likelihood))
    # Printable ASCII only: what ``bytes.lower`` and git's C-locale ``-i`` both fold alike.
    if not found or any(not lit or not all(32 <= b < 127 for b in lit) for lit in found):
        return None
    return sorted(found)


#: Rough frequency (per thousand bytes) of each lower-cased byte in source code and its
#: English identifiers; anything else counts as 10. Only the order it gives matters.
_LETTERS = "etaoinsrhldcumfpgwybvkxjqz"
_LETTER_FREQUENCY = (120, 90, 80, 75, 70, 67, 63, 60, 45, 40, 38, 32, 28, 25, 22, 20, 20, 18)
_LETTER_FREQUENCY += (18, 15, 10, 8, 3, 2, 1.5, 1)
_BYTE_FREQUENCY = {ord(c): f for c, f in zip(_LETTERS, _LETTER_FREQUENCY, strict=True)}


def _likelihood(literals: frozenset[bytes]) -> float:
    """An estimate of how often a file holds one of ``literals``: the sum over them of the
    product of their bytes' frequencies (``braze`` ≈ 9e-9, ``events`` ≈ 5e-8)."""
    total = 0.0
    for literal in literals:
        chance = 1.0
        for byte in literal:
            chance *= _BYTE_FREQUENCY.get(byte, 10.0) / 1000
        total += chance
    return total


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
