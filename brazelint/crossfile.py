"""The scan's second phase (see ``brazelint.analysis.project``): the modules Braze files
import constants from are parsed, and the files that want those constants or name a wrapper
of another file are analysed again with them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

from brazelint.analysis.project import (
    LOCK_FILES,
    VERSIONED_SDKS,
    Exports,
    constants_of,
    module_paths,
    resource_candidates,
)
from brazelint.analysis.wrappers import Wrapper
from brazelint.analyzer import Analyzer, FileOutcome, Slimmer, parse_source
from brazelint.cache import ResultCache
from brazelint.discover import SourceFile
from brazelint.facts import ConfigEntry, FileFacts, Value
from brazelint.findings import Finding, Notification
from brazelint.frontends.manifest import MAX_LOCK_CHARS, locked_versions
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.pickling import dumps
from brazelint.prefilter import LiteralSearch

if TYPE_CHECKING:
    from brazelint.engine import ScanResult  # the scan calls this module with its result

#: Languages whose wrappers are reached through an import of their module.
_MODULE_LANGUAGES = frozenset(
    {Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX, Language.PYTHON}
)
#: Files larger than this are not read for wrapper names (generated bundles).
MAX_CALL_SITE_BYTES = 2 * 1024 * 1024


class CrossCache(Protocol):
    """What this phase asks of a cache: ``ResultCache``'s lookup by digest and store (the
    language server keeps one in memory)."""

    def by_digest(
        self, source: SourceFile, digest: str, signature: tuple[int, ...] | None
    ) -> FileOutcome | None: ...

    def store(
        self,
        source: SourceFile,
        signature: tuple[int, ...] | None,
        digest: str | None,
        outcome: FileOutcome,
    ) -> None: ...


@dataclass
class CrossFile:
    """What the second phase found: the findings of the files it analysed again, their
    facts (as project rules should see them), and which files' first-phase findings these
    replace (those seen with their constants; a wrapper's call site only adds findings)."""

    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, FileFacts] = field(default_factory=dict)
    replaced: set[str] = field(default_factory=set)
    notifications: list[Notification] = field(default_factory=list)
    internal_error: bool = False


def second_phase(
    analyzer: Analyzer,
    files: Sequence[SourceFile],
    outcomes: Sequence[FileOutcome],
    result: ScanResult,
    cache: ResultCache | None = None,
    slim: Slimmer | None = None,
    context: dict[str, FileFacts] | None = None,
    reportable: frozenset[str] | None = None,
    locate: Callable[[str], SourceFile | None] | None = None,
) -> None:
    """See the module docstring and :func:`cross_file`; its findings and facts go into
    ``result``."""
    found = cross_file(
        analyzer,
        files,
        outcomes,
        cache,
        slim,
        context=context,
        reportable=reportable,
        locate=locate,
    )
    result.internal_error |= found.internal_error
    result.notifications.extend(found.notifications)
    for display, facts in found.facts.items():
        if display not in result.facts:
            result.files_parsed += 1
        result.facts[display] = facts
        result.lines[display] = facts.lines
    if found.replaced:
        result.findings = [f for f in result.findings if f.path not in found.replaced]
    result.findings.extend(found.findings)


