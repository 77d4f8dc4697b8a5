"""The scan's second phase (see ``brazelint.analysis.project``): the modules Braze files
import constants from are parsed, and the files that want those constants or name a wrapper
of another file are analysed again with them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

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
from brazelint.findings import Finding
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
_MAX_CALL_SITE_BYTES = 2 * 1024 * 1024


def second_phase(
    analyzer: Analyzer,
    files: Sequence[SourceFile],
    outcomes: Sequence[FileOutcome],
    result: ScanResult,
    cache: ResultCache | None = None,
    slim: Slimmer | None = None,
) -> None:
    """See the module docstring. ``outcomes``: the first phase's outcomes that have
    wrappers or want exports. ``cache`` keeps this phase's outcomes keyed on the file's
    bytes *and* on the summaries it was analysed with, so a changed wrapper or constant
    re-checks its call sites and an unchanged project costs no parse. ``slim``: what a
    re-analysed file's facts are cut down to, as in the first phase; a call site of
    another file's wrapper keeps its facts when they have findings or ``slim`` keeps
    something of them (a project rule's view, or the whole facts for the inventory), so
    that project rules see calls made through wrappers."""
    known: list[Wrapper] = [w for outcome in outcomes for w in outcome.wrappers]
    wanting = {o.display: o.wants_exports for o in outcomes if o.wants_exports}
    if not known and not wanting:
        return
    by_display = {source.display: source for source in files}
    exports = _exports(wanting, by_display, cache) if wanting else None
    wrappers_key = dumps(tuple(known))
    by_name: dict[bytes, list[tuple[Wrapper, tuple[bytes, ...]]]] = {}
    for wrapper in known:
        if wrapper.name:
            by_name.setdefault(wrapper.name.encode(), []).append((wrapper, _needles(wrapper)))
    # One search of each file for every wrapper name (lowered: the search is the
    # prefilter's, case-insensitive; the needles below are exact).
    names = LiteralSearch(frozenset(name.lower() for name in by_name)) if by_name else None
    lowered_names: dict[bytes, list[bytes]] = {}
    for name in by_name:
        lowered_names.setdefault(name.lower(), []).append(name)
    replaced: set[str] = set()
    found: list[Finding] = []
    # A wrapper is called from its own language family only (read no other files for it).
    callers = frozenset(language for wrapper in known for language in _family(wrapper.language))
    for source in files:
        if source.language not in CODE_LANGUAGES and source.display not in wanting:
            continue
        if source.language not in callers and source.display not in wanting:
            continue
        # A file whose wanted modules define no constants learns nothing here.
        for_exports = (
            source.display in wanting
            and exports is not None
            and bool(exports.used_by(source.display))
        )
        data = _read(source) if (for_exports or names) else None
        if data is None:
            continue
        found_names = names.found(data.lower()) if names is not None else set()
        calls_wrapper = any(
            wrapper.path != source.display and all(n in data for n in wanted)
            for lowered in found_names
            for name in lowered_names[lowered]
            for wrapper, wanted in by_name[name]
        )
        if not for_exports and not calls_wrapper:
            continue
        summaries = wrappers_key + (exports.used_by(source.display) if exports else b"")
        outcome = _reanalyzed(analyzer, source, data, known, exports, summaries, cache)
        if outcome.internal_error:
            result.internal_error = True
            result.notifications.extend(outcome.notifications)
        facts = outcome.facts
        if facts is None:
            continue
        if for_exports:
            # Seen with its constants: this phase's findings replace the first's.
            replaced.add(source.display)
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
        found.extend(kept)
        if source.display not in result.facts:
            result.files_parsed += 1
        result.facts[source.display] = facts
        result.lines[source.display] = facts.lines
    if replaced:
        result.findings = [f for f in result.findings if f.path not in replaced]
    result.findings.extend(found)


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
    cache: ResultCache | None,
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
    cache: ResultCache | None,
) -> Exports:
    by_path: dict[str, dict[str, Value]] = {}
    languages: dict[str, Language] = {}
    resources: dict[str, list[tuple[str, dict[str, ConfigEntry]]]] = {}
    locked: dict[str, dict[str, tuple[str, str]]] = {}
    resource_files = [s.display for s in by_display.values() if s.language is Language.ANDROID_XML]
    read: dict[str, dict[str, ConfigEntry]] = {}
    for importer, modules in wanting.items():
        source = by_display.get(importer)
        if source is None:
            continue
        languages[importer] = source.language
        if source.language is Language.MANIFEST:
            found_locks = _locked(source)
            if found_locks:
                locked[importer] = found_locks
            continue
        if source.language is Language.ANDROID_XML:
            found = []
            for path in resource_candidates(importer, resource_files):
                if path not in read:
                    facts = _module_facts(by_display[path], cache)
                    read[path] = {e.key: e for e in facts.config} if facts is not None else {}
                if read[path]:
                    found.append((path, read[path]))
            if found:
                resources[importer] = found
            continue
        for module in modules:
            for path in module_paths(importer, module, source.language):
                target = by_display.get(path)
                if target is None or path in by_path:
                    continue
                facts = _module_facts(target, cache)
                if facts is not None:
                    by_path[path] = constants_of(facts)
                break
    exports = Exports(by_path, languages, wanting, resources)
    exports.locked = locked
    return exports


def _locked(manifest: SourceFile) -> dict[str, tuple[str, str]]:
    """The versions the lock file beside ``manifest`` installed for its version-decided
    Braze SDKs, with the lock file's repository path. Lock files are not discovered (no
    rule reads them on their own): the first that exists beside the manifest is read."""
    name = PurePosixPath(manifest.display).name
    facts = _module_facts(manifest, None)
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


def _module_facts(source: SourceFile, cache: ResultCache | None) -> FileFacts | None:
    """A module's facts, for its constants (from the cache when its bytes are unchanged)."""
    data = _read(source)
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


def _read(source: SourceFile) -> bytes | None:
    try:
        with open(source.fspath, "rb") as handle:
            data = handle.read(_MAX_CALL_SITE_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > _MAX_CALL_SITE_BYTES else data
