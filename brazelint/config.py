"""Configuration: ``[tool.brazelint]`` in ``pyproject.toml`` or the same keys at the top
level of a ``.brazelint.toml``, like ruff's ``[tool.ruff]`` / ``ruff.toml``.

The file is found by walking up from the scanned paths' common folder; in one folder a
``.brazelint.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.brazelint]`` table is passed over. ``--config PATH`` names the file instead.

Settings come in layers, the file first and then the command line; the command line wins.
Rule selection follows ruff: a layer's ``select`` replaces everything chosen before it,
then its ``extend-select`` adds and its ``ignore`` removes. List keys (``exclude``,
``client-paths`` …) given on the command line replace the file's; the ``extend-`` keys add.

Every key and value is checked before anything is scanned: a mistake is a
:class:`ConfigError` naming the file, the key and what is allowed (exit 2), never a scan
with half the file applied. Path globs are relative to the folder holding the file.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brazelint.braze.hosts import CLUSTERS, INSTANCE_NAMES
from brazelint.catalog import CatalogEntry
from brazelint.context import ContextOverride
from brazelint.facts import Context
from brazelint.findings import Severity
from brazelint.rule import RuleSettings
from brazelint.selection import SelectorError, expand
from brazelint.tracking_plan import TrackingPlan, TrackingPlanError
from brazelint.tracking_plan import load as load_tracking_plan

#: File names searched in each folder, most preferred first.
CONFIG_NAMES = (".brazelint.toml", "pyproject.toml")
_SECTION = "[tool.brazelint]"

_SEVERITIES = ", ".join(repr(s.value) for s in Severity)
_SELECTOR_HELP = (
    "use rule IDs (BRZ401), ID prefixes (BRZ4), rule names (purchase-as-custom-event) or "
    "ALL; `brazelint rules` lists them"
)

PatternList = tuple[tuple[str, tuple[str, ...]], ...]

#: Where test code lives by default (``test-paths``): test folders and test file names of
#: every language brazelint reads, and mock and fixture folders. Test code is never shipped
#: and a test double named ``braze`` is not the SDK, so only ``test-rules`` apply there. A
#: bare ``tests/`` folder is not in the list: Ember addons and Rails engines keep their
#: sample app in ``tests/dummy/``, and samples are copied into apps, so they are scanned
#: like app code (the test files in ``tests/`` are still matched by their names). Names
#: that app code also uses are left out: ``ab-test.js``, ``ABTest.kt`` and ``SplitTest.swift``
#: are A/B-testing code; JVM and Swift tests are matched by their folders (``src/test/``,
#: ``…Tests/``).
DEFAULT_TEST_PATHS = (
    "__tests__/",
    "__mocks__/",
    "__fixtures__/",
    "test/",
    "spec/",
    "mock/",
    "mocks/",
    "fixtures/",
    "src/test/",
    "src/androidTest/",
    "*Tests/",
    "*.test.*",
    "*.spec.*",
    "**/tests/**/*-test.*",
    "test_*.py",
    "*_test.py",
    "conftest.py",
)
#: Rules that still apply in test paths by default: a REST key committed in a test is as
#: leaked as one in app code, and the suppression checks are about the comments themselves.
DEFAULT_TEST_RULES = ("BRZ001", "BRZ002", "BRZ101")
#: ``RuleSettings.extra`` key: (test path globs, IDs of the rules silenced there).
TEST_PATHS_SETTING = "test_paths"


class ConfigError(Exception):
    """A configuration mistake; the message names where it is and what is allowed."""


@dataclass(frozen=True)
class Layer:
    """The settings one source (a config file, the command line) gives; ``None`` and empty
    tuples mean "not set here". Selectors are validated but kept as written."""

    source: str
    #: The config file's folder relative to the scan root ("" at the root); globs are
    #: relative to it.
    base: str = ""
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: PatternList | None = None
    extend_per_file_ignores: PatternList = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity | None = None
    client_paths: tuple[str, ...] | None = None
    server_paths: tuple[str, ...] | None = None
    allowed_clusters: tuple[str, ...] | None = None
    track_batch_limit: int | None = None
    environment_globs: tuple[str, ...] | None = None
    liquid_default_text: str | None = None
    test_paths: tuple[str, ...] | None = None
    extend_test_paths: tuple[str, ...] = ()
    test_rules: tuple[str, ...] | None = None
    #: The tracking plan the layer names, loaded (its path is relative to the config file).
    tracking_plan: TrackingPlan | None = None


@dataclass(frozen=True)
class Config:
    """The settings a scan runs with, every layer applied."""

    enabled: frozenset[str]
    excludes: tuple[str, ...] = ()
    #: (glob, rule IDs) pairs: findings of those rules in matching files are dropped.
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.NOTE
    #: ``client-paths`` then ``server-paths``, for context inference (first match wins).
    context_overrides: tuple[ContextOverride, ...] = ()
    settings: RuleSettings = field(default_factory=RuleSettings)
    #: The config file applied, if any.
    source: Path | None = None


# --- finding and reading the file -----------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The nearest config file in ``start`` or a folder above it."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        dotfile = candidate / CONFIG_NAMES[0]
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / CONFIG_NAMES[1]
        if pyproject.is_file() and _tool_table(pyproject, _read_toml(pyproject)) is not None:
            return pyproject
    return None


def load_file(path: Path, catalog: Mapping[str, CatalogEntry], base: str = "") -> Layer:
    """The layer a config file gives. A ``pyproject.toml`` without ``[tool.brazelint]``
    gives an empty layer (it can only get here through ``--config``)."""
    data = _read_toml(path)
    if path.name == CONFIG_NAMES[1]:
        table = _tool_table(path, data) or {}
        where = _SECTION
    else:
        table, where = data, ""

    def name(key: str) -> str:
        return f"{path}: {where} key {key!r}" if where else f"{path}: key {key!r}"

    unknown = [key for key in table if key not in _FILE_KEYS]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, _FILE_KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"{path}: {where + ' ' if where else ''}unknown key {key!r}{hint}; "
            f"allowed keys: {', '.join(sorted(_FILE_KEYS))}"
        )
    return parse_layer(
        table, source=str(path), name=name, catalog=catalog, base=base, folder=path.parent
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not valid UTF-8 ({error.reason})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error
    except RecursionError as error:
        # The file may be the scanned repository's own pyproject.toml, so anyone can write
        # it: tomllib recurses once per nested array or inline table.
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from error
    except ValueError as error:  # an integer beyond Python's digit limit
        raise ConfigError(f"{path}: invalid TOML: a number too long to read") from error


def _tool_table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, dict) or "brazelint" not in tool:
        return None
    table = tool["brazelint"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {_SECTION} must be a table, got {_type_name(table)}")
    return table


# --- checking values ---------------------------------------------------------------------------


def parse_layer(
    table: Mapping[str, Any],
    *,
    source: str,
    name: Callable[[str], str],
    catalog: Mapping[str, CatalogEntry],
    base: str = "",
    folder: Path | None = None,
) -> Layer:
    """Check every key of ``table`` (already known to be allowed) and build the layer.
    ``name(key)`` says where a key came from in error messages; ``folder``: what relative
    file paths (``tracking-plan``) are relative to (the config file's folder; default the
    working directory)."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        attribute = key.replace("-", "_")
        if key == "tracking-plan":
            values[attribute] = _tracking_plan(value, name(key), folder)
            continue
        values[attribute] = _PARSERS[key](value, name(key), catalog)
    return Layer(source=source, base=base, **values)


