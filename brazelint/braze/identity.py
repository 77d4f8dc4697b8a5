"""Where external IDs are given to Braze: SDK ``changeUser`` calls and ``external_id``
fields of REST request bodies (braze-facts.md §3.2, §4)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from brazelint.braze.names import words
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
