"""What the language server knows of one workspace folder: its configuration, found as
the CLI finds it, and every file's analysis, from the editor's buffer when the file is
open and from disk otherwise; from those, each file's findings as the CLI would report
them (project rules over all files, inline suppressions, per-file ignores, redaction).

No LSP types here: the model is plain brazelint, so it can be tested without a client.
Only the server's event loop calls it (analysis itself happens elsewhere, see
brazelint/server/analysis.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brazelint.analysis.project import module_paths
from brazelint.analysis.wrappers import Wrapper
from brazelint.analyzer import (
    DEFAULT_FILE_MEMORY,
    DEFAULT_FILE_TIMEOUT,
    DEFAULT_MAX_FILE_BYTES,
    FileOutcome,
    FilePlan,
    RuleSet,
)
from brazelint.catalog import CatalogEntry
from brazelint.config import (
    Config,
    ConfigError,
    Layer,
    find_config,
    load_file,
    parse_layer,
    resolve,
)
from brazelint.crossfile import CrossFile
from brazelint.discover import SourceFile, classify, discover, find_root, matches_glob
from brazelint.engine import ScanResult, _apply_suppressions
from brazelint.facts import FileFacts, ProjectFacts
from brazelint.findings import Finding, Notification
from brazelint.redact import detected_secrets, redact_result

#: The client settings keys: those of ``[tool.brazelint]`` (``Layer``'s fields).
SETTING_KEYS = frozenset(
    f.name.replace("_", "-") for f in dataclasses.fields(Layer) if f.name not in ("source", "base")
)
#: How editor settings and configuration files combine, as in ruff's server.
PREFERENCES = ("editorFirst", "filesystemFirst", "editorOnly")
CLIENT_SOURCE = "editor settings"


@dataclass(frozen=True)
class ClientSettings:
    """What the editor sends (``initializationOptions.settings`` or
    ``workspace/didChangeConfiguration``): configuration keys as in ``[tool.brazelint]``,
    and ``configurationPreference``."""

    table: Mapping[str, Any] = field(default_factory=dict)
    preference: str = "editorFirst"

    @classmethod
    def parse(cls, raw: object) -> tuple[ClientSettings, list[str]]:
        """The settings in ``raw`` and a message for each key that is not one; a wrong
        key is dropped, never the rest."""
        if not isinstance(raw, Mapping):
            return cls(), ([] if raw is None else [f"{CLIENT_SOURCE}: expected an object"])
        problems = []
        table = {}
        preference = "editorFirst"
        for key, value in raw.items():
            if key == "configurationPreference":
                if value in PREFERENCES:
                    preference = value
                else:
                    problems.append(
                        f"{CLIENT_SOURCE}: configurationPreference must be one of "
                        f"{', '.join(PREFERENCES)}, got {value!r}"
                    )
            elif key in SETTING_KEYS:
                table[key] = value
            else:
                problems.append(
                    f"{CLIENT_SOURCE}: unknown key {key!r}; allowed keys: "
                    f"configurationPreference, {', '.join(sorted(SETTING_KEYS))}"
                )
        return cls(table, preference), problems


def configure(
    folder: Path, settings: ClientSettings, catalog: Mapping[str, CatalogEntry]
) -> tuple[Config, Path, list[str]]:
    """The configuration and scan root for ``folder``, as the CLI would find them for a
    scan of it, with the editor's settings layered as ``settings.preference`` says; and
    the problems met (a broken file or setting is left out, the rest applies)."""
    root = find_root(folder)
    problems: list[str] = []
    layers: list[Layer] = []
    found = None if settings.preference == "editorOnly" else _find_config(folder, problems)
    if found is not None:
        config_folder = found.absolute().parent
        if not (root / ".git").exists() and config_folder in root.parents:
            root = config_folder  # the CLI's rule: outside git the config's folder is the root
        try:
            base = config_folder.relative_to(root).as_posix()
        except ValueError:
            base = ""
        try:
            layers.append(load_file(found, catalog, base="" if base == "." else base))
        except ConfigError as error:
            problems.append(str(error))
    if settings.table:
        try:
            client = parse_layer(
                settings.table,
                source=CLIENT_SOURCE,
                name=lambda key: f"{CLIENT_SOURCE}: key {key!r}",
                catalog=catalog,
                folder=folder,  # a relative `tracking-plan` is the workspace's
            )
        except ConfigError as error:
            problems.append(str(error))
        else:
            if settings.preference == "filesystemFirst":
                layers.insert(0, client)
            else:
                layers.append(client)
    return resolve(layers, catalog), root, problems


def _find_config(folder: Path, problems: list[str]) -> Path | None:
    try:
        return find_config(folder)
    except ConfigError as error:  # an unreadable pyproject.toml on the way up
        problems.append(str(error))
        return None


def plan_of(config: Config) -> FilePlan:
    """The per-file plan of a configuration, with the CLI's default budgets."""
    return FilePlan(
        enabled=frozenset(config.enabled),
        severity_overrides=tuple(sorted(config.severity_overrides.items())),
        settings=config.settings,
        max_file_bytes=DEFAULT_MAX_FILE_BYTES,
        context_overrides=tuple(config.context_overrides),
        file_timeout=DEFAULT_FILE_TIMEOUT,
        file_memory=DEFAULT_FILE_MEMORY,
    )