def cross_file(
    analyzer: Analyzer,
    files: Sequence[SourceFile],
    outcomes: Sequence[FileOutcome],
    cache: CrossCache | None = None,
    slim: Slimmer | None = None,
    read: Callable[[SourceFile], bytes | None] | None = None,
    only: Collection[str] | None = None,
    context: dict[str, FileFacts] | None = None,
    reportable: frozenset[str] | None = None,
    locate: Callable[[str], SourceFile | None] | None = None,
) -> CrossFile:
    """See the module docstring. ``outcomes``: the first phase's outcomes that have
    wrappers or want exports. ``cache`` keeps this phase's outcomes keyed on the file's
    bytes *and* on the summaries it was analysed with, so a changed wrapper or constant
    re-checks its call sites and an unchanged project costs no parse. ``slim``: what a
    re-analysed file's facts are cut down to, as in the first phase; a call site of
    another file's wrapper keeps its facts when they have findings or ``slim`` keeps
    something of them (a project rule's view, or the whole facts for the inventory), so
    that project rules see calls made through wrappers. ``read``: a file's bytes (the
    disk's by default; the language server's open buffers first). ``only``: analyse
    again only these files (the language server's refresh after one file changed), the
    others still providing wrappers and constants.

    ``context``: in a run on named files, the facts of the repository's other files, which
    project rules read. Those of ``files`` not in ``reportable`` (the named files) are
    analysed here too, with every file's wrappers and constants, but only their facts are
    kept, in ``context``: their findings and notifications are not this run's. ``locate``:
    the source file at a display path that is not in ``files`` (a module of constants the
    named files import), or None when there is none."""
    read = read or read_from_disk
    found_phase = CrossFile()
    known: list[Wrapper] = [w for outcome in outcomes for w in outcome.wrappers]
    wanting = {
        o.display: o.wants_exports
        for o in outcomes
        if o.wants_exports and (only is None or o.display in only)
    }
    if not known and not wanting:
        return found_phase
    by_display = {source.display: source for source in files}
    exports = _exports(wanting, by_display, cache, read, locate) if wanting else None
    wrappers_key = dumps(tuple(known))
    # Each wrapper under its longest needle (its module's name, or ``Owner.name``): a file
    # is looked at for the few wrappers whose key it holds, not for every wrapper of a
    # common name (a 50k-file app has thousands of ``track`` wrappers; looping over all of
    # them in every file that says "track" made this phase grow with files × wrappers).
    # Wrappers with the same needles (``MainApplication.identify`` in every flavour of an
    # app) are checked once, then for being in another file.
    by_key: dict[bytes, dict[tuple[bytes, ...], set[str]]] = {}
    for wrapper in known:
        if wrapper.name:
            wanted = _needles(wrapper)
            same = by_key.setdefault(max(wanted, key=len).lower(), {})
            same.setdefault(wanted, set()).add(wrapper.path)
    # One search of each file for every key (lowered: the search is the prefilter's,
    # case-insensitive; the needles below are exact). It reports the keys that hold no
    # other key; a longer key is looked for itself where the search found anything.
    keys = LiteralSearch(frozenset(by_key)) if by_key else None
    longer = [key for key in by_key if keys is not None and key in keys.longer_literals()]
    # A wrapper is called from its own language family only (read no other files for it).
    callers = frozenset(language for wrapper in known for language in _family(wrapper.language))
    for source in files:
        if source.language not in CODE_LANGUAGES and source.display not in wanting:
            continue
        if only is not None and source.display not in only:
            continue
        if source.language not in callers and source.display not in wanting:
            continue
        # A file whose wanted modules define no constants learns nothing here.
        for_exports = (
            source.display in wanting
            and exports is not None
            and bool(exports.used_by(source.display))
        )
        data = read(source) if (for_exports or keys) else None
        if data is None:
            continue
        present: set[bytes] = set()
        if keys is not None:
            lowered = data.lower()
            present = keys.found(lowered)
            if present:
                present.update(key for key in longer if key in lowered)
        calls_wrapper = any(
            all(n in data for n in wanted) and bool(paths - {source.display})
            for key in present
            for wanted, paths in by_key[key].items()
        )
        if not for_exports and not calls_wrapper:
            continue
        summaries = wrappers_key + (exports.used_by(source.display) if exports else b"")
        outcome = _reanalyzed(analyzer, source, data, known, exports, summaries, cache)
        if context is not None and reportable is not None and source.display not in reportable:
            # A file of the repository around the named ones: its facts only.
            if outcome.facts is not None:
                kept_facts = outcome.facts
                if slim is not None:
                    kept_facts = slim(FileOutcome(source.display, facts=outcome.facts)).facts
                if kept_facts is not None:
                    context[source.display] = kept_facts
            continue
        if outcome.internal_error:
            found_phase.internal_error = True
            found_phase.notifications.extend(outcome.notifications)
        facts = outcome.facts
        if facts is None:
            continue
        if for_exports:
            # Seen with its constants: this phase's findings replace the first's.
            found_phase.replaced.add(source.display)
            kept = outcome.findings
        else:
            kept = [f for f in outcome.findings if _through_other_file(f, facts)]
        if slim is not None:
            slimmed = slim(FileOutcome(source.display, facts=facts, findings=kept)).facts
            if slimmed is None and not kept and not for_exports:
                continue
            facts = slimmed if slimmed is not None else facts
        elif not kept and not for_exports:
            continue
        found_phase.findings.extend(kept)
        found_phase.facts[source.display] = facts
    return found_phase


_FAMILIES = (
    frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX}),
    frozenset({Language.KOTLIN, Language.JAVA}),
    frozenset({Language.SWIFT, Language.OBJECTIVE_C}),
)


def _family(language: Language) -> frozenset[Language]:
    """The languages that can call a function written in ``language``."""
    return next((family for family in _FAMILIES if language in family), frozenset({language}))


def _needles(wrapper: Wrapper) -> tuple[bytes, ...]:
    """Bytes every file calling ``wrapper`` from another file holds: its name with the
    module it is imported from (JS/TS, Python) or the type it is called on (Kotlin, Java,
    Swift), so that a common name (``track``) does not send every file to this phase."""
    name = wrapper.name.encode()
    if wrapper.language in _MODULE_LANGUAGES:
        stem = PurePosixPath(wrapper.path).stem
        if stem in ("index", "__init__"):
            stem = PurePosixPath(wrapper.path).parent.name
        return (name, stem.encode())
    if wrapper.owner is not None:
        return (f"{wrapper.owner}.{wrapper.name}".encode(),)
    return (name + b"(",)


