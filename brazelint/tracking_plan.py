"""The tracking plan: what a project means to send to Braze (issue 14).

A plan file is named by the ``tracking-plan`` configuration key and is TOML (``.toml``) or
JSON (any other name); its schema is documented in docs/tracking-plan.md. It lists custom
events with their properties (a type each, some required), the purchases' product ID style
and properties, custom attributes with their types, and the user field external IDs come
from. A section the file leaves out is not planned (nothing is checked against it); a
section it gives is the whole list.

Loading checks every key and value: a mistake is a :class:`TrackingPlanError` naming the
file, the key (``events.product_viewed.properties.price``) and what was expected. A name
given twice is an error, never a silent merge (TOML reports it itself; JSON objects are
read with a hook that refuses repeated keys).

Rules receive the loaded plan through ``RuleSettings.tracking_plan``; they never read the
file. ``plan_from_inventory`` and ``render`` write a starting plan from today's inventory
(``brazelint inventory --write-plan``).
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

#: The types a property or attribute may be planned with: what ``inventory.value_type``
#: infers from a value.
TYPES = ("string", "number", "boolean", "date", "object", "array")
#: What a plan may give as a type: an inferable type, or ``any`` (planned, type unchecked;
#: ``--write-plan`` writes it where the code disagrees with itself).
PLAN_TYPES = (*TYPES, "any")
#: Product ID styles; ``any`` checks nothing.
PRODUCT_ID_STYLES: dict[str, re.Pattern[str] | None] = {
    "any": None,
    "snake_case": re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*"),
    "kebab-case": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
    "camelCase": re.compile(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*"),
    "PascalCase": re.compile(r"(?:[A-Z][a-z0-9]*)+"),
    "SCREAMING_SNAKE_CASE": re.compile(r"[A-Z0-9]+(?:_[A-Z0-9]+)*"),
    "dotted.lower": re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*"),
}
#: The plan schema version this brazelint reads.
PLAN_VERSION = 1

_TOP_KEYS = ("version", "events", "purchases", "attributes", "identity")
_EVENT_KEYS = ("description", "properties")
_PROPERTY_KEYS = ("type", "required", "description")
_PURCHASE_KEYS = ("product-id-style", "properties", "description")
_ATTRIBUTE_KEYS = ("type", "description")
_IDENTITY_KEYS = ("external-id-source", "description")


class TrackingPlanError(Exception):
    """A malformed plan file; the message names the file, the key and what was expected."""


@dataclass(frozen=True)
class PlannedProperty:
    name: str
    type: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class PlannedEvent:
    name: str
    properties: tuple[PlannedProperty, ...] = ()
    description: str = ""

    def property(self, name: str) -> PlannedProperty | None:
        return next((p for p in self.properties if p.name == name), None)


@dataclass(frozen=True)
class PlannedAttribute:
    name: str
    type: str
    description: str = ""


@dataclass(frozen=True)
class PurchasePlan:
    product_id_style: str = "any"
    properties: tuple[PlannedProperty, ...] = ()
    description: str = ""

    def property(self, name: str) -> PlannedProperty | None:
        return next((p for p in self.properties if p.name == name), None)

    def product_id_fits(self, product_id: str) -> bool:
        pattern = PRODUCT_ID_STYLES[self.product_id_style]
        return pattern is None or pattern.fullmatch(product_id) is not None


@dataclass(frozen=True)
class TrackingPlan:
    """A loaded plan. ``None`` for a section means the file does not plan it."""

    #: The plan file, as the configuration named it (for messages).
    source: str
    events: tuple[PlannedEvent, ...] | None = None
    purchases: PurchasePlan | None = None
    attributes: tuple[PlannedAttribute, ...] | None = None
    #: The last name of the user field external IDs come from (``id`` for ``user.id``).
    external_id_source: str | None = None

    @cached_property
    def _events(self) -> dict[str, PlannedEvent]:
        return {event.name: event for event in self.events or ()}

    @cached_property
    def _attributes(self) -> dict[str, PlannedAttribute]:
        return {attribute.name: attribute for attribute in self.attributes or ()}

    def event(self, name: str) -> PlannedEvent | None:
        return self._events.get(name)

    def attribute(self, name: str) -> PlannedAttribute | None:
        return self._attributes.get(name)

    @property
    def event_names(self) -> frozenset[str]:
        return frozenset(self._events)

    @property
    def file_name(self) -> str:
        return Path(self.source).name


# --- reading ----------------------------------------------------------------------------------


def load(path: Path, shown: str | None = None) -> TrackingPlan:
    """The plan in ``path`` (TOML when it ends ``.toml``, else JSON). ``shown``: how the
    file is named in messages (default: the path)."""
    where = shown or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TrackingPlanError(
            f"{where}: cannot read the tracking plan: {error.strerror or error}"
        ) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TrackingPlanError(f"{where}: not valid UTF-8 ({error.reason})") from error
    data = _parse_toml(text, where) if path.suffix.lower() == ".toml" else _parse_json(text, where)
    return parse(data, where)


def _parse_toml(text: str, where: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # A name given twice lands here too: tomllib refuses it ("Cannot declare ('events',
        # 'a') twice", "Cannot overwrite a value").
        text = str(error)
        if "twice" in text or "overwrite" in text:
            text += "; each name may appear once (a plan is never merged)"
        raise TrackingPlanError(f"{where}: invalid TOML: {text}") from error
    except RecursionError as error:
        raise TrackingPlanError(f"{where}: invalid TOML: nested too deeply to read") from error
    except ValueError as error:
        raise TrackingPlanError(f"{where}: invalid TOML: a number too long to read") from error


class _Object(dict[str, Any]):
    """A JSON object as read, with the keys it gave more than once (json.loads would keep
    the last value of each silently)."""

    repeated: tuple[str, ...] = ()


def _keep_repeats(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    repeated: list[str] = []
    for key, value in pairs:
        if key in result and key not in repeated:
            repeated.append(key)
        result[key] = value
    result.repeated = tuple(repeated)
    return result


def _parse_json(text: str, where: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_keep_repeats)
    except json.JSONDecodeError as error:
        raise TrackingPlanError(f"{where}: invalid JSON: {error}") from error
    except RecursionError as error:
        raise TrackingPlanError(f"{where}: invalid JSON: nested too deeply to read") from error
    except ValueError as error:
        raise TrackingPlanError(f"{where}: invalid JSON: a number too long to read") from error
    try:
        found = _first_repeat(data, ())
    except RecursionError as error:
        raise TrackingPlanError(f"{where}: invalid JSON: nested too deeply to read") from error
    if found is not None:
        parts, key = found
        what = _entry_word(parts)
        at = f"{key_path(*parts)}: " if parts else ""
        raise TrackingPlanError(
            f"{where}: {at}{what} {json.dumps(key)} is given twice; each name may appear "
            "once (a plan is never merged)"
        )
    return data


def _entry_word(parts: tuple[str, ...]) -> str:
    """What the names in the table at ``parts`` are, for the repeated-name message."""
    if parts in (("events",), ("attributes",)):
        return parts[0][:-1]
    if len(parts) > 1 and parts[-1] == "properties":
        return "property"
    return "key"


def _first_repeat(value: object, parts: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    """The first object (in document order) that gives a key twice: (its path, the key)."""
    if isinstance(value, _Object):
        if value.repeated:
            return parts, value.repeated[0]
        for key, item in value.items():
            found = _first_repeat(item, (*parts, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_repeat(item, (*parts, str(index)))
            if found is not None:
                return found
    return None


# --- checking -----------------------------------------------------------------------------------


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def key_path(*parts: str) -> str:
    """``events.product_viewed.properties.price``; names that are not bare TOML keys are
    quoted (``events."Product Viewed"``)."""
    return ".".join(part if _BARE.fullmatch(part) else toml_string(part) for part in parts)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: JSON's escapes are TOML's, but TOML also wants DEL
    escaped, and takes other characters as they are (JSON's ``\\ud83d`` surrogate escapes
    are not TOML)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def plannable(name: str) -> bool:
    """Whether a plan file can hold ``name``: not blank (the loader refuses it) and without
    lone surrogates (UTF-8, TOML and JSON readers all refuse them)."""
    return bool(name.strip()) and not any(0xD800 <= ord(char) <= 0xDFFF for char in name)


def is_field_name(name: str) -> bool:
    """Whether ``name`` can be ``identity.external-id-source`` (``id``, ``user.id``)."""
    return bool(_BARE.fullmatch(name.replace(".", "_")))


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


class _Checker:
    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, parts: tuple[str, ...], message: str) -> TrackingPlanError:
        at = key_path(*parts)
        return TrackingPlanError(
            f"{self.where}: {at}: {message}" if at else f"{self.where}: {message}"
        )

    def table(self, value: object, parts: tuple[str, ...], what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(parts, f"expected a table of {what}, got {_type_name(value)}")
        return value

    def keys(
        self, table: Mapping[str, Any], allowed: tuple[str, ...], parts: tuple[str, ...]
    ) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.fail(
                    (*parts, key), f"unknown key{hint}; expected one of {', '.join(allowed)}"
                )

    def string(self, value: object, parts: tuple[str, ...]) -> str:
        if not isinstance(value, str):
            raise self.fail(parts, f"expected a string, got {_type_name(value)}")
        return value

    def name(self, name: str, parts: tuple[str, ...]) -> str:
        if not name.strip():
            raise self.fail(parts, "expected a non-empty name")
        return name

    def type(self, value: object, parts: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in PLAN_TYPES:
            shown = repr(value) if isinstance(value, str) else _type_name(value)
            raise self.fail(parts, f"expected one of {', '.join(PLAN_TYPES)}, got {shown}")
        return value

    def typed_entry(
        self, spec: object, here: tuple[str, ...], allowed: tuple[str, ...]
    ) -> tuple[str, dict[str, object]]:
        """``name = "type"`` or ``name = { type = "type", … }``: the type, and the table's
        other settings (none for the short form)."""
        if isinstance(spec, str):
            return self.type(spec, here), {}
        if not isinstance(spec, dict):
            raise self.fail(
                here,
                f"expected a type ({', '.join(PLAN_TYPES)}) or a table with `type`, got "
                f"{_type_name(spec)}",
            )
        self.keys(spec, allowed, here)
        if "type" not in spec:
            raise self.fail(here, f"missing `type` (one of {', '.join(PLAN_TYPES)})")
        return self.type(spec["type"], (*here, "type")), spec

    def properties(self, value: object, parts: tuple[str, ...]) -> tuple[PlannedProperty, ...]:
        table = self.table(
            value, parts, 'property name = type or { type = "...", required = true }'
        )
        found = []
        for name, spec in table.items():
            here = (*parts, name)
            self.name(name, here)
            kind, details = self.typed_entry(spec, here, _PROPERTY_KEYS)
            required = details.get("required", False)
            if not isinstance(required, bool):
                raise self.fail(
                    (*here, "required"), f"expected true or false, got {_type_name(required)}"
                )
            description = self.string(details.get("description", ""), (*here, "description"))
            found.append(PlannedProperty(name, kind, required, description))
        return tuple(found)


def parse(data: object, where: str) -> TrackingPlan:
    """The plan a parsed TOML or JSON document gives; ``where`` names it in messages."""
    check = _Checker(where)
    if not isinstance(data, dict):
        raise check.fail((), f"expected a table (a JSON object) at the top, got {_type_name(data)}")
    check.keys(data, _TOP_KEYS, ())
    version = data.get("version", PLAN_VERSION)
    if isinstance(version, bool) or version != PLAN_VERSION:
        shown = repr(version) if isinstance(version, int | str) else _type_name(version)
        raise check.fail(("version",), f"expected {PLAN_VERSION}, got {shown}")

    events = None
    if "events" in data:
        table = check.table(data["events"], ("events",), "event name = { properties = ... }")
        events_found = []
        for name, spec in table.items():
            here = ("events", name)
            check.name(name, here)
            spec = check.table(spec, here, "description and properties")
            check.keys(spec, _EVENT_KEYS, here)
            events_found.append(
                PlannedEvent(
                    name,
                    check.properties(spec.get("properties", {}), (*here, "properties")),
                    check.string(spec.get("description", ""), (*here, "description")),
                )
            )
        events = tuple(events_found)

    purchases = None
    if "purchases" in data:
        spec = check.table(data["purchases"], ("purchases",), ", ".join(_PURCHASE_KEYS))
        check.keys(spec, _PURCHASE_KEYS, ("purchases",))
        style = spec.get("product-id-style", "any")
        if not isinstance(style, str) or style not in PRODUCT_ID_STYLES:
            shown = repr(style) if isinstance(style, str) else _type_name(style)
            raise check.fail(
                ("purchases", "product-id-style"),
                f"expected one of {', '.join(PRODUCT_ID_STYLES)}, got {shown}",
            )
        purchases = PurchasePlan(
            style,
            check.properties(spec.get("properties", {}), ("purchases", "properties")),
            check.string(spec.get("description", ""), ("purchases", "description")),
        )

    attributes = None
    if "attributes" in data:
        table = check.table(data["attributes"], ("attributes",), "attribute name = type")
        attributes_found = []
        for name, spec in table.items():
            here = ("attributes", name)
            check.name(name, here)
            kind, details = check.typed_entry(spec, here, _ATTRIBUTE_KEYS)
            description = check.string(details.get("description", ""), (*here, "description"))
            attributes_found.append(PlannedAttribute(name, kind, description))
        attributes = tuple(attributes_found)

    external_id_source = None
    if "identity" in data:
        spec = check.table(data["identity"], ("identity",), ", ".join(_IDENTITY_KEYS))
        check.keys(spec, _IDENTITY_KEYS, ("identity",))
        if "external-id-source" in spec:
            here = ("identity", "external-id-source")
            external_id_source = check.name(check.string(spec["external-id-source"], here), here)
            if not is_field_name(external_id_source):
                raise check.fail(
                    here, f"expected a field name such as id or uid, got {external_id_source!r}"
                )
            external_id_source = external_id_source.rsplit(".", 1)[-1]
        check.string(spec.get("description", ""), ("identity", "description"))

    return TrackingPlan(where, events, purchases, attributes, external_id_source)
