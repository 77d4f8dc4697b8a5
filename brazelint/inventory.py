"""The integration inventory: what a project sends to Braze, from where (issue 14).

Built from a normal scan's whole facts (``ScanOptions.keep_facts``): every custom event,
purchase, custom attribute, identity call and endpoint, each with its platform, its
locations, its property names with inferred types, and how its name is known (a literal, a
constant the analysis resolved, or unknown: listed, never dropped). Calls made through the
project's own wrappers (``Call.via``) count at their call sites, with the wrapper named.

Rules read :func:`collect` too (BRZ405), so this module knows facts and Braze, never
syntax. The JSON form is documented in docs/inventory.md and docs/inventory.schema.json.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from brazelint.braze.hosts import read_host
from brazelint.braze.identity import IdChannel, external_ids
from brazelint.braze.rest import braze_rest_requests, track_bodies, track_objects
from brazelint.braze.sdk import (
    CUSTOM_ATTRIBUTE_METHODS,
    REACT_NATIVE_MODULES,
    WEB_MODULES,
    braze_calls,
    config_endpoint_entries,
    is_braze_receiver,
    sdk_endpoint_values,
)
from brazelint.facts import Call, Context, FileFacts, Span, Through, Value, ValueKind
from brazelint.languages import Language

#: Version of the JSON form; raised on any change that is not a pure addition.
SCHEMA_VERSION = 1

KINDS = ("event", "purchase", "attribute", "identity", "endpoint")
#: The JSON key of each kind's list (and the text/markdown section titles).
SECTIONS = {
    "event": "events",
    "purchase": "purchases",
    "attribute": "attributes",
    "identity": "identities",
    "endpoint": "endpoints",
}


class Platform(StrEnum):
    WEB = "web"
    REACT_NATIVE = "react-native"
    IOS = "ios"
    ANDROID = "android"
    FLUTTER = "flutter"
    SERVER = "server"
    UNKNOWN = "unknown"


PLATFORMS = tuple(Platform)


class NameSource(StrEnum):
    LITERAL = "literal"
    CONSTANT = "constant"
    UNKNOWN = "unknown"
    #: An identity's ID taken from a code expression (``user.id``): the expression is
    #: its name.
    EXPRESSION = "expression"


@dataclass(frozen=True, slots=True)
class Use:
    """One place that sends something to Braze."""

    kind: str
    #: The name (event name, product ID, attribute key, host, external-ID source expression);
    #: None when it cannot be known statically.
    name: str | None
    name_source: NameSource
    #: The source expression of the name (``EVENTS.PRODUCT_VIEWED``, ``eventName``).
    expression: str
    platform: Platform
    path: str
    span: Span
    #: "sdk" or "rest".
    channel: str
    #: The wrapper this call goes through, when it does.
    via: str | None = None
    #: (property name, inferred type) in source order.
    properties: tuple[tuple[str, str], ...] = ()
    #: For identities: the field the ID comes from (``id`` of ``user.id``); for endpoints:
    #: the cluster; else None.
    detail: str | None = None
    #: The wrapper's own Braze call, for a use through a wrapper (a related location).
    through: Through | None = None
    #: ``properties`` are all the call sends (none given, or a literal object without
    #: spreads); False when they come from a variable, a spread or a builder chain, so a
    #: property missing from them may still be sent (BRZ407).
    properties_known: bool = True

    @property
    def key(self) -> str:
        """What uses are grouped by: the name, or the expression when the name is unknown."""
        return self.name if self.name is not None else self.expression


# --- platforms ------------------------------------------------------------------------------

_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})


def file_platform(facts: FileFacts, flutter_folders: frozenset[str] = frozenset()) -> Platform:
    """The platform a file belongs to, from its language, imports and context.
    ``flutter_folders``: folders (repository-relative) of Flutter apps, whose native
    configuration belongs to ``flutter``."""
    language = facts.language
    parents = {str(parent) for parent in PurePosixPath(facts.path).parents}
    if language is Language.DART or (
        language in (Language.PLIST, Language.ANDROID_XML, Language.SWIFT, Language.KOTLIN)
        and parents & flutter_folders
    ):
        return Platform.FLUTTER
    if language in (Language.SWIFT, Language.OBJECTIVE_C, Language.PLIST):
        return Platform.IOS
    if language in (Language.KOTLIN, Language.JAVA, Language.ANDROID_XML):
        return Platform.ANDROID
    if language is Language.PYTHON:
        return Platform.SERVER
    if language in _JS:
        modules = {item.module for item in facts.imports}
        if modules & REACT_NATIVE_MODULES or "react-native" in modules:
            return Platform.REACT_NATIVE
        if modules & WEB_MODULES:
            return Platform.WEB
        if facts.context.kind is Context.SERVER:
            return Platform.SERVER
        if facts.context.kind is Context.CLIENT:
            return Platform.WEB
    return Platform.UNKNOWN


def flutter_folders(root: Path, paths: Iterable[str]) -> frozenset[str]:
    """Folders above ``paths`` that hold a ``pubspec.yaml`` (a Flutter app's root)."""
    seen: dict[str, bool] = {}
    found: set[str] = set()
    for path in paths:
        for parent in PurePosixPath(path).parents:
            text = str(parent)
            if text not in seen:
                seen[text] = (root / text / "pubspec.yaml").is_file()
            if seen[text]:
                found.add(text)
    return frozenset(found)


# --- types ----------------------------------------------------------------------------------

_DATE_CALLS = frozenset(
    {
        "Date",
        "Date.now",
        "NSDate",
        "datetime.now",
        "datetime.utcnow",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime",
        "datetime.datetime",
        "date.today",
        "Instant.now",
        "LocalDateTime.now",
        "DateTime.now",
        "timezone.now",
    }
)


def value_type(value: Value) -> str:
    """The type a value has when Braze receives it: string, number, boolean, date, array,
    object, or unknown (a CHOICE whose arms disagree is unknown)."""
    kinds = {_one_type(alternative) for alternative in value.alternatives()}
    kinds.discard("null")
    if len(kinds) == 1:
        return kinds.pop()
    return "unknown"


def _one_type(value: Value) -> str:
    kind = value.kind
    if kind in (ValueKind.STRING, ValueKind.TEMPLATE):
        return "string"
    if kind is ValueKind.NUMBER:
        return "number"
    if kind is ValueKind.BOOL:
        return "boolean"
    if kind is ValueKind.NULL:
        return "null"
    if kind in (ValueKind.LIST, ValueKind.COMPREHENSION):
        return "array"
    if kind is ValueKind.DICT:
        return "object"
    if kind is ValueKind.CALL and value.text in _DATE_CALLS:
        return "date"
    return "unknown"


def _name_of(value: Value | None) -> tuple[str | None, NameSource, str]:
    """(name, how it is known, source expression)."""
    if value is None:
        return None, NameSource.UNKNOWN, ""
    if value.kind is ValueKind.STRING:
        if value.resolved_from is not None:
            return value.text, NameSource.CONSTANT, value.resolved_from
        return value.text, NameSource.LITERAL, json.dumps(value.text)
    return None, NameSource.UNKNOWN, value.resolved_from or value.text


def _properties(value: Value | None) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for dict_value in _dicts(value):
        for key, entry in dict_value.entries:
            if key is not None:
                found.append((key, value_type(entry)))
    return tuple(found)


def _dicts(value: Value | None) -> list[Value]:
    """Properties as dicts: a literal, ``BrazeProperties(mapOf(…))``,
    ``BrazeProperties().addProperty(k, v)``."""
    if value is None:
        return []
    if value.kind is ValueKind.DICT:
        return [value]
    call = value.call
    if value.kind is ValueKind.CALL and call is not None and call.chain[:1] == ("BrazeProperties",):
        if call.name == "addProperty":
            key, entry = call.arg(0), call.arg(1)
            if key is not None and key.kind is ValueKind.STRING and entry is not None:
                return [Value(ValueKind.DICT, "", key.span, entries=((key.text, entry),))]
            return []
        first = call.arg(0)
        return [first] if first is not None and first.kind is ValueKind.DICT else []
    return []


def _arg(call: Call, index: int, *labels: str) -> Value | None:
    for label in labels:
        found = call.arg(99, label=label)
        if found is not None:
            return found
    return call.arg(index)


# --- collecting -----------------------------------------------------------------------------

#: REST ``attributes`` keys that are not custom attributes (identifiers, standard
#: attributes, flags); braze-facts.md §3.
_NOT_CUSTOM = frozenset(
    {
        "external_id",
        "user_alias",
        "braze_id",
        "email",
        "phone",
        "_update_existing_only",
        "push_token_import",
        "first_name",
        "last_name",
        "country",
        "city",
        "home_city",
        "gender",
        "dob",
        "language",
        "time_zone",
        "email_subscribe",
        "push_subscribe",
        "subscription_groups",
        "bio",
        "image_url",
        "push_tokens",
        "current_location",
        "date_of_first_session",
        "date_of_last_session",
        "marked_email_as_spam_at",
        "email_open_tracking_disabled",
        "email_click_tracking_disabled",
        "facebook",
        "twitter",
        "attributes",
    }
)
_ATTRIBUTE_METHOD_TYPES = {
    "setCustomAttributeToNow": "date",
    "setCustomUserAttributeToNow": "date",
    "setCustomAttributeToSecondsFromEpoch": "date",
    "setCustomUserAttributeToSecondsFromEpoch": "date",
    "incrementCustomUserAttribute": "number",
    "setCustomAttributeArray": "array",
    "setCustomUserAttributeArray": "array",
    "addToCustomAttributeArray": "array",
    "removeFromCustomAttributeArray": "array",
    "addToCustomAttributeStringArray": "array",
    "removeFromCustomAttributeStringArray": "array",
}
_NO_VALUE = frozenset({"unsetCustomUserAttribute", "unsetCustomAttribute"})


def collect(
    files: Iterable[FileFacts],
    flutter: frozenset[str] = frozenset(),
    kinds: Iterable[str] = KINDS,
) -> list[Use]:
    """Every use of ``kinds`` in ``files``, in path and source order. A wrapper's own Braze
    call whose name is one of its parameters is represented by its call sites, when it has
    any."""
    wanted = frozenset(kinds)
    files = list(files)
    inside_wrappers = {
        (call.via.path, call.via.span) for facts in files for call in facts.calls if call.via
    }
    uses: list[Use] = []
    for facts in files:
        platform = file_platform(facts, flutter)
        for use in _uses(facts, platform, files, wanted):
            if use.via is None and (use.path, use.span) in inside_wrappers:
                continue
            uses.append(use)
    return uses


def _uses(
    facts: FileFacts, platform: Platform, files: list[FileFacts], kinds: frozenset[str]
) -> Iterator[Use]:
    by_path = {f.path: f for f in files}

    def make(
        kind: str,
        value: Value | None,
        call: Call,
        span: Span,
        properties: tuple[tuple[str, str], ...],
        known: bool = True,
    ) -> Use:
        name, source, expression = _name_of(value)
        shown = platform
        # A call site whose file says nothing of its platform has its wrapper's.
        if call.via is not None and platform is Platform.UNKNOWN:
            wrapper_file = by_path.get(call.via.path)
            if wrapper_file is not None:
                shown = file_platform(wrapper_file)
        return Use(
            kind,
            name,
            source,
            expression,
            shown,
            facts.path,
            span,
            "sdk",
            call.via.wrapper if call.via is not None else None,
            properties,
            through=call.via,
            properties_known=known,
        )

    for call in braze_calls(facts, "logCustomEvent") if "event" in kinds else ():
        name = _arg(call, 0, "name", "eventName")
        properties = call.arg(1, label="properties")
        known = properties_complete(properties)
        yield make("event", name, call, call.span, _properties(properties), known)
    for call in braze_calls(facts, "logPurchase") if "purchase" in kinds else ():
        product = _arg(call, 0, "productId", "productID")
        properties, known = _purchase_properties(facts, call)
        yield make("purchase", product, call, call.span, properties, known)
    for call in facts.calls if "attribute" in kinds else ():
        if call.name in CUSTOM_ATTRIBUTE_METHODS and is_braze_receiver(call):
            key = _arg(call, 0, "key")
            if call.name in _ATTRIBUTE_METHOD_TYPES:
                kind = _ATTRIBUTE_METHOD_TYPES[call.name]
            elif call.name in _NO_VALUE:
                kind = "unknown"
            else:
                value = _arg(call, 1, "value")
                kind = value_type(value) if value is not None else "unknown"
            yield make("attribute", key, call, call.span, (("value", kind),))
    for found in external_ids(facts) if "identity" in kinds else ():
        if found.channel is IdChannel.SDK and found.call is not None:
            yield _identity(facts, platform, found.value, found.call.span, "sdk", found.call)
        else:
            yield _identity(facts, platform, found.value, found.value.span, "rest", None)
    for body in track_bodies(facts):
        yield from (use for use in _rest_uses(facts, platform, body) if use.kind in kinds)
    if "endpoint" in kinds:
        yield from _endpoints(facts, platform)


def _purchase_properties(facts: FileFacts, call: Call) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The purchase's properties, and whether they are all it sends."""
    for label in ("properties", "purchaseProperties"):
        found = call.arg(99, label=label)
        if found is not None:
            return _properties(found), properties_complete(found)
    positions = [3, 4] if facts.language in (Language.KOTLIN, Language.JAVA) else [4]
    found = [call.arg(position) for position in positions]
    pairs = tuple(pair for value in found for pair in _properties(value))
    # Kotlin/Java's 4th argument is the quantity when a 5th is given: only a dict counts.
    given = [value for value in found if value is not None and value.kind is not ValueKind.NUMBER]
    return pairs, all(properties_complete(value) for value in given)


def properties_complete(value: Value | None) -> bool:
    """Whether ``value`` (a call's properties argument) shows every property it sends: none
    given, a literal object without spreads, ``BrazeProperties(mapOf(…))``. A variable the
    analysis could not follow, a spread or an ``addProperty`` chain may send more."""
    if value is None or value.kind is ValueKind.NULL:
        return True
    dicts = _dicts(value)
    if not dicts or (value.call is not None and value.call.name == "addProperty"):
        return False
    return all(key is not None for found in dicts for key, _ in found.entries)


def _identity(
    facts: FileFacts,
    platform: Platform,
    value: Value,
    span: Span,
    channel: str,
    call: Call | None,
) -> Use:
    if value.kind is ValueKind.STRING and value.resolved_from is None:
        expression, source = json.dumps(value.text), NameSource.LITERAL
    else:
        expression = value.resolved_from or value.text
        source = NameSource.CONSTANT if value.resolved_from else NameSource.EXPRESSION
    field = expression.rsplit(".", 1)[-1].removesuffix("()") if expression else None
    if value.kind is ValueKind.STRING and value.resolved_from is None:
        field = None
    return Use(
        "identity",
        expression,
        source,
        expression,
        platform,
        facts.path,
        span,
        channel,
        call.via.wrapper if call is not None and call.via is not None else None,
        detail=field,
    )


def _rest_uses(facts: FileFacts, platform: Platform, body: Value) -> Iterator[Use]:
    def make(kind: str, value: Value | None, span: Span, properties: Value | None) -> Use:
        name, source, expression = _name_of(value)
        return Use(
            kind,
            name,
            source,
            expression,
            platform,
            facts.path,
            span,
            "rest",
            properties=_properties(properties),
            properties_known=properties_complete(properties),
        )

    for event in track_objects(body, "events"):
        yield make("event", event.get("name"), event.span, event.get("properties"))
    for purchase in track_objects(body, "purchases"):
        yield make(
            "purchase", purchase.get("product_id"), purchase.span, purchase.get("properties")
        )
    for attributes in track_objects(body, "attributes"):
        for key, value in attributes.entries:
            if key is None or key in _NOT_CUSTOM:
                continue
            yield Use(
                "attribute",
                key,
                NameSource.LITERAL,
                json.dumps(key),
                platform,
                facts.path,
                value.span,
                "rest",
                properties=(("value", value_type(value)),),
            )


def _endpoints(facts: FileFacts, platform: Platform) -> Iterator[Use]:
    seen: set[Span] = set()
    for setting in sdk_endpoint_values(facts):
        for value in setting.value.alternatives():
            if value.span not in seen:
                seen.add(value.span)
                yield _endpoint(facts, platform, value, value.span, "sdk")
    for entry in config_endpoint_entries(facts):
        yield _endpoint(
            facts,
            platform,
            Value(ValueKind.STRING, entry.value, entry.value_span),
            entry.value_span,
            "sdk",
        )
    for request in braze_rest_requests(facts):
        if request.url is not None and request.url.span not in seen:
            seen.add(request.url.span)
            yield _endpoint(facts, platform, request.url, request.call.span, "rest")


def _endpoint(facts: FileFacts, platform: Platform, value: Value, span: Span, channel: str) -> Use:
    ref = read_host(value.text) if value.kind in (ValueKind.STRING, ValueKind.TEMPLATE) else None
    if ref is not None:
        source = NameSource.CONSTANT if value.resolved_from else NameSource.LITERAL
        name: str | None = ref.host
    else:
        source, name = NameSource.UNKNOWN, None
    expression = value.resolved_from or (json.dumps(value.text) if ref else value.text)
    return Use(
        "endpoint",
        name,
        source,
        expression,
        platform,
        facts.path,
        span,
        channel,
        detail=ref.cluster if ref is not None else None,
    )


# --- grouping and output ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """The uses of one name of one kind, across files and platforms."""

    kind: str
    key: str
    uses: tuple[Use, ...]

    @property
    def name(self) -> str | None:
        return self.uses[0].name

    @property
    def name_sources(self) -> list[str]:
        return sorted({use.name_source.value for use in self.uses})

    @property
    def platforms(self) -> list[str]:
        found = {use.platform for use in self.uses}
        return [platform.value for platform in PLATFORMS if platform in found]

    @property
    def properties(self) -> dict[str, list[str]]:
        """Each property name with the types it is given (sorted), in name order."""
        found: dict[str, set[str]] = {}
        for use in self.uses:
            for name, kind in use.properties:
                found.setdefault(name, set()).add(kind)
        return {name: sorted(found[name]) for name in sorted(found)}


def group(uses: Iterable[Use]) -> dict[str, list[Entry]]:
    """Uses grouped by kind, then by name (unknown names by expression), sorted."""
    by_key: dict[tuple[str, bool, str], list[Use]] = {}
    for use in uses:
        by_key.setdefault((use.kind, use.name is None, use.key), []).append(use)
    grouped: dict[str, list[Entry]] = {kind: [] for kind in KINDS}
    for (kind, _, key), found in sorted(by_key.items()):
        ordered = sorted(found, key=lambda u: (u.path, u.span.line, u.span.col))
        grouped[kind].append(Entry(kind, key, tuple(ordered)))
    return grouped


def to_json(grouped: dict[str, list[Entry]], root: str) -> dict[str, object]:
    """The stable JSON form (docs/inventory.md)."""
    document: dict[str, object] = {"version": SCHEMA_VERSION, "root": root}
    for kind in KINDS:
        document[SECTIONS[kind]] = [_entry_json(entry) for entry in grouped[kind]]
    return document


def _entry_json(entry: Entry) -> dict[str, object]:
    return {
        "name": entry.name,
        "key": entry.key,
        "name_sources": entry.name_sources,
        "platforms": entry.platforms,
        "properties": entry.properties,
        "locations": [_use_json(use) for use in entry.uses],
    }


def _use_json(use: Use) -> dict[str, object]:
    return {
        "path": use.path,
        "line": use.span.line,
        "column": use.span.col,
        "platform": use.platform.value,
        "channel": use.channel,
        "name_source": use.name_source.value,
        "expression": use.expression,
        "via": use.via,
        "properties": [{"name": name, "type": kind} for name, kind in use.properties],
        "detail": use.detail,
    }


#: CSV columns: one row per use.
CSV_COLUMNS = (
    "kind",
    "name",
    "name_source",
    "expression",
    "platform",
    "channel",
    "path",
    "line",
    "column",
    "via",
    "properties",
    "detail",
)


def render(grouped: dict[str, list[Entry]], output_format: str, root: str) -> str:
    if output_format == "json":
        return json.dumps(to_json(grouped, root), indent=2) + "\n"
    if output_format == "csv":
        return _csv(grouped)
    return _table(grouped, markdown=output_format == "markdown")


def _csv(grouped: dict[str, list[Entry]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for kind in KINDS:
        for entry in grouped[kind]:
            for use in entry.uses:
                writer.writerow(
                    (
                        kind,
                        use.name if use.name is not None else "",
                        use.name_source.value,
                        use.expression,
                        use.platform.value,
                        use.channel,
                        use.path,
                        use.span.line,
                        use.span.col,
                        use.via or "",
                        ";".join(f"{name}:{kind_}" for name, kind_ in use.properties),
                        use.detail or "",
                    )
                )
    return buffer.getvalue()


def _shown_name(entry: Entry) -> str:
    if entry.name is None:
        return f"<unknown: {entry.key}>"
    return entry.name


def _cell(entry: Entry, platform: Platform) -> str:
    """Where one platform uses the entry: ``path:line`` list, each with its wrapper."""
    places = [
        f"{use.path}:{use.span.line}" + (f" (via {use.via})" if use.via else "")
        for use in entry.uses
        if use.platform is platform
    ]
    return ", ".join(places)


def _table(grouped: dict[str, list[Entry]], *, markdown: bool) -> str:
    """A table per kind, a row per name, a column per platform that has any use."""
    out: list[str] = []
    for kind in KINDS:
        entries = grouped[kind]
        title = SECTIONS[kind].capitalize()
        out.append(f"## {title} ({len(entries)})" if markdown else f"{title} ({len(entries)})")
        out.append("")
        if not entries:
            out.append("(none)")
            out.append("")
            continue
        used = {use.platform for entry in entries for use in entry.uses}
        platforms = [platform for platform in PLATFORMS if platform in used]
        header = ["name", "source", "properties", *(p.value for p in platforms)]
        rows = [
            [
                _shown_name(entry),
                "/".join(entry.name_sources),
                ", ".join(f"{n}: {'|'.join(t)}" for n, t in entry.properties.items()),
                *(_cell(entry, platform) for platform in platforms),
            ]
            for entry in entries
        ]
        out.extend(_markdown_rows(header, rows) if markdown else _text_rows(header, rows))
        out.append("")
    return "\n".join(out)


def _markdown_rows(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") or " " for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(row) for row in rows)]


def _text_rows(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