def _reanalyzed(
    analyzer: Analyzer,
    source: SourceFile,
    data: bytes,
    known: Sequence[Wrapper],
    exports: Exports | None,
    summaries: bytes,
    cache: CrossCache | None,
) -> FileOutcome:
    if cache is None:
        return analyzer.reanalyze(source, data, known, exports)
    key = _phase_key(source, "cross-file")
    digest = ResultCache.digest(data + b"\0" + summaries)
    cached = cache.by_digest(key, digest, None)
    if cached is not None:
        return replace(cached, display=source.display)
    outcome = analyzer.reanalyze(source, data, known, exports)
    cache.store(key, ResultCache.signature(source), digest, replace(outcome, display=key.display))
    return outcome


def _phase_key(source: SourceFile, phase: str) -> SourceFile:
    """The cache entry of ``source``'s outcome in a later phase (beside the first's)."""
    return SourceFile(source.fspath, f"{source.display}#{phase}", source.language)


def _exports(
    wanting: dict[str, tuple[str, ...]],
    by_display: dict[str, SourceFile],
    cache: CrossCache | None,
    read: Callable[[SourceFile], bytes | None],
    locate: Callable[[str], SourceFile | None] | None = None,
) -> Exports:
    by_path: dict[str, dict[str, Value]] = {}
    languages: dict[str, Language] = {}
    resources: dict[str, list[tuple[str, dict[str, ConfigEntry]]]] = {}
    locked: dict[str, dict[str, tuple[str, str]]] = {}
    resource_files = [s.display for s in by_display.values() if s.language is Language.ANDROID_XML]
    entries_of: dict[str, dict[str, ConfigEntry]] = {}
    for importer, modules in wanting.items():
        source = by_display.get(importer)
        if source is None:
            continue
        languages[importer] = source.language
        if source.language is Language.MANIFEST:
            found_locks = _locked(source, read)
            if found_locks:
                locked[importer] = found_locks
            continue
        if source.language is Language.ANDROID_XML:
            found = []
            for path in resource_candidates(importer, resource_files):
                if path not in entries_of:
                    facts = _module_facts(by_display[path], cache, read)
                    entries_of[path] = {e.key: e for e in facts.config} if facts else {}
                if entries_of[path]:
                    found.append((path, entries_of[path]))
            if found:
                resources[importer] = found
            continue
        for module in modules:
            for path in module_paths(importer, module, source.language):
                target = by_display.get(path)
                if target is None and locate is not None:
                    target = locate(path)
                if target is None or path in by_path:
                    continue
                facts = _module_facts(target, cache, read)
                if facts is not None:
                    by_path[path] = constants_of(facts)
                break
    exports = Exports(by_path, languages, wanting, resources)
    exports.locked = locked
    return exports


def _locked(
    manifest: SourceFile, read: Callable[[SourceFile], bytes | None]
) -> dict[str, tuple[str, str]]:
    """The versions the lock file beside ``manifest`` installed for its version-decided
    Braze SDKs, with the lock file's repository path. Lock files are not discovered (no
    rule reads them on their own): the first that exists beside the manifest is read."""
    name = PurePosixPath(manifest.display).name
    facts = _module_facts(manifest, None, read)
    if facts is None:
        return {}
    keys = {entry.key for entry in facts.config if entry.key in VERSIONED_SDKS}
    folder = PurePosixPath(manifest.display).parent
    for lock_name in LOCK_FILES.get(name, ()):
        lock = Path(manifest.fspath).parent / lock_name
        try:
            with open(lock, "rb") as handle:
                data = handle.read(MAX_LOCK_CHARS + 1)
        except OSError:
            continue
        text = data.decode("utf-8", "replace")
        shown = (folder / lock_name).as_posix() if str(folder) != "." else lock_name
        versions = locked_versions(lock_name, text, keys)
        return {key: (shown, version) for key, version in versions.items()}
    return {}


def _module_facts(
    source: SourceFile,
    cache: CrossCache | None,
    read: Callable[[SourceFile], bytes | None],
) -> FileFacts | None:
    """A module's facts, for its constants (from the cache when its bytes are unchanged)."""
    data = read(source)
    if data is None:
        return None
    key = _phase_key(source, "constants")
    digest = ResultCache.digest(data)
    cached = cache.by_digest(key, digest, None) if cache is not None else None
    if cached is not None:
        return cached.facts
    facts = parse_source(source.display, source.language, data, [])
    if cache is not None and facts is not None:
        outcome = FileOutcome(key.display, facts=facts, parsed=True)
        cache.store(key, ResultCache.signature(source), digest, outcome)
    return facts


def _through_other_file(finding: Finding, facts: FileFacts) -> bool:
    span = finding.span
    for call in facts.calls:
        via = call.via
        if via is None or via.path == facts.path:
            continue
        if (span.line, span.col) >= (call.span.line, call.span.col) and (
            span.end_line,
            span.end_col,
        ) <= (call.span.end_line, call.span.end_col):
            return True
    return False


def read_from_disk(source: SourceFile) -> bytes | None:
    """A file's bytes for this phase; None when unreadable or larger than a call site
    can be (a generated bundle)."""
    try:
        with open(source.fspath, "rb") as handle:
            data = handle.read(MAX_CALL_SITE_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > MAX_CALL_SITE_BYTES else data
