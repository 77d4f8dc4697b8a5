"""BRZ205 unknown-config-key: a misspelled Braze key in Android resources (``braze.xml``,
``com_braze_*`` / legacy ``com_appboy_*``) or in an Info.plist ``Braze`` / ``Appboy``
dictionary. The SDK looks keys up by exact name, so a misspelled one is never read and the
setting keeps its default: a misspelled ``com_braze_api_key`` or ``Endpoint`` leaves the SDK
unconfigured or on the wrong cluster without a word.

Only near misses of keys known from Braze's SDKs and docs are reported
(:mod:`brazelint.braze.config_keys`): the SDKs have more keys than that list, so an
unfamiliar key far from every known one says nothing.

The fix renames the key to the one meant, replacing only the key's name where the file
writes it (the ``name="…"`` attribute, the plist ``<key>`` element just before the value),
and only when the file holds the name there exactly as read (no entities). It is SAFE: a
near miss of exactly one known key (one edit, or case and ``-``/``_`` only) cannot be a key
the SDK reads, so renaming it can only make the SDK read a setting it now ignores.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brazelint.braze.config_keys import (
    ANDROID_KEYS,
    ANDROID_PREFIXES,
    PLIST_DICTIONARIES,
    PLIST_KEYS,
    near_miss,
)
from brazelint.facts import ConfigEntry, FileFacts, Span
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.languages import Language
from brazelint.rule import FileRule
from brazelint.rules._spans import source_text, span_within

#: The ``name`` attribute of a resource's start tag, its value in group 2.
_NAME_ATTRIBUTE = re.compile(r"""\sname\s*=\s*(["'])([^"'<>]*)\1""")
#: A plist ``<key>`` with nothing but white space after it, its text in group 1.
_KEY_BEFORE = re.compile(r"<key>([^<]*)</key>\s*$")
#: How many lines before a plist value its key may start.
_KEY_LINES = 4


class UnknownConfigKey(FileRule):
    id = "BRZ205"
    keywords = rb"com_braze_|com_appboy_|braze|appboy"
    languages = frozenset({Language.ANDROID_XML, Language.PLIST})

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if facts.language is Language.ANDROID_XML:
            yield from self._android(facts)
        else:
            yield from self._plist(facts)

    def _android(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[str] = set()
        for entry in facts.config:
            prefix = next((p for p in ANDROID_PREFIXES if entry.key.startswith(p)), None)
            if prefix is None or entry.key in seen:
                continue
            seen.add(entry.key)
            meant = near_miss(entry.key.removeprefix(prefix), ANDROID_KEYS)
            if meant is not None:
                fix = _android_fix(facts, entry, prefix + meant)
                yield self._report(facts, entry.span, entry.key, prefix + meant, fix)

    def _plist(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        for entry in facts.config:
            dictionary, _, rest = entry.key.partition(".")
            if dictionary not in PLIST_DICTIONARIES or not rest:
                continue
            key = rest.split(".", 1)[0]
            if (dictionary, key) in seen:
                continue
            seen.add((dictionary, key))
            meant = near_miss(key, PLIST_KEYS)
            if meant is not None:
                fix = _plist_fix(facts, entry, key, meant) if rest == key else None
                yield self._report(
                    facts, entry.span, f"{dictionary} > {key}", f"{dictionary} > {meant}", fix
                )

    def _report(
        self, facts: FileFacts, span: Span, written: str, meant: str, fix: Fix | None
    ) -> Finding:
        return self.finding(
            facts.path,
            span,
            f"`{written}` is not a key the Braze SDK reads, so this setting is ignored and "
            f"the SDK keeps its default; did you mean `{meant}`?",
            fingerprint_key=written,
            fix=fix,
        )


def _rename(span: Span, written: str, meant: str) -> Fix:
    return Fix(
        f"Rename `{written}` to `{meant}`", (Edit(span, meant, written),), Applicability.SAFE
    )


def _android_fix(facts: FileFacts, entry: ConfigEntry, meant: str) -> Fix | None:
    """Rename the resource in its start tag's ``name`` attribute."""
    element = source_text(facts.lines, entry.span)
    if element is None:
        return None
    tag = element[: element.find(">") + 1] or element
    found = [m for m in _NAME_ATTRIBUTE.finditer(tag) if m.group(2) == entry.key]
    if len(found) != 1:
        return None
    span = span_within(entry.span, element, found[0].start(2), found[0].end(2))
    return _rename(span, entry.key, meant)


def _plist_fix(facts: FileFacts, entry: ConfigEntry, key: str, meant: str) -> Fix | None:
    """Rename the ``<key>`` element written just before the value (white space between)."""
    value = entry.span
    first = max(1, value.line - _KEY_LINES)
    before = source_text(facts.lines, Span(first, 1, value.line, value.col))
    if before is None:
        return None
    found = _KEY_BEFORE.search(before)
    if found is None or found.group(1) != key:
        return None
    span = span_within(Span(first, 1, first, 1), before, found.start(1), found.end(1))
    return _rename(span, key, meant)
