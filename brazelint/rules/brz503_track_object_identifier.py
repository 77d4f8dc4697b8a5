"""BRZ503 track-object-identifier: a /users/track object that Braze cannot attribute to
exactly one user.

Every attributes / events / purchases object needs an identifier: a primary one
(``external_id``, ``user_alias``, ``braze_id``) or, for lookup, ``email`` / ``phone``. More
than one primary identifier gets the object rejected, and ``user_alias`` must be an object
with both ``alias_name`` and ``alias_label`` (braze-facts.md §3.2, §3.4).

Only keys written as literals are judged: an object with a spread (``**base``,
``...base``) or a computed key may hold an identifier the rule cannot see, so it is never
reported as having none. A key whose value is a literal ``None``/``null`` does not count as
present. Attribute objects with ``push_token_import`` are exempt from the "no identifier"
check (token imports are sent without one, §3.4). Objects come from list literals and from
the element a comprehension or ``.map`` builds.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.rest import track_objects, users_track_bodies
from brazelint.facts import FileFacts, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule

_ARRAYS = ("attributes", "events", "purchases")
PRIMARY = ("external_id", "user_alias", "braze_id")
SECONDARY = ("email", "phone")


class TrackObjectIdentifier(FileRule):
    id = "BRZ503"
    keywords = rb"users/track"
    languages = frozenset({Language.PYTHON, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for body, _ in users_track_bodies(facts):
            for array in _ARRAYS:
                for item in track_objects(body, array):
                    where = (item.span.line, item.span.col)
                    if where in seen:
                        continue
                    seen.add(where)
                    yield from self._judge(facts.path, item, array)

    def _judge(self, path: str, item: Value, array: str) -> Iterator[Finding]:
        noun = _NOUNS[array]
        opaque = any(key is None for key, _ in item.entries)
        primary = [key for key in PRIMARY if _present(item, key)]
        if len(primary) > 1:
            named = " and ".join(f"`{key}`" for key in primary)
            yield self.finding(
                path,
                item.span,
                f"this {noun} object has {named}: Braze allows one primary identifier per "
                "object and rejects the object otherwise; send one (to connect an alias or "
                "Braze ID to an external ID, use /users/identify)",
                fingerprint_key=f"{array}:{'+'.join(primary)}",
            )
        elif (
            not primary
            and not opaque
            and not any(_present(item, key) for key in SECONDARY)
            and item.get("push_token_import") is None
        ):
            yield self.finding(
                path,
                item.span,
                f"this {noun} object has no identifier: Braze cannot tell which user it is "
                "for and rejects it; add `external_id` (or `user_alias`, `braze_id`, "
                "`email`, `phone`)",
                fingerprint_key=f"{array}:none",
            )
        alias = item.get("user_alias")
        if alias is not None:
            yield from self._judge_alias(path, alias, noun)

    def _judge_alias(self, path: str, alias: Value, noun: str) -> Iterator[Finding]:
        if alias.kind is ValueKind.STRING:
            yield self.finding(
                path,
                alias.span,
                f"`user_alias` in this {noun} object is a string; Braze expects an object "
                '`{"alias_name": …, "alias_label": …}`',
                fingerprint_key="alias:string",
            )
            return
        if alias.kind is not ValueKind.DICT or any(key is None for key, _ in alias.entries):
            return
        missing = [key for key in ("alias_name", "alias_label") if alias.get(key) is None]
        if missing:
            named = " and ".join(f"`{key}`" for key in missing)
            yield self.finding(
                path,
                alias.span,
                f"`user_alias` in this {noun} object lacks {named}: an alias is identified by "
                "both `alias_name` and `alias_label`, so Braze rejects the object",
                fingerprint_key=f"alias:{'+'.join(missing)}",
            )


_NOUNS = {"attributes": "attributes", "events": "event", "purchases": "purchase"}


def _present(item: Value, key: str) -> bool:
    value = item.get(key)
    return value is not None and value.kind is not ValueKind.NULL