@dataclass
class FileReport:
    """What one file shows: its visible findings and the notifications about it."""

    findings: list[Finding] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


class Workspace:
    """One workspace folder's configuration and analyses."""

    def __init__(
        self, folder: Path, settings: ClientSettings, catalog: Mapping[str, CatalogEntry]
    ) -> None:
        self.folder = folder
        self.catalog = catalog
        self.outcomes: dict[str, FileOutcome] = {}
        #: Every file of the workspace the scan found, and buffers opened since.
        self.files: dict[str, SourceFile] = {}
        #: The second phase's findings and facts by path (brazelint/crossfile.py): of the
        #: files that call another file's wrapper or import its constants.
        self.cross_findings: dict[str, list[Finding]] = {}
        self.cross_facts: dict[str, FileFacts] = {}
        #: The files whose second-phase findings replace their first-phase ones.
        self.cross_replaced: set[str] = set()
        #: The wrappers the second phase last ran over the whole workspace with; None
        #: before it has.
        self.cross_wrappers: tuple[Wrapper, ...] | None = None
        self.problems: list[str] = []
        #: The project rules' findings by path; None when they must be computed again.
        self.project: dict[str, list[Finding]] | None = None
        self.config, self.root, self.problems = configure(folder, settings, catalog)
        self._configured()

    def reconfigure(self, settings: ClientSettings) -> bool:
        """Find and apply the configuration again; True when it changed, in any way (the
        workspace is then empty and must be scanned again: excludes change which files
        there are, the plan what each one yields, per-file ignores what is shown)."""
        config, root, self.problems = configure(self.folder, settings, self.catalog)
        if config == self.config and root == self.root:
            return False
        self.config, self.root = config, root
        self._configured()
        return True

    def _configured(self) -> None:
        self.plan = plan_of(self.config)
        self.rules = RuleSet(
            self.plan.enabled, dict(self.plan.severity_overrides), self.plan.settings
        )
        self.project_ids = frozenset(rule.id for rule in self.rules.project_rules)
        self.outcomes.clear()
        self.files.clear()
        self._clear_cross()
        self.project = None

    def _clear_cross(self) -> None:
        self.cross_findings.clear()
        self.cross_facts.clear()
        self.cross_replaced.clear()
        self.cross_wrappers = None

    def contains(self, path: Path) -> bool:
        return path == self.root or self.root in path.parents

    def source_for(self, path: Path) -> SourceFile | None:
        """``path`` as a file this workspace analyses; None when brazelint does not read
        such a file or the configuration excludes it."""
        return classify(path.absolute(), self.root, self.config.excludes)

    def discover(self) -> list[SourceFile]:
        """Every file of the workspace the CLI would scan (git's listing where there is
        one, so ``.gitignore`` is honoured)."""
        return discover([self.root], self.root, self.config.excludes).files

    # --- the second phase --------------------------------------------------------------------

    def cross_outcomes(self) -> list[FileOutcome]:
        """The first-phase outcomes the second phase starts from."""
        return [o for o in self.outcomes.values() if o.wrappers or o.wants_exports]

    def wrappers(self) -> tuple[Wrapper, ...]:
        return tuple(w for outcome in self.cross_outcomes() for w in outcome.wrappers)

    def cross_targets(
        self, display: str, data: bytes | None, whole: bool = True
    ) -> frozenset[str] | None:
        """The files the second phase must analyse again now that ``display`` changed
        (its new first-phase outcome stored; ``data``: its text, None if unknown): None
        for every file (the set of wrappers changed, so any file may call them), else the
        changed file when it calls a wrapper, imports constants or did either before, and
        the files importing constants from it; empty when there is nothing to do.
        ``whole=False``: never None (the changed file's own share, even when the wrappers
        changed; the rest of the workspace is the caller's to refresh later)."""
        known = self.wrappers()
        if whole and known != self.cross_wrappers:
            return None
        targets: set[str] = set()
        if display in self.cross_facts or display in self.cross_findings:
            targets.add(display)
        outcome = self.outcomes.get(display)
        if outcome is not None and outcome.wants_exports:
            targets.add(display)
        calls_one = data is None or any(
            w.path != display and w.name and w.name.encode() in data for w in known
        )
        if known and calls_one:
            targets.add(display)
        for importer in self.outcomes.values():
            if not importer.wants_exports:
                continue
            source = self.files.get(importer.display)
            language = source.language if source is not None else None
            if language is None and importer.facts is not None:
                language = importer.facts.language
            if language is not None and any(
                display in module_paths(importer.display, module, language)
                for module in importer.wants_exports
            ):
                targets.add(importer.display)
        return frozenset(targets)

    def store_cross(
        self, found: CrossFile, only: frozenset[str] | None, wrappers: tuple[Wrapper, ...]
    ) -> bool:
        """Keep what the second phase found for ``only`` (None: for every file, computed
        with ``wrappers``); True when a file's second-phase facts changed, which project
        rules read."""
        if only is None:
            before = dict(self.cross_facts)
            self._clear_cross()
            self.cross_wrappers = wrappers
        else:
            before = {d: self.cross_facts[d] for d in only if d in self.cross_facts}
            for display in only:
                self.cross_findings.pop(display, None)
                self.cross_facts.pop(display, None)
                self.cross_replaced.discard(display)
        for finding in found.findings:
            self.cross_findings.setdefault(finding.path, []).append(finding)
        self.cross_facts.update(found.facts)
        self.cross_replaced |= found.replaced
        after = {d: f for d, f in self.cross_facts.items() if only is None or d in only}
        return before != after

    def store(self, outcome: FileOutcome) -> bool:
        """Keep a file's new outcome; True when project rules must run again (the file
        matched a project rule's keywords before or now)."""
        before = self.outcomes.get(outcome.display)
        self.outcomes[outcome.display] = outcome
        return self._matters_to_project(before) or self._matters_to_project(outcome)

    def forget(self, display: str) -> bool:
        """A file whose analysis says nothing now (or that is gone); True when project
        rules must run again."""
        return self._matters_to_project(self.outcomes.pop(display, None))

    def _matters_to_project(self, outcome: FileOutcome | None) -> bool:
        return outcome is not None and not self.project_ids.isdisjoint(outcome.rule_ids)

    def project_findings(self) -> tuple[dict[str, list[Finding]], list[str]]:
        """The project rules' findings over every file, by path (suppressions not yet
        applied), and a message for each rule that failed: a rule's bug costs that rule's
        findings only."""
        facts = self._all_facts()
        project = ProjectFacts(
            files=tuple(facts[path] for path in sorted(facts)), reportable=frozenset(facts)
        )
        by_path: dict[str, list[Finding]] = {}
        problems = []
        for rule in self.rules.project_rules:
            try:
                found = list(rule.check_project(project))
            except Exception as error:
                problems.append(
                    f"internal error in rule {rule.id} ({type(error).__name__}: {error})"
                )
                continue
            for finding in found:
                by_path.setdefault(finding.path, []).append(finding)
        return by_path, problems

    def _secrets(self) -> frozenset[str]:
        """Every key the secret rules found in the workspace: as in the CLI, a key found in
        one file is kept out of what any file shows."""
        marked = [
            outcome
            for outcome in self.outcomes.values()
            if outcome.facts is not None
            and any(f.extra.get("redact_snippet") == "1" for f in outcome.findings)
        ]
        if not marked:
            return frozenset()
        findings = [f for outcome in marked for f in outcome.findings]
        facts = {o.display: o.facts for o in marked if o.facts is not None}
        return detected_secrets(findings, facts)

    def _all_facts(self) -> dict[str, FileFacts]:
        """Each file's facts as the project rules see them: the second phase's where it
        analysed the file again (calls through wrappers, constants resolved)."""
        facts = {
            display: outcome.facts
            for display, outcome in self.outcomes.items()
            if outcome.facts is not None
        }
        facts.update(self.cross_facts)
        return facts

    def report(
        self, displays: Iterable[str], project: Mapping[str, list[Finding]]
    ) -> dict[str, FileReport]:
        """What each of ``displays`` shows, as the CLI would report it: file and project
        findings, inline suppressions applied (and BRZ001 for unused ones), per-file
        ignores, secrets redacted; only the findings nobody silenced."""
        wanted = [
            d
            for d in displays
            if d in self.outcomes or d in self.cross_facts or d in self.cross_findings
        ]
        result = ScanResult(root=self.root)
        for display in wanted:
            outcome = self.outcomes.get(display, FileOutcome(display))
            if display not in self.cross_replaced:
                result.findings.extend(outcome.findings)
            result.findings.extend(self.cross_findings.get(display, ()))
            result.findings.extend(project.get(display, ()))
            result.notifications.extend(outcome.notifications)
            facts = self.cross_facts.get(display, outcome.facts)
            if facts is not None:
                result.facts[display] = facts
                result.lines[display] = facts.lines
        _apply_suppressions(self.rules, result)
        ignores = self.config.per_file_ignores
        findings = [
            f
            for f in result.findings
            if f.suppressed_by is None
            and not any(f.rule_id in ids and matches_glob(f.path, glob) for glob, ids in ignores)
        ]
        notifications = result.notifications
        if findings or notifications:
            findings, notifications = redact_result(
                findings, notifications, result.facts, result.lines, self._secrets()
            )
        reports = {display: FileReport() for display in wanted}
        for finding in sorted(findings, key=lambda f: (f.span.line, f.span.col, f.rule_id)):
            reports[finding.path].findings.append(finding)
        for notification in notifications:
            if notification.path in reports:
                reports[notification.path].notifications.append(notification)
        return reports


def is_skip_notice(notification: Notification) -> bool:
    """A notification saying the whole file was not analysed (too big, over budget, not
    UTF-8: the CLI's "…; skipped"), which the editor shows on the file; the others (parse
    problems at a place in the file, a rule's internal error) are for the log, as the
    language's own server reports syntax errors."""
    return notification.span is None and "; skipped" in notification.message