def _tracking_plan(value: object, where: str, folder: Path | None) -> TrackingPlan:
    """The plan file ``value`` names, loaded: a mistake in it stops the scan like one in
    the configuration (exit 2)."""
    if not isinstance(value, str) or not value.strip():
        shown = "an empty string" if isinstance(value, str) else _type_name(value)
        raise ConfigError(
            f"{where}: expected the path of a tracking plan file (.toml or .json), got {shown}"
        )
    path = Path(value)
    if folder is not None and not path.is_absolute():
        path = folder / path
    if not path.is_file():
        raise ConfigError(f"{where}: tracking plan file not found: {path}")
    try:
        return load_tracking_plan(path)
    except TrackingPlanError as error:
        raise ConfigError(str(error)) from None


def _type_name(value: object) -> str:
    return {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _strings(value: object, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        got = _type_name(value)
        if isinstance(value, list):
            got = "an array holding " + next(
                _type_name(item) for item in value if not isinstance(item, str)
            )
        raise ConfigError(f"{where}: expected an array of strings ({what}), got {got}")
    return tuple(value)


def _selectors(value: object, where: str, catalog: Mapping[str, CatalogEntry]) -> tuple[str, ...]:
    selectors = _strings(value, where, "rule selectors")
    for selector in selectors:
        _expand(selector, where, catalog)
    return selectors


def _expand(selector: str, where: str, catalog: Mapping[str, CatalogEntry]) -> set[str]:
    try:
        return expand(selector, dict(catalog))
    except SelectorError as error:
        raise ConfigError(
            f"{where}: unknown rule selector {selector!r}{error.suggestion}; {_SELECTOR_HELP}"
        ) from None


def _globs(value: object, where: str, _catalog: Mapping[str, CatalogEntry]) -> tuple[str, ...]:
    globs = _strings(value, where, "path globs")
    for glob in globs:
        if not glob.strip():
            raise ConfigError(f"{where}: empty path glob")
    return globs


def _globs_or_none(
    value: object, where: str, catalog: Mapping[str, CatalogEntry]
) -> tuple[str, ...]:
    """Like ``_globs``, but an empty array is allowed: ``test-paths = []`` turns the test
    policy off."""
    if value == []:
        return ()
    return _globs(value, where, catalog)


def _selectors_or_none(
    value: object, where: str, catalog: Mapping[str, CatalogEntry]
) -> tuple[str, ...]:
    if value == []:
        return ()
    return _selectors(value, where, catalog)


def _severity(value: object, where: str) -> Severity:
    if not isinstance(value, str) or value not in {s.value for s in Severity}:
        shown = repr(value) if isinstance(value, str) else _type_name(value)
        raise ConfigError(f"{where}: expected one of {_SEVERITIES}, got {shown}")
    return Severity(value)


def _per_file_ignores(
    value: object, where: str, catalog: Mapping[str, CatalogEntry]
) -> PatternList:
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: expected a table of path glob = [rule selectors], got {_type_name(value)}"
        )
    pairs = []
    for glob, selectors in value.items():
        if not glob.strip():
            raise ConfigError(f"{where}: empty path glob")
        pairs.append((glob, _selectors(selectors, f"{where}[{glob!r}]", catalog)))
    return tuple(pairs)


def _severity_table(
    value: object, where: str, catalog: Mapping[str, CatalogEntry]
) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise ConfigError(
            f"{where}: expected a table of rule selector = severity, got {_type_name(value)}"
        )
    pairs = []
    for selector, level in value.items():
        _expand(selector, where, catalog)
        pairs.append((selector, _severity(level, f"{where}[{selector!r}]")))
    return tuple(pairs)


def _clusters(value: object, where: str, _catalog: Mapping[str, CatalogEntry]) -> tuple[str, ...]:
    """Cluster host tokens (``iad-01``) or dashboard instance names (``US-01``), any case;
    returned as host tokens."""
    by_name = {name.lower(): cluster for cluster, name in INSTANCE_NAMES.items()}
    result = []
    for name in _strings(value, where, "Braze cluster names"):
        lower = name.strip().lower()
        cluster = lower if lower in CLUSTERS else by_name.get(lower)
        if cluster is None:
            raise ConfigError(
                f"{where}: unknown Braze cluster {name!r}; known clusters: "
                f"{', '.join(sorted(CLUSTERS))} (or their instance names, such as US-01)"
            )
        result.append(cluster)
    return tuple(result)


def _batch_limit(value: object, where: str, _catalog: Mapping[str, CatalogEntry]) -> int:
    # bool is an int in Python; `track-batch-limit = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        number = isinstance(value, int) and not isinstance(value, bool)
        shown = repr(value) if number else _type_name(value)
        raise ConfigError(f"{where}: expected an integer from 1 to 10000, got {shown}")
    return value


#: Longest ``liquid-default-text``: a greeting's word or two, not a paragraph.
_DEFAULT_TEXT_MAX = 200


def _default_text(value: object, where: str, _catalog: Mapping[str, CatalogEntry]) -> str:
    """A Liquid default text BRZ601's fix can write inside a quoted Liquid string: Liquid
    strings have no escapes, so it cannot hold both quote characters, and a brace would
    end or open a tag inside the output."""
    if not isinstance(value, str):
        raise ConfigError(
            f"{where}: expected a string (the text of a Liquid default), got {_type_name(value)}"
        )
    problem = None
    if not value.strip():
        problem = "is empty"
    elif len(value) > _DEFAULT_TEXT_MAX:
        problem = f"is longer than {_DEFAULT_TEXT_MAX} characters"
    elif any(not char.isprintable() for char in value):
        problem = "holds a line break or control character"
    elif "'" in value and '"' in value:
        problem = "holds both ' and \" (a Liquid string has no escapes, so no quote fits)"
    elif "{" in value or "}" in value:
        problem = "holds a brace, which would end or open a Liquid tag"
    if problem is not None:
        raise ConfigError(f"{where}: the default text {value!r} {problem}")
    return value


_PARSERS: dict[str, Callable[[Any, str, Mapping[str, CatalogEntry]], Any]] = {
    "select": _selectors,
    "extend-select": _selectors,
    "ignore": _selectors,
    "per-file-ignores": _per_file_ignores,
    "extend-per-file-ignores": _per_file_ignores,
    "exclude": _globs,
    "extend-exclude": _globs,
    "severity": _severity_table,
    "fail-on": lambda value, where, _catalog: _severity(value, where),
    "client-paths": _globs,
    "server-paths": _globs,
    "allowed-clusters": _clusters,
    "track-batch-limit": _batch_limit,
    "environment-globs": _globs,
    "liquid-default-text": _default_text,
    "test-paths": _globs_or_none,
    "extend-test-paths": _globs,
    "test-rules": _selectors_or_none,
    # Read by parse_layer itself (it needs the config file's folder); listed for the keys.
    "tracking-plan": lambda value, where, _catalog: value,
}
_FILE_KEYS = tuple(_PARSERS)


# --- applying the layers -------------------------------------------------------------------


def rebase(glob: str, base: str) -> str:
    """A glob written relative to a config file's folder, made relative to the scan root.
    A glob without a slash matches a name anywhere, so it needs no prefix."""
    if not base or "/" not in glob.rstrip("/"):
        return glob
    return f"{base}/{glob.lstrip('/')}"


def resolve(layers: Iterable[Layer], catalog: Mapping[str, CatalogEntry]) -> Config:
    """The scan's settings: ``layers`` applied in order, later ones winning."""
    layers = list(layers)
    catalog_dict = dict(catalog)
    enabled = set(catalog_dict)
    excludes: list[str] = []
    per_file: list[tuple[str, frozenset[str]]] = []
    severity: dict[str, Severity] = {}
    scalars: dict[str, Any] = {}
    source: Path | None = None
    for layer in layers:
        if layer.source != "command line":
            source = Path(layer.source)
        if layer.select is not None:
            enabled = set().union(*(expand(s, catalog_dict) for s in layer.select))
        for selector in layer.extend_select:
            enabled |= expand(selector, catalog_dict)
        for selector in layer.ignore:
            enabled -= expand(selector, catalog_dict)

        if layer.exclude is not None:
            excludes = [rebase(g, layer.base) for g in layer.exclude]
        excludes += [rebase(g, layer.base) for g in layer.extend_exclude]

        def expanded(pairs: PatternList, base: str) -> list[tuple[str, frozenset[str]]]:
            return [
                (rebase(glob, base), frozenset().union(*(expand(s, catalog_dict) for s in sel)))
                for glob, sel in pairs
            ]

        if layer.per_file_ignores is not None:
            per_file = expanded(layer.per_file_ignores, layer.base)
        per_file += expanded(layer.extend_per_file_ignores, layer.base)

        # Broad selectors first, so that `BRZ4 = "note"` then `BRZ401 = "error"` means what
        # it says whatever order the table was written in.
        for selector, level in sorted(
            layer.severity, key=lambda pair: -len(expand(pair[0], catalog_dict))
        ):
            for rule_id in expand(selector, catalog_dict):
                severity[rule_id] = level

        for key in (
            "fail_on",
            "allowed_clusters",
            "track_batch_limit",
            "liquid_default_text",
        ):
            value = getattr(layer, key)
            if value is not None:
                scalars[key] = value
        for key in ("client_paths", "server_paths", "environment_globs", "test_paths"):
            value = getattr(layer, key)
            if value is not None:
                scalars[key] = tuple(rebase(g, layer.base) for g in value)
        if layer.extend_test_paths:
            scalars["test_paths"] = scalars.get("test_paths", DEFAULT_TEST_PATHS) + tuple(
                rebase(g, layer.base) for g in layer.extend_test_paths
            )
        if layer.test_rules is not None:
            scalars["test_rules"] = layer.test_rules
        if layer.tracking_plan is not None:
            scalars["tracking_plan"] = layer.tracking_plan

    # Test paths: every rule but the test rules is ignored there (per-file ignores that the
    # user can widen, narrow or turn off with test-paths / test-rules).
    test_rules = set().union(
        *(expand(s, catalog_dict) for s in scalars.get("test_rules", DEFAULT_TEST_RULES))
    )
    silenced_in_tests = frozenset(catalog_dict) - test_rules
    if silenced_in_tests:
        per_file += [
            (glob, silenced_in_tests) for glob in scalars.get("test_paths", DEFAULT_TEST_PATHS)
        ]

    test_paths = scalars.get("test_paths", DEFAULT_TEST_PATHS) if silenced_in_tests else ()
    settings = RuleSettings(
        **{
            key: scalars[key]
            for key in (
                "track_batch_limit",
                "allowed_clusters",
                "environment_globs",
                "tracking_plan",
                "liquid_default_text",
            )
            if key in scalars
        },
        # Project rules compare files with each other; test files must not count there
        # either (a test's EU host is no second cluster of the app). Per rule: only the
        # rules silenced in tests skip them.
        extra={TEST_PATHS_SETTING: (tuple(test_paths), silenced_in_tests)},
    )
    return Config(
        enabled=frozenset(enabled),
        excludes=tuple(excludes),
        per_file_ignores=tuple(per_file),
        severity_overrides=severity,
        fail_on=scalars.get("fail_on", Severity.NOTE),
        # Client globs first: when both match, client is the context in which a server key
        # is still reported.
        context_overrides=tuple(
            ContextOverride(glob, kind)
            for key, kind in (("client_paths", Context.CLIENT), ("server_paths", Context.SERVER))
            for glob in scalars.get(key, ())
        ),
        settings=settings,
        source=source,
    )
