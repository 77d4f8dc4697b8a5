"""BRZ205 unknown-config-key: a misspelled Braze key in Android resources (``braze.xml``,
``com_braze_*`` / legacy ``com_appboy_*``) or in an Info.plist ``Braze`` / ``Appboy``
dictionary. The SDK looks keys up by exact name, so a misspelled one is never read and the
setting keeps its default: a misspelled ``com_braze_api_key`` or ``Endpoint`` leaves the SDK
unconfigured or on the wrong cluster without a word.

Only near misses of keys known from Braze's SDKs and docs are reported
(:mod:`brazelint.braze.config_keys`): the SDKs have more keys than that list, so an
unfamiliar key far from every known one says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.config_keys import (
    ANDROID_KEYS,
    ANDROID_PREFIXES,
    PLIST_DICTIONARIES,
    PLIST_KEYS,
    near_miss,
)
from brazelint.facts import FileFacts, Span
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule


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
                yield self._report(facts, entry.span, entry.key, prefix + meant)

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
                yield self._report(
                    facts, entry.span, f"{dictionary} > {key}", f"{dictionary} > {meant}"
                )

    def _report(self, facts: FileFacts, span: Span, written: str, meant: str) -> Finding:
        return self.finding(
            facts.path,
            span,
            f"`{written}` is not a key the Braze SDK reads, so this setting is ignored and "
            f"the SDK keeps its default; did you mean `{meant}`?",
            fingerprint_key=written,
        )
