"""What one file learns from the others: the constants other modules export, and the
modules a file wants them from. The second phase that uses them is ``brazelint.crossfile``.

The second phase:

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

from brazelint.analysis.values import ExportLookup, import_bindings
from brazelint.braze.keys import bearer_tokens
from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.languages import Language

_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})
_SUFFIXES = {
    Language.JAVASCRIPT: (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx"),
    Language.TYPESCRIPT: (".ts", ".tsx", ".js", ".jsx"),
    Language.TSX: (".tsx", ".ts", ".js", ".jsx"),
    Language.PYTHON: (".py",),
}


def wanted_modules(facts: FileFacts) -> tuple[str, ...]:
    """Modules (as imported) whose names reach the file's Braze calls unresolved, or the
    Bearer token of its Braze REST requests (a REST key kept in a settings module)."""
    if facts.language not in _JS and facts.language is not Language.PYTHON:
        return ()
    bindings = import_bindings(facts.imports)
    if not bindings:
        return ()
    wanted: set[str] = set()
    roots = [
        argument.value
        for call in facts.calls
        if call.args and is_braze_receiver(call)
        for argument in call.args
    ]
    roots.extend(bearer.token for bearer in bearer_tokens(facts))
    for root in roots:
        for value in root.walk():
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
        self,
        by_path: dict[str, dict[str, Value]],
        languages: dict[str, Language],
        wanted: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.by_path = by_path
        self.languages = languages
        self.wanted = wanted or {}


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

    def used_by(self, importer: str) -> bytes:
        """What ``importer`` may read of these exports, as bytes for a cache key."""
        language = self.languages.get(importer, Language.JAVASCRIPT)
        parts = [
            repr(sorted((name, value) for name, value in self.by_path[path].items())).encode()
            for path in sorted(self.by_path)
            if any(path in module_paths(importer, m, language) for m in self._wanted(importer))
        ]
        return b"\0".join(parts)

    def _wanted(self, importer: str) -> tuple[str, ...]:
        return self.wanted.get(importer, ())

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
