"""Where external IDs are given to Braze: SDK ``changeUser`` calls and ``external_id``
fields of REST request bodies (braze-facts.md §3.2, §4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from brazelint.braze.names import last_component_words, words
from brazelint.braze.per_file import per_file
from brazelint.braze.rest import braze_rest_requests, track_bodies, track_objects
from brazelint.braze.sdk import change_user_ids
from brazelint.facts import Call, FileFacts, Value, ValueKind


class IdChannel(StrEnum):
    SDK = "sdk"
    REST = "rest"


@dataclass(frozen=True, slots=True)
class ExternalId:
    value: Value
    channel: IdChannel
    #: The changeUser call, for SDK IDs.
    call: Call | None
    #: What the user wrote, for messages: "changeUser", "external_id".
    where: str


@per_file
def external_ids(facts: FileFacts) -> tuple[ExternalId, ...]:
    """Every external ID the file gives Braze (several rules judge them)."""
    return tuple(_external_ids(facts))


def _external_ids(facts: FileFacts) -> Iterator[ExternalId]:
    for found in change_user_ids(facts):
        yield ExternalId(found.value, IdChannel.SDK, found.call, f"{found.call.name}()")
    seen: set[tuple[int, int]] = set()
    bodies: list[Value] = list(track_bodies(facts))
    bodies.extend(r.body for r in braze_rest_requests(facts) if r.body is not None)
    for body in bodies:
        objects = [body]
        for array in ("attributes", "events", "purchases"):
            objects.extend(track_objects(body, array))
        for obj in objects:
            if obj.kind is not ValueKind.DICT:
                continue
            value = obj.get("external_id")
            if value is None:
                continue
            where = (value.span.line, value.span.col)
            if where in seen:
                continue
            seen.add(where)
            yield ExternalId(value, IdChannel.REST, None, "external_id")


#: IDs that stand for "nobody", not a person: given to ``changeUser`` they put every user who
#: gets them into one profile, which is how apps fake a logout (BRZ303 reports them there).
NOBODY_IDS = frozenset(
    {
        "",
        "guest",
        "anonymous",
        "anon",
        "logged_out",
        "loggedout",
        "logout",
        "signed_out",
        "unknown",
        "default",
        "none",
        "null",
        "nil",
        "undefined",
        "0",
        "-1",
        "visitor",
        "user",
    }
)
_LOGOUT_WORDS = (("log", "out"), ("logout",), ("sign", "out"), ("signout",))


def in_logout_function(scope: str) -> bool:
    """The scope (``Flow.scope``) is a function named like logout / sign out."""
    name = scope.split("@", 1)[0]
    found = words(name)
    return any(
        found[i : i + len(pattern)] == pattern
        for pattern in _LOGOUT_WORDS
        for i in range(len(found))
    )


# --- where an ID comes from -----------------------------------------------------------------

#: One-argument calls that turn an ID into a string (or a number) without changing which
#: field it is: ``String(user.id)``, ``str(user.id)``, ``String.valueOf(user.getId())``.
_CONVERTERS = frozenset(
    {
        ("String",),
        ("str",),
        ("Number",),
        ("int",),
        ("Int",),
        ("String", "valueOf"),
        ("Long", "toString"),
        ("Integer", "toString"),
        ("NSString", "stringWithFormat"),
    }
)
#: Members and argument-less methods that do the same after the field:
#: ``user.id.toString()``, ``user.id.uuidString``, ``user.email.lower()``.
_CONVERSION_MEMBERS = frozenset(
    {
        "toString",
        "description",
        "uuidString",
        "stringValue",
        "toLowerCase",
        "toUpperCase",
        "lowercased",
        "uppercased",
        "lowercase",
        "uppercase",
        "lower",
        "upper",
        "trim",
        "strip",
        "hex",
    }
)
_GETTER = re.compile(r"^get[A-Z0-9_]")
#: A subscript by a string key, as its source excerpt shows it: ``user["id"]``.
_SUBSCRIPT = re.compile(r"""^[A-Za-z_$][\w$.?]*\[\s*(["'])([A-Za-z_]\w*)\1\s*\]$""")


@dataclass(frozen=True, slots=True)
class IdSource:
    """The user field an external ID is taken from."""

    #: The expression that names the field, conversions left out (``user.id`` of
    #: ``String(user.id)``, ``account.getAccountNumber``).
    expression: str
    #: The field's last name as written (``id``, ``getUid``, ``account_number``).
    written: str
    #: What fields are compared by: the last name's words, lower-case, joined by ``_``,
    #: without a getter's ``get`` (``getAccountNumber`` and ``account_number`` →
    #: ``account_number``); ``userId``/``user_id`` is the user's ``id``.
    field: str


def id_source(value: Value) -> IdSource | None:
    """The field ``value`` reads the ID from, seen through the variables and constants the
    value flow resolved and through string conversions; None when it names no field (a
    literal, a bare parameter, a computation, alternatives from different fields)."""
    if value.kind is ValueKind.CHOICE:
        # `user.id ?? ""`: a literal fallback is no other field.
        arms = [id_source(arm) for arm in value.alternatives() if not arm.is_literal]
        known = [arm for arm in arms if arm is not None]
        if not known or len(known) != len(arms) or len({arm.field for arm in known}) != 1:
            return None
        return known[0]
    if value.kind is ValueKind.NAME:
        return _dotted(value.text)
    if value.kind is ValueKind.TEMPLATE:
        # `${user.id}` alone is the field; any literal text around it makes another ID.
        parts = [part for part in value.items if not (part.is_literal and part.text == "")]
        return id_source(parts[0]) if len(parts) == 1 and not parts[0].is_literal else None
    if value.kind is ValueKind.CALL and value.call is not None:
        call = value.call
        chain = call.chain
        if chain in _CONVERTERS and len(call.args) == 1:
            return id_source(call.args[0].value)
        # Only a getter reads a field (`user.getId()`); another call makes a value
        # (`crypto.randomUUID()`, `deviceId.reversed()`).
        if call.args or len(chain) < 2 or not _GETTER.match(chain[-1]):
            return None
        return _dotted(".".join(chain))
    if value.kind is ValueKind.UNKNOWN:
        subscript = _SUBSCRIPT.match(value.text)
        if subscript is not None:
            return _field(value.text, subscript.group(2))
    return None


def _dotted(text: str) -> IdSource | None:
    parts = text.split(".")
    while len(parts) > 2 and parts[-1] in _CONVERSION_MEMBERS:
        parts.pop()
    if len(parts) < 2 or not parts[-1]:
        return None  # a bare name: a parameter or a variable the value flow did not resolve
    return _field(".".join(parts), parts[-1])


def _field(expression: str, last: str) -> IdSource | None:
    found = last_component_words(last)
    if not found:
        return None
    if found in (("user", "id"), ("userid",)):
        found = ("id",)
    return IdSource(expression, last, "_".join(found))
