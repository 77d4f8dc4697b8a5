"""Dependency manifests: which packages, at which version, a project builds with.

Each declared dependency becomes a ``ConfigEntry``: ``key`` is ``<ecosystem>:<name>``
(``npm:appboy-web-sdk``, ``pod:Appboy-iOS-SDK``, ``maven:com.appboy:android-sdk-ui``,
``pub:braze_plugin``), ``value`` the version as written (``^1.6.12``, ``23.0.1``, empty when
none is given), ``span`` the declaration and ``value_span`` the version (zero-width after the
name when there is none). Files read:

- ``package.json``: ``dependencies``, ``devDependencies``, ``peerDependencies``,
  ``optionalDependencies``;
- ``Podfile``: ``pod 'Name'[, 'version']``;
- Groovy Gradle scripts (``*.gradle``): ``'group:artifact:version'`` strings and the
  ``group: …, name: …, version: …`` map form; ``$name`` / ``${name}`` versions are resolved
  from ``name = '…'`` assignments in the same file (``ext.brazeVersion = '23.0.1'``);
- ``libs.versions.toml`` (Gradle version catalogs): ``[libraries]`` with ``module``,
  ``group``/``name``, ``version`` or ``version.ref`` into ``[versions]``;
- ``pubspec.yaml``: ``dependencies``, ``dev_dependencies``, ``dependency_overrides``.

Line comments (``#`` in Podfiles, pubspecs and version catalogs, ``//`` in Gradle scripts;
not ``package.json``, which has none) become ``Comment`` facts, so inline suppressions work.

Nothing is executed or fetched; text the reader does not understand is skipped, and a
``package.json`` or version catalog that does not parse gives one ``ParseProblem`` (the
dependencies found by pattern are still returned).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from pathlib import PurePosixPath

from brazelint.facts import Comment, ConfigEntry, FileFacts, ParseProblem
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language

#: Longest manifest read; real ones are a few kilobytes.
MAX_CHARS = 2_000_000

_NPM_SECTION = re.compile(
    r'"(?:dependencies|devDependencies|peerDependencies|optionalDependencies)"\s*:\s*\{'
)
_JSON_PAIR = re.compile(r'"((?:[^"\\\n]|\\.){1,214})"\s*:\s*"((?:[^"\\\n]|\\.){0,256})"')
_POD = re.compile(
    r"""^[ \t]*pod[ \t]+(['"])([^'"\n]{1,200})\1(?:[ \t]*,[ \t]*(['"])([^'"\n]{0,100})\3)?""",
    re.MULTILINE,
)
_GRADLE_COORDINATE = re.compile(
    r"""(['"])([A-Za-z0-9_.\-]{1,200}):([A-Za-z0-9_.\-]{1,200}):([^'"\s:@]{1,100})(?:@\w+)?\1"""
)
_GRADLE_MAP = re.compile(
    r"""group\s*:\s*(['"])([A-Za-z0-9_.\-]{1,200})\1\s*,\s*name\s*:\s*(['"])([A-Za-z0-9_.\-]{1,200})\3"""
    r"""(?:\s*,\s*version\s*:\s*(['"])([^'"\n]{1,100})\5)?"""
)
_GRADLE_VARIABLE = re.compile(r"""(?:^|[\s.])(\w{1,100})\s*=\s*(['"])([^'"\n$]{1,100})\2""", re.M)
_GRADLE_REFERENCE = re.compile(r"^\$\{?(?:[\w.]*\.)?(\w+)\}?$")
_PUB_SECTION = re.compile(r"^(?:dependencies|dev_dependencies|dependency_overrides):[ \t]*$")
_PUB_ENTRY = re.compile(r"^([ \t]+)([A-Za-z0-9_]{1,100}):[ \t]*([^#\n]*?)[ \t]*(?:#.*)?$")
_PUB_VERSION = re.compile(r"^[ \t]+version:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$")


def parse(path: str, text: str, language: Language) -> FileFacts:
    name = PurePosixPath(path).name
    try:
        text = text[:MAX_CHARS]
        entries, problems = _parse(name, text)
        comments = _comments(name, text)
    except Exception as error:  # the contract: a frontend never raises, whatever the input
        return FileFacts(path, language, problems=(ParseProblem(f"could not read: {error!r}"),))
    return FileFacts(
        path,
        language,
        config=tuple(entries),
        comments=tuple(comments),
        problems=tuple(problems),
    )


def _comments(name: str, text: str) -> list[Comment]:
    if name == "package.json":
        return []
    marker = "//" if name.endswith(".gradle") else "#"
    index = LineIndex(text)
    comments = []
    position = 0
    for line in text.split("\n"):
        at = _comment_start(line, marker)
        if at is not None:
            begin = position + at
            end = position + len(line.rstrip("\r"))
            comments.append(Comment(text[begin:end], index.char_span(begin, end)))
        position += len(line) + 1
    return comments


def _comment_start(line: str, marker: str) -> int | None:
    """Where a line comment starts: the first marker outside quotes that begins the line or
    follows whitespace (so ``https://`` in a string or ``a#b`` is not one)."""
    quote = ""
    for at, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif line.startswith(marker, at) and (at == 0 or line[at - 1].isspace()):
            return at
    return None


def _parse(name: str, text: str) -> tuple[list[ConfigEntry], list[ParseProblem]]:
    index = LineIndex(text)
    if name == "package.json":
        return _package_json(text, index)
    if name == "Podfile":
        return _podfile(text, index), []
    if name == "libs.versions.toml":
        return _version_catalog(text, index)
    if name == "pubspec.yaml":
        return _pubspec(text, index), []
    return _gradle(text, index), []


def _entry(
    index: LineIndex, key: str, value: str, start: int, end: int, value_at: tuple[int, int]
) -> ConfigEntry:
    return ConfigEntry(key, value, index.char_span(start, end), index.char_span(*value_at))


def _package_json(text: str, index: LineIndex) -> tuple[list[ConfigEntry], list[ParseProblem]]:
    problems = []
    try:
        json.loads(text)
    except ValueError as error:
        problems.append(ParseProblem(f"package.json is not valid JSON ({error})"))
    entries = []
    for section in _NPM_SECTION.finditer(text):
        close = text.find("}", section.end())
        end = len(text) if close < 0 else close
        for pair in _JSON_PAIR.finditer(text, section.end(), end):
            entries.append(
                _entry(
                    index,
                    f"npm:{pair.group(1)}",
                    pair.group(2),
                    pair.start(),
                    pair.end(),
                    (pair.start(2), pair.end(2)),
                )
            )
    return entries, problems


def _podfile(text: str, index: LineIndex) -> list[ConfigEntry]:
    entries = []
    for pod in _POD.finditer(text):
        version = pod.group(4) or ""
        at = (pod.start(4), pod.end(4)) if pod.group(4) is not None else (pod.end(2), pod.end(2))
        entries.append(_entry(index, f"pod:{pod.group(2)}", version, pod.start(), pod.end(), at))
    return entries


def _gradle(text: str, index: LineIndex) -> list[ConfigEntry]:
    variables = {match.group(1): match.group(3) for match in _GRADLE_VARIABLE.finditer(text)}

    def version_of(written: str) -> str:
        reference = _GRADLE_REFERENCE.match(written)
        if reference is not None and reference.group(1) in variables:
            return variables[reference.group(1)]
        return written

    entries = []
    for found in _GRADLE_COORDINATE.finditer(text):
        group, artifact, version = found.group(2), found.group(3), found.group(4)
        entries.append(
            _entry(
                index,
                f"maven:{group}:{artifact}",
                version_of(version),
                found.start(),
                found.end(),
                (found.start(4), found.end(4)),
            )
        )
    for found in _GRADLE_MAP.finditer(text):
        version = found.group(6) or ""
        at = (found.start(6), found.end(6)) if found.group(6) else (found.end(), found.end())
        entries.append(
            _entry(
                index,
                f"maven:{found.group(2)}:{found.group(4)}",
                version_of(version),
                found.start(),
                found.end(),
                at,
            )
        )
    return sorted(entries, key=lambda entry: (entry.span.line, entry.span.col))


def _version_catalog(text: str, index: LineIndex) -> tuple[list[ConfigEntry], list[ParseProblem]]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        return [], [ParseProblem(f"version catalog is not valid TOML ({error})")]
    versions = data.get("versions") if isinstance(data.get("versions"), dict) else {}
    libraries = data.get("libraries") if isinstance(data.get("libraries"), dict) else {}
    entries = []
    for alias, spec in libraries.items():
        module, version = _catalog_library(spec, versions)
        if module is None:
            continue
        line = re.search(rf"^[ \t]*{re.escape(str(alias))}[ \t]*=.*$", text, re.MULTILINE)
        start, end = (line.start(), line.end()) if line else (0, 0)
        entries.append(_entry(index, f"maven:{module}", version, start, end, (start, end)))
    return entries, []


def _catalog_library(spec: object, versions: dict[str, object]) -> tuple[str | None, str]:
    """The ``group:artifact`` and version of one ``[libraries]`` entry."""
    if isinstance(spec, str):
        parts = spec.split(":")
        if len(parts) < 2:
            return None, ""
        return ":".join(parts[:2]), parts[2] if len(parts) > 2 else ""
    if not isinstance(spec, dict):
        return None, ""
    module = spec.get("module")
    if not isinstance(module, str) and isinstance(spec.get("group"), str):
        module = f"{spec['group']}:{spec.get('name', '')}"
    if not isinstance(module, str):
        return None, ""
    version = spec.get("version", "")
    if isinstance(version, dict):  # version.ref = "x" / version = { strictly = "…" }
        if "ref" in version:
            version = versions.get(str(version["ref"]), "")
        else:
            version = version.get("strictly", version.get("require", version.get("prefer", "")))
    return module, version if isinstance(version, str) else ""


def _pubspec(text: str, index: LineIndex) -> list[ConfigEntry]:
    entries = []
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    in_section = False
    indent: str | None = None
    for number, line in enumerate(lines):
        if _PUB_SECTION.match(line):
            in_section, indent = True, None
            continue
        if not in_section or not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            in_section = False
            continue
        found = _PUB_ENTRY.match(line)
        if found is None:
            continue
        if indent is None:
            indent = found.group(1)
        if found.group(1) != indent:
            continue
        start = offsets[number]
        version = found.group(3).strip("'\"")
        value_at = (start + found.start(3), start + found.end(3))
        if not version:
            # A hosted/git/path source: its `version:` is on the lines below.
            for later in range(number + 1, min(number + 8, len(lines))):
                below = lines[later]
                if below.strip() and len(below) - len(below.lstrip()) <= len(indent):
                    break  # the next dependency: this one gave no version
                nested = _PUB_VERSION.match(below)
                if nested is not None:
                    version = nested.group(1)
                    value_at = (offsets[later] + nested.start(1), offsets[later] + nested.end(1))
                    break
        entries.append(
            _entry(index, f"pub:{found.group(2)}", version, start, start + len(line), value_at)
        )
    return entries


#: Longest lock file read for versions (a large monorepo's package-lock.json is ~30 MB).
MAX_LOCK_CHARS = 64_000_000


def locked_versions(name: str, text: str, keys: Iterable[str]) -> dict[str, str]:
    """The versions a lock file installed for the dependencies ``keys`` (``npm:<name>`` or
    ``pub:<name>``, as manifest entries are keyed), by key; a dependency the lock file does
    not name, or names in a shape not understood, is left out. Files read: npm's
    ``package-lock.json`` / ``npm-shrinkwrap.json`` (lockfile v1 ``dependencies`` and v2/v3
    ``packages``), ``yarn.lock`` (classic and Berry), ``pnpm-lock.yaml`` and
    ``pubspec.lock``. Never raises."""
    text = text[:MAX_LOCK_CHARS]
    found: dict[str, str] = {}
    for key in keys:
        ecosystem, _, package = key.partition(":")
        try:
            version = _locked(name, text, ecosystem, package)
        except (ValueError, TypeError, AttributeError, RecursionError):
            version = None
        if version:
            found[key] = version
    return found


def _locked(name: str, text: str, ecosystem: str, package: str) -> str | None:
    quoted = re.escape(package)
    if ecosystem == "npm" and name in ("package-lock.json", "npm-shrinkwrap.json"):
        document = json.loads(text)
        if not isinstance(document, dict):
            return None
        packages = document.get("packages")
        if isinstance(packages, dict):
            entry = packages.get(f"node_modules/{package}")
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                return entry["version"]
        dependencies = document.get("dependencies")
        if isinstance(dependencies, dict):
            entry = dependencies.get(package)
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                return entry["version"]
        return None
    if ecosystem == "npm" and name == "yarn.lock":
        # A block whose header names the package (`"@braze/web-sdk@^3.0.0", …:` or
        # Berry's `"@braze/web-sdk@npm:^3.0.0":`), then an indented `version` line.
        block = re.search(
            rf'^"?{quoted}@[^\n]*:\s*\n(?:[ \t]+[^\n]*\n)*?[ \t]+version:?[ \t]+"?([^"\s]+)"?',
            text,
            re.MULTILINE,
        )
        return block.group(1) if block else None
    if ecosystem == "npm" and name == "pnpm-lock.yaml":
        found = re.search(rf"""['"/]?{quoted}@(\d[^\s:'"()]*)""", text)
        if found is None:
            # Lockfile v6+ importers: `'@braze/web-sdk':` then `specifier:` / `version:`.
            found = re.search(
                rf"""^[ \t]+['"]?{quoted}['"]?:\s*\n"""
                r"(?:[ \t]+[^\n]*\n)*?[ \t]+version:[ \t]+(\d[^\s(]*)",
                text,
                re.MULTILINE,
            )
        return found.group(1) if found else None
    if ecosystem == "pub" and name == "pubspec.lock":
        found = re.search(
            rf'^  {quoted}:[ \t]*\n(?:    [^\n]*\n)*?    version:[ \t]*"?([^"\s]+)"?',
            text,
            re.MULTILINE,
        )
        return found.group(1) if found else None
    return None
