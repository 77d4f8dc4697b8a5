"""BRZ305 unstable-external-id: a random or time-based value, or a session or device ID,
given as the external ID. An external ID must name the same person on every device and
every visit; a fresh UUID or a timestamp makes a new profile each time, and a device ID
adds nothing over Braze's own anonymous tracking (braze-facts.md §4: "Passing a device
identifier offers no benefit versus the automatic anonymous user tracking"). An analytics
library's anonymous ID (Segment's ``anonymousId``) is such a per-device identifier too."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.identity import IdChannel, external_ids
from brazelint.braze.names import words
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import FileRule

#: Calls (by dotted path, as written or as imported) that return a new random value.
_RANDOM_CALLS = frozenset(
    {
        "uuid4",
        "uuid1",
        "uuid.uuid4",
        "uuid.uuid1",
        "uuid.v4",
        "uuid.v1",
        "uuidv4",
        "crypto.randomUUID",
        "window.crypto.randomUUID",
        "self.crypto.randomUUID",
        "UUID",  # Swift UUID(); also a JS helper commonly named so
        "NSUUID",
        "UUID.randomUUID",
        "java.util.UUID.randomUUID",
        "Math.random",
        "nanoid",
        "secrets.token_hex",
        "secrets.token_urlsafe",
    }
)
#: Calls that return the current time.
_TIME_CALLS = frozenset(
    {
        "Date.now",
        "Date.getTime",
        "Date.valueOf",
        "Date",  # Swift Date(), JS new Date()
        "performance.now",
        "System.currentTimeMillis",
        "System.nanoTime",
        "Instant.now",
        "time.time",
        "time.time_ns",
        "datetime.now",
        "datetime.utcnow",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
    }
)
#: Conversions that keep the value what it was (``String(Date.now())``,
#: ``UUID().uuidString``, ``str(uuid4())``, ``Date().timeIntervalSince1970``).
_PASS_THROUGH_CALLS = frozenset(
    {
        "String",
        "str",
        "toString",
        "String.valueOf",
        "Settings.Secure.getString",
        "int",
        "round",
        "Number",
        "Math.floor",
        "Math.round",
    }
)
_PASS_THROUGH_SUFFIXES = frozenset(
    {
        "toString",
        "uuidString",
        "UUIDString",
        "toLowerCase",
        "toUpperCase",
        "lowercased",
        "uppercased",
        "lower",
        "upper",
        "hex",
        "timeIntervalSince1970",
        "getTime",
        "toEpochMilli",
        "timestamp",
    }
)
#: Calls of well-known libraries that return a device or installation ID.
_DEVICE_ID_CALLS: dict[str, str] = {
    "DeviceInfo.getUniqueId": "a device ID (react-native-device-info getUniqueId)",
    "DeviceInfo.getAndroidId": "a device ID (ANDROID_ID)",
    "DeviceInfo.getInstanceId": "an app installation ID",
    "Application.getAndroidId": "a device ID (ANDROID_ID)",
    "FirebaseInstallations.getInstance.getId": "an app installation ID",
}
#: Identifier word endings that name a session or a device, not a person.
_SESSION_OR_DEVICE = (
    (("session", "id"), "a session ID"),
    (("session", "identifier"), "a session ID"),
    (("sessionid",), "a session ID"),
    (("device", "id"), "a device ID"),
    (("device", "identifier"), "a device ID"),
    (("device", "uuid"), "a device ID"),
    (("deviceid",), "a device ID"),
    (("identifier", "for", "vendor"), "a device ID (identifierForVendor)"),
    (("android", "id"), "a device ID (ANDROID_ID)"),
    (("advertising", "id"), "an advertising ID"),
    (("advertising", "identifier"), "an advertising ID"),
    (("idfa",), "an advertising ID"),
    (("idfv",), "a device ID (identifierForVendor)"),
    (("installation", "id"), "an app installation ID"),
    # Segment's and RudderStack's `anonymousId`: one per browser or install, made before
    # anyone logs in; as the external ID every browser becomes its own identified profile.
    (("anonymous", "id"), "an anonymous (per-browser or per-install) ID"),
    (("anonymous", "identifier"), "an anonymous (per-browser or per-install) ID"),
    (("anon", "id"), "an anonymous (per-browser or per-install) ID"),
)


class UnstableExternalId(FileRule):
    id = "BRZ305"
    keywords = rb"changeUser|external_id"
    languages = CODE_LANGUAGES

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for found in external_ids(facts):
            unstable = unstable_source(found.value)
            if unstable is None:
                continue
            kind, source = unstable
            shown = source if len(source) <= 60 else source[:57] + "..."
            yield self.finding(
                facts.path,
                found.value.span,
                f"{_subject(found.channel, found.where)} {kind} (`{shown}`); it is not "
                "the same for the same person next time, so every visit or device becomes "
                "a new profile. Use your own stable user ID (a database key or a UUID "
                "stored with the account), and leave not-yet-known users anonymous",
                fingerprint_key=shown,
            )


def _subject(channel: IdChannel, where: str) -> str:
    if channel is IdChannel.SDK:
        return f"the external ID given to {where} is"
    return "this `external_id` is"


def unstable_source(value: Value, depth: int = 0) -> tuple[str, str] | None:
    """What makes ``value`` unstable and the expression responsible (``Date.now()``,
    ``sessionId``), or None. Looks through string conversion and concatenation, but not
    into the arguments of other calls: ``lookupUser(sessionId)`` returns whatever the
    lookup returns."""
    if depth > 4:
        return None
    if value.resolved_from is not None:
        named = _named_kind(value.resolved_from)
        if named is not None:
            return named, value.resolved_from
    kind = value.kind
    if kind is ValueKind.TEMPLATE:
        for part in value.items:
            if part.kind is not ValueKind.STRING:
                found = unstable_source(part, depth + 1)
                if found is not None:
                    return found
        return None
    if kind is ValueKind.CALL and value.call is not None:
        for path in (_strip(value.text), _strip(".".join(value.call.qualified))):
            if path in _RANDOM_CALLS or path.rsplit(".", 1)[-1] == "randomUUID":
                return "a random value", f"{value.text}()"
            if path in _TIME_CALLS:
                return "the current time", f"{value.text}()"
            if path in _DEVICE_ID_CALLS:
                return _DEVICE_ID_CALLS[path], f"{value.text}()"
        if value.text in _PASS_THROUGH_CALLS or value.text.rsplit(".", 1)[-1] == "toString":
            for argument in value.call.args:
                found = unstable_source(argument.value, depth + 1)
                if found is not None:
                    return found
        named = _named_kind(value.text)
        return (named, f"{value.text}()") if named else None
    if kind is ValueKind.NAME:
        path = _strip(value.text)
        # ``UUID().uuidString`` and ``Date().timeIntervalSince1970`` collapse to names.
        if path in ("UUID", "NSUUID"):
            return "a random value", value.text
        if path == "Date":
            return "the current time", value.text
        named = _named_kind(value.text)
        return (named, value.text) if named else None
    return None


def _strip(dotted: str) -> str:
    parts = dotted.split(".")
    while len(parts) > 1 and parts[-1] in _PASS_THROUGH_SUFFIXES:
        parts.pop()
    return ".".join(parts)


def _named_kind(dotted: str) -> str | None:
    last = _strip(dotted).rsplit(".", 1)[-1]
    found = words(last)
    if len(found) > 1 and found[0] in ("get", "current", "fetch", "read"):
        found = found[1:]
    if {"by", "from", "to"} & set(found):
        # ``userIdBySessionId``, ``accountFromDeviceId``: a lookup keyed by the session.
        return None
    for ending, kind in _SESSION_OR_DEVICE:
        if found[-len(ending) :] == ending:
            return kind
    return None
