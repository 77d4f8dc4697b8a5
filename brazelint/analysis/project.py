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
import re
from dataclasses import replace

from brazelint.analysis.values import ExportLookup, import_bindings
from brazelint.braze.keys import bearer_tokens
from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import ConfigEntry, FileFacts, Value, ValueKind
from brazelint.languages import Language

_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})
_SUFFIXES = {
    Language.JAVASCRIPT: (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx"),
    Language.TYPESCRIPT: (".ts", ".tsx", ".js", ".jsx"),
    Language.TSX: (".tsx", ".ts", ".js", ".jsx"),
    Language.PYTHON: (".py",),
}


#: The "module" an Android resource file wants when a Braze setting in it is a
#: ``@string/name`` reference to a string of another file: the module's string resources.
STRING_RESOURCES = "@string"
#: Prefixes of the Android settings whose references are followed (the SDK's own keys).
_BRAZE_SETTING_PREFIXES = ("com_braze_", "com_appboy_")
_STRING_REFERENCE = re.compile(r"@string/([A-Za-z0-9_.]{1,200})")
#: How many references a resolved value may go through (a loop stops there).
_MAX_RESOURCE_HOPS = 8


#: The "module" a dependency manifest wants when it names a Braze SDK whose Appboy era
#: is a matter of version (the Web SDK before 4, React Native before 2, Flutter before
#: 3) without a version one can read (``latest``, ``*``, ``any``, a git URL): its lock
#: file, which says what is installed.
LOCK_FILE = "@lock"
#: Dependencies (manifest ``ConfigEntry`` keys) whose version decides whether they are
#: the Appboy-era SDK.
VERSIONED_SDKS = frozenset(
    {"npm:@braze/web-sdk", "npm:@braze/react-native-sdk", "pub:braze_plugin"}
)
#: Lock files of each manifest, in the order they are looked for beside it.
LOCK_FILES = {
    "package.json": ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"),
    "pubspec.yaml": ("pubspec.lock",),
}


def wanted_modules(facts: FileFacts) -> tuple[str, ...]:
    """Modules (as imported) whose names reach the file's Braze calls unresolved, or the
    Bearer token of its Braze REST requests (a REST key kept in a settings module); for an
    Android resource file, ``STRING_RESOURCES`` when a Braze setting refers to a string the
    file does not define; for a manifest, ``LOCK_FILE`` when a version-decided SDK has no
    readable version."""
    if facts.language is Language.MANIFEST:
        unread = any(
            entry.key in VERSIONED_SDKS and not any(c.isdigit() for c in entry.value)
            for entry in facts.config
        )
        return (LOCK_FILE,) if unread else ()
    if facts.language is Language.ANDROID_XML:
        wanted = any(
            entry.key.startswith(_BRAZE_SETTING_PREFIXES) and string_reference(entry)
            for entry in facts.config
        )
        return (STRING_RESOURCES,) if wanted else ()
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


def string_reference(entry: ConfigEntry) -> str | None:
    """The resource name an entry's value refers to (``@string/braze_key`` →
    ``braze_key``) when no file has resolved it yet, else None."""
    if entry.origin_path is not None:
        return None
    match = _STRING_REFERENCE.fullmatch(entry.value)
    return match.group(1) if match is not None else None


def resource_module(path: str) -> tuple[str, str] | None:
    """For an Android resource file (``app/src/debug/res/values/braze.xml``): the module it
    belongs to (``app``) and its source set (``debug``; ``""`` for a ``res`` folder outside
    ``src/<set>/``), or None for a file in no ``res/values*`` folder."""
    parts = path.split("/")
    if len(parts) < 3 or parts[-3] != "res" or not parts[-2].startswith("values"):
        return None
    if len(parts) >= 5 and parts[-5] == "src":
        return "/".join(parts[:-5]), parts[-4]
    return "/".join(parts[:-3]), ""


def resource_candidates(importer: str, paths: list[str]) -> list[str]:
    """The resource files of ``paths`` whose strings ``importer`` may refer to, in the order
    a reference is looked up: the module's default ``values`` folders before qualified
    ones (``values-fr``), the importer's own source set, then ``main``, then the rest.
    (aapt merges the module's source sets; a build variant's own value wins.)"""
    own = resource_module(importer)
    if own is None:
        return []
    module, source_set = own
    ranked = []
    for path in paths:
        found = resource_module(path)
        if found is None or found[0] != module or path == importer:
            continue
        folder = path.split("/")[-2]
        set_rank = 0 if found[1] == source_set else 1 if found[1] == "main" else 2
        ranked.append((folder != "values", set_rank, path))
    return [path for *_, path in sorted(ranked)]


class Exports:
    """File-level constants of the modules the second phase parsed, by path; and for
    Android resource files, the strings of their module (``resources``)."""

    def __init__(
        self,
        by_path: dict[str, dict[str, Value]],
        languages: dict[str, Language],
        wanted: dict[str, tuple[str, ...]] | None = None,
        resources: dict[str, list[tuple[str, dict[str, ConfigEntry]]]] | None = None,
    ) -> None:
        self.by_path = by_path
        self.languages = languages
        self.wanted = wanted or {}
        #: Importer → its module's resource files, in lookup order, each with its entries.
        self.resources = resources or {}
        #: Manifest → dependency key → (its lock file's path, the version installed).
        self.locked: dict[str, dict[str, tuple[str, str]]] = {}

    def resolve_locked(self, facts: FileFacts) -> FileFacts:
        """``facts`` (a dependency manifest) with each version-decided SDK whose version
        could not be read given the version its lock file installed, and the lock file as
        the entry's origin."""
        locked = self.locked.get(facts.path)
        if not locked:
            return facts
        config = []
        for entry in facts.config:
            found = locked.get(entry.key)
            if found is not None and not any(c.isdigit() for c in entry.value):
                entry = replace(entry, value=found[1], origin_path=found[0])
            config.append(entry)
        return replace(facts, config=tuple(config))

    def resolve_resources(self, facts: FileFacts) -> FileFacts:
        """``facts`` (an Android resource file) with each Braze setting that refers to a
        string of another resource file of its module given that string's value, and the
        string's place as the entry's origin."""
        files = self.resources.get(facts.path)
        if not files:
            return facts
        changed = False
        config = []
        for entry in facts.config:
            braze = entry.key.startswith(_BRAZE_SETTING_PREFIXES)
            name = string_reference(entry) if braze else None
            found = self._string(files, name) if name is not None else None
            if found is not None:
                path, origin = found
                entry = replace(
                    entry,
                    value=origin.value,
                    origin_path=origin.origin_path or path,
                    origin_span=origin.origin_span or origin.value_span,
                )
                changed = True
            config.append(entry)
        return replace(facts, config=tuple(config)) if changed else facts

    @staticmethod
    def _string(
        files: list[tuple[str, dict[str, ConfigEntry]]], name: str
    ) -> tuple[str, ConfigEntry] | None:
        found = None
        for _ in range(_MAX_RESOURCE_HOPS):
            here = next(((path, e[name]) for path, e in files if name in e), None)
            if here is None:
                return found
            found = here
            following = string_reference(here[1])
            if following is None:
                return found
            name = following
        return None

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
        if importer in self.resources:
            return repr(self.resources[importer]).encode()
        if importer in self.locked:
            return repr(sorted(self.locked[importer].items())).encode()
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
