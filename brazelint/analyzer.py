"""The per-file pipeline: prefilter, decode, parse, finish facts (the analysis core), file
rules. :class:`Analyzer` is pure with respect to its inputs, so the same plan, path and bytes
give the same outcome in this process, a worker process or the cache. Below it: facts,
frontends, the analysis passes and the rules; above it: the cache, the runner and the scan.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from brazelint import budget, suppressions
from brazelint.analysis import project, wrappers
from brazelint.analysis.values import ExportLookup
from brazelint.analysis.wrappers import Wrapper
from brazelint.budget import Budget
from brazelint.catalog import load_catalog
from brazelint.context import ContextOverride
from brazelint.discover import SourceFile
from brazelint.facts import FileFacts, merge_views
from brazelint.findings import Finding, Notification, NotificationLevel, Severity
from brazelint.frontends import FrontendUnavailable, frontend_for
from brazelint.languages import Language
from brazelint.prefilter import Derivations, LiteralSearch, Prefilter, file_suffix, mentions_braze
from brazelint.resolve import finish
from brazelint.rule import FileRule, ProjectRule, Rule, RuleSettings
from brazelint.rules import rule_classes
from brazelint.source import UndecodableSource, decode, undecodable

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024


#: Seconds one file may take to parse and check before it is skipped with a notification.
DEFAULT_FILE_TIMEOUT = 20.0


#: What one file may add to the process's memory while it is analysed (no real source file
#: needs a tenth of it; the runaway parses of issue 17 grew past 1.3 GB).
DEFAULT_FILE_MEMORY = 512 * 1024 * 1024


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
            if cls is None or not cls.applies(settings):
                continue  # catalogued but not implemented yet, or with nothing to check
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
    #: Literals, matched case-sensitively: a file holding one is parsed even when no rule's
    #: keywords match it (no file rule then runs on it). ``brazelint inventory`` lists calls
    #: no rule looks for (``setEmail``, ``addAlias``: SDK names, whose case is fixed). Every
    #: file no rule wants is searched, so it is one pass (``LiteralSearch``) over the bytes
    #: as they are, without the lower-cased copy a case-insensitive search needs.
    parse_also: tuple[bytes, ...] = ()

    @property
    def budget(self) -> Budget:
        return Budget(self.file_timeout, self.file_memory)


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
        self._parse_also: LiteralSearch | None = None

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
        if not rule_ids and not self._parse_anyway(data, mode):
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

    def _parse_anyway(self, data: bytes, mode: Mode) -> bool:
        """Whether a file no rule wants is parsed all the same (``FilePlan.parse_also``)."""
        if mode is not Mode.FULL or not self.plan.parse_also:
            return False
        if self._parse_also is None:
            self._parse_also = LiteralSearch(frozenset(self.plan.parse_also))
        return bool(self._parse_also.found(_keyword_bytes(data)))

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
                if exports is not None and source.language is Language.ANDROID_XML:
                    facts = exports.resolve_resources(facts)
                if exports is not None and source.language is Language.MANIFEST:
                    facts = exports.resolve_locked(facts)
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
        except Exception as error:  # a bug here must not end the scan of the other files
            outcome.facts = None
            outcome.internal_error = True
            outcome.notifications.append(
                Notification(
                    source.display,
                    "internal error in the cross-file analysis "
                    f"({type(error).__name__}: {error}); its first analysis stands",
                    NotificationLevel.ERROR,
                )
            )
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
    #: Keep every file's whole facts (``brazelint inventory`` reads all of them); a
    #: normal check leaves it off.
    keep_whole: bool = False

    def __call__(self, outcome: FileOutcome) -> FileOutcome:
        facts = outcome.facts
        if (
            self.keep_whole
            or facts is None
            or any(finding.extra.get("redact_snippet") == "1" for finding in outcome.findings)
        ):
            return outcome
        views = [view for rule in self.project_rules if (view := _view(rule, facts)) is not None]
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
    notifications.extend(_problem_notifications(facts, text, display))
    try:
        return finish(facts, text, context_overrides, exports)
    except Exception as error:  # an analysis bug must not end the scan (budget.Exceeded is
        # a BaseException, so the budget still stops the file)
        notifications.append(
            Notification(
                display,
                f"internal error while analysing ({type(error).__name__}: {error}); skipped",
                NotificationLevel.ERROR,
            )
        )
        return None


#: The message of a ``ParseProblem`` a grammar gives for code it could not parse.
SYNTAX_ERROR = "syntax error"


def _problem_notifications(facts: FileFacts, text: str, display: str) -> list[Notification]:
    """A file's parse problems as notifications. Syntax errors say so once, in one line at
    the first of them, and only when the file mentions Braze: a file that passed the
    prefilter for another keyword (``{{``, ``logger``) and that a grammar cannot read is
    noise to whoever reads the scan (the rest of the file was read all the same)."""
    notifications = []
    syntax = []
    for problem in facts.problems:
        if problem.message == SYNTAX_ERROR:
            syntax.append(problem)
        else:
            notifications.append(Notification(display, problem.message, span=problem.span))
    if syntax and mentions_braze(text):
        more = len(syntax) - 1
        message = SYNTAX_ERROR
        if more:
            places = "place" if more == 1 else "places"
            message = f"{SYNTAX_ERROR} (and {more} other {places}); the rest was read"
        notifications.insert(0, Notification(display, message, span=syntax[0].span))
    return notifications


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
