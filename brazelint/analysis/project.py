"""The second phase: what one file learns from the others.

The first phase analyses each file that mentions Braze on its own and summarises it: its
wrappers of the SDK (``analysis.wrappers``) and the modules whose names reach its Braze
calls unresolved (``wanted_modules``). A wrapper's call sites and a constants module usually
mention no Braze keyword, so the prefilter never admitted them; this phase does:

- the modules those files import constants from are parsed (facts only), and their
  file-level constants become ``Exports``; each file that wanted them is analysed again
  with them, and its findings replace the first phase's;
- every file that names a wrapper is analysed again with the wrappers, and the findings at
  call sites of other files' wrappers are added.

Files are read again from disk: a changed wrapper or constant is always seen by its call
sites (the result cache keeps first-phase outcomes only, keyed on the file's own bytes).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING

from brazelint.analysis.values import ExportLookup, import_bindings
from brazelint.analysis.wrappers import Wrapper
from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES, Language

if TYPE_CHECKING:
    from brazelint.discover import SourceFile
    from brazelint.engine import Analyzer, FileOutcome, ScanResult

_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})
_SUFFIXES = {
    Language.JAVASCRIPT: (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx"),
    Language.TYPESCRIPT: (".ts", ".tsx", ".js", ".jsx"),
    Language.TSX: (".tsx", ".ts", ".js", ".jsx"),
    Language.PYTHON: (".py",),
}
#: Files larger than this are not read for wrapper names (generated bundles).
_MAX_CALL_SITE_BYTES = 2 * 1024 * 1024


def wanted_modules(facts: FileFacts) -> tuple[str, ...]:
    """Modules (as imported) whose names reach the file's Braze calls unresolved."""
    if facts.language not in _JS and facts.language is not Language.PYTHON:
        return ()
    bindings = import_bindings(facts.imports)
    if not bindings:
        return ()
    wanted: set[str] = set()
    for call in facts.calls:
        if not call.args or not is_braze_receiver(call):
            continue
        for argument in call.args:
            for value in argument.value.walk():
                if value.kind is ValueKind.NAME:
                    binding = bindings.get(value.text.partition(".")[0])
                    if binding is not None and _local_module(facts.language, binding[0]):
                        wanted.add(binding[0])
    return tuple(sorted(wanted))


def _local_module(language: Language, module: str) -> bool:
    if language in _JS:
        return module.startswith(".")
    return True  # Python: whether the project holds it is decided by finding the file


def module_paths(importer: str, module: str, language: Language) -> tuple[str, ...]:
    """Repository paths the import of ``module`` from ``importer`` may name."""
    if language in _JS:
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), module))
        suffixes = _SUFFIXES[language]
        return (
            *(base + suffix for suffix in suffixes),
            *(base + "/index" + suffix for suffix in suffixes),
        )
    if language is Language.PYTHON:
        relative = module.replace(".", "/")
        return (relative + ".py", relative + "/__init__.py")
    return ()


class Exports:
    """File-level constants of the modules the second phase parsed, by path."""

    def __init__(
        self, by_path: dict[str, dict[str, Value]], languages: dict[str, Language]
    ) -> None:
        self.by_path = by_path
        self.languages = languages

    def lookup(self, importer: str) -> ExportLookup:
        language = self.languages.get(importer, Language.JAVASCRIPT)

        def find(bindings: dict[str, tuple[str, ...]], name: str) -> Value | None:
            root, _, rest = name.partition(".")
            binding = bindings.get(root)
            if binding is None:
                return None
            constants = self._module(importer, binding[0], language)
            if constants is None:
                return None
            parts = rest.split(".") if rest else []
            if len(binding) > 1 and binding[1] not in ("*", "default"):
                parts.insert(0, binding[1])
            if not parts:
                return None
            value = constants.get(".".join(parts))
            if value is not None:
                return value
            value = constants.get(parts[0])
            for part in parts[1:]:
                if value is None or value.kind is not ValueKind.DICT:
                    return None
                value = value.get(part)
            return value

        return find

    def _module(self, importer: str, module: str, language: Language) -> dict[str, Value] | None:
        for path in module_paths(importer, module, language):
            found = self.by_path.get(path)
            if found is not None:
                return found
        return None


def constants_of(facts: FileFacts) -> dict[str, Value]:
    """A module's file-level constants by dotted name (``Events.VIEWED`` for a member of a
    frozen object or enum-like class)."""
    constants: dict[str, Value] = {}
    for assignment in facts.assignments:
        if assignment.file_level and assignment.value.kind is not ValueKind.UNKNOWN:
            constants[".".join(assignment.target)] = assignment.value
    return constants


def second_phase(
    analyzer: Analyzer,
    files: Sequence[SourceFile],
    outcomes: Sequence[FileOutcome],
    result: ScanResult,
) -> None:
    """See the module docstring. ``outcomes``: the first phase's outcomes that have
    wrappers or want exports."""
    known: list[Wrapper] = [w for outcome in outcomes for w in outcome.wrappers]
    wanting = {o.display: o.wants_exports for o in outcomes if o.wants_exports}
    if not known and not wanting:
        return
    by_display = {source.display: source for source in files}
    exports = _exports(analyzer, wanting, by_display) if wanting else None
    names = sorted({w.name.encode() for w in known if w.name})
    replaced: set[str] = set()
    found: list[Finding] = []
    for source in files:
        if source.language not in CODE_LANGUAGES:
            continue
        for_exports = source.display in wanting
        data = _read(source) if (for_exports or names) else None
        if data is None:
            continue
        calls_wrapper = any(name in data for name in names)
        if not for_exports and not calls_wrapper:
            continue
        outcome = analyzer.reanalyze(source, data, known, exports)
        facts = outcome.facts
        if facts is None:
            continue
        if for_exports:
            # Seen with its constants: this phase's findings replace the first's.
            replaced.add(source.display)
            kept = outcome.findings
        else:
            kept = [f for f in outcome.findings if _through_other_file(f, facts)]
            if not kept:
                continue
        found.extend(kept)
        if source.display not in result.facts:
            result.files_parsed += 1
        result.facts[source.display] = facts
        result.lines[source.display] = facts.lines
    if replaced:
        result.findings = [f for f in result.findings if f.path not in replaced]
    result.findings.extend(found)


def _exports(
    analyzer: Analyzer, wanting: dict[str, tuple[str, ...]], by_display: dict[str, SourceFile]
) -> Exports:
    from brazelint.engine import parse_source  # the engine drives this module

    by_path: dict[str, dict[str, Value]] = {}
    languages: dict[str, Language] = {}
    for importer, modules in wanting.items():
        source = by_display.get(importer)
        if source is None:
            continue
        languages[importer] = source.language
        for module in modules:
            for path in module_paths(importer, module, source.language):
                target = by_display.get(path)
                if target is None or path in by_path:
                    continue
                data = _read(target)
                if data is None:
                    continue
                facts = parse_source(path, target.language, data, [])
                if facts is not None:
                    by_path[path] = constants_of(facts)
                break
    return Exports(by_path, languages)


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
