"""BRZ504 invalid-track-time: a /users/track event or purchase object without ``time``, or
whose ``time`` is certainly not an ISO 8601 string.

``time`` is required on event and purchase objects and must be an ISO 8601 datetime string
(or Braze's ``yyyy-MM-dd'T'HH:mm:ss:SSSZ``) (braze-facts.md §3.4). Reported:

- a missing ``time`` key (unless the object has a spread or computed key that may hold it);
- a literal string that is not ISO 8601 (``"17/05/2026"``, ``"May 17, 2026"``) — date-only
  ``2026-05-17`` and a space instead of ``T`` are accepted;
- an epoch number: a number literal, ``null``/``None``, or a value computed only from
  epoch clocks (``time.time()``, ``int(time.time())``, ``Date.now()``,
  ``Math.floor(Date.now() / 1000)``, ``datetime.timestamp()``, ``getTime()``,
  ``moment().unix()``);
- ``strftime`` with a literal format that does not start with ``%Y-%m-%d``.

Anything else (``u.created_at``, ``toISOString()``, ``isoformat()``) is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brazelint.braze.rest import track_objects, users_track_bodies
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.:]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
#: Calls that return seconds or milliseconds since the epoch.
_EPOCH_CHAINS = frozenset(
    {
        ("time", "time"),
        ("time", "time_ns"),
        ("Date", "now"),
        ("Date", "parse"),
        ("calendar", "timegm"),
        ("time", "mktime"),
    }
)
_EPOCH_NAMES = frozenset({"timestamp", "getTime", "valueOf", "unix", "time_ns"})
#: Calls that only convert or round a number.
_NUMERIC_WRAPPERS = frozenset({"int", "float", "round", "floor", "ceil", "trunc", "Number"})


class InvalidTrackTime(FileRule):
    id = "BRZ504"
    keywords = rb"users/track"
    languages = frozenset({Language.PYTHON, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for body, _ in users_track_bodies(facts):
            for array, noun in (("events", "event"), ("purchases", "purchase")):
                for item in track_objects(body, array):
                    where = (item.span.line, item.span.col)
                    if where in seen:
                        continue
                    seen.add(where)
                    finding = self._judge(facts.path, item, noun)
                    if finding is not None:
                        yield finding

    def _judge(self, path: str, item: Value, noun: str) -> Finding | None:
        time = item.get("time")
        if time is None:
            if any(key is None for key, _ in item.entries):
                return None
            return self.finding(
                path,
                item.span,
                f"this {noun} object has no `time`: Braze requires it and rejects the "
                f"{noun}; add the time it happened as an ISO 8601 string "
                '("2026-05-17T10:00:00Z", `datetime.isoformat()`, `Date#toISOString()`)',
                fingerprint_key=f"{noun}:missing",
            )
        problem = time_problem(time)
        if problem is None:
            return None
        return self.finding(
            path,
            time.span,
            f"`time` of this {noun} object is {problem}; Braze expects an ISO 8601 datetime "
            'string such as "2026-05-17T10:00:00Z" (`datetime.isoformat()`, '
            "`Date#toISOString()`)",
            fingerprint_key=f"{noun}:{problem}",
        )


def time_problem(value: Value) -> str | None:
    """Why ``value`` is certainly not an ISO 8601 string, or None."""
    kind = value.kind
    if kind is ValueKind.STRING:
        return None if is_iso8601(value.text) else f'"{value.text}", not ISO 8601'
    if kind is ValueKind.NUMBER:
        return f"the number {value.text} (an epoch timestamp?)"
    if kind is ValueKind.NULL:
        return "null"
    if _is_epoch(value):
        source = f" from {value.text}()" if kind is ValueKind.CALL else ""
        return f"an epoch number{source}"
    if kind is ValueKind.CALL and value.call is not None and value.call.name == "strftime":
        layout = value.call.arg(0)
        if (
            layout is not None
            and layout.kind is ValueKind.STRING
            and not layout.text.startswith("%Y-%m-%d")
        ):
            return f'formatted as "{layout.text}", not ISO 8601'
    return None


def is_iso8601(text: str) -> bool:
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return False
    month, day = int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    hour, minute, second = match.group(4), match.group(5), match.group(6)
    if hour is not None and not (int(hour) <= 23 and int(minute) <= 59):
        return False
    return second is None or int(second) <= 60


def _is_epoch(value: Value, depth: int = 0) -> bool:
    """A value computed from an epoch clock with only arithmetic and number conversions."""
    if depth > 6:
        return False
    if value.kind is ValueKind.CALL and value.call is not None:
        call = value.call
        if (
            call.chain in _EPOCH_CHAINS
            or call.qualified in _EPOCH_CHAINS
            or call.name in _EPOCH_NAMES
        ):
            return True
        if call.name in _NUMERIC_WRAPPERS and call.args:
            return _is_epoch(call.args[0].value, depth + 1)
        return False
    if value.kind is ValueKind.ARITHMETIC:
        return any(_is_epoch(item, depth + 1) for item in value.items) and all(
            _is_epoch(item, depth + 1) or item.kind is ValueKind.NUMBER for item in value.items
        )
    return False
