"""BRZ405 event-name-drift: the same custom event spelled differently in different places.

Braze keys custom events by their exact name, so ``product_viewed`` on Web, ``productViewed``
in the React Native app and ``Product Viewed`` from the server are three events: segments,
Canvas triggers and reports each see a third of the users. The rule reads the inventory's
event names (``brazelint.inventory``: SDK ``logCustomEvent`` on every platform, REST
``events`` objects, calls through the project's wrappers, names resolved from constants) and
groups the known ones by their *words*: split at case changes, separators (``_ - . ␠``)
and digits, lower-cased, each word made singular. Names that fall in one group but are
spelled differently drift only by case, separator or plural; mere edit distance never
groups names (``cart_viewed`` and ``card_viewed`` may both be real).

In a group, the main spelling is the one the most files use (then the most places, then
the first in path order); every use of another spelling is reported, with the main
spelling's places as related locations. Unknown names never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from brazelint import inventory
from brazelint.braze.names import words
from brazelint.braze.rest import BRAZE_IN_SIGHT, track_bodies, track_objects
from brazelint.braze.sdk import braze_calls
from brazelint.facts import FileFacts, ProjectFacts, view_of
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import ProjectRule
from brazelint.rules._drift import first_use_per_file, majority_rank

_MAX_RELATED = 5
#: What may differ between two spellings of one name besides case and plural.
_SEPARATORS = frozenset("_-. ")
#: Words ending in ``s`` that are not plurals (``new_item`` and ``news_item`` differ).
_NOT_PLURAL = frozenset(
    {
        "news",
        "series",
        "species",
        "sms",
        "ios",
        "gps",
        "aws",
        "analytics",
        "canvas",
        "yes",
        "has",
        "was",
        "does",
        "this",
        "always",
        "lens",
        "gas",
        "plus",
        "alias",
        "bonus",
    }
)


class EventNameDrift(ProjectRule):
    id = "BRZ405"
    # A REST body's `"events": [` / `events: [`, not any `events` (`com.braze.events.…` is
    # an Android package): pre-commit runs read the repository for this rule.
    keywords = rb"logCustomEvent|events[\"']?\s*[:=]"
    requires = (BRAZE_IN_SIGHT,)
    languages = CODE_LANGUAGES

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """The file's SDK event calls and imports (what its platform is told by); the whole
        file when it writes REST ``events`` objects (reading those needs its assignments,
        strings and what names Braze in it)."""
        if facts.language not in self.languages:
            return None
        if any(any(track_objects(body, "events")) for body in track_bodies(facts)):
            return facts
        calls = tuple(braze_calls(facts, "logCustomEvent"))
        if not calls:
            return None
        return view_of(facts, calls=calls, imports=facts.imports)

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        groups: dict[tuple[str, ...], dict[str, list[inventory.Use]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for use in inventory.collect(project.files, kinds=("event",)):
            if use.name is None:
                continue
            canonical = event_words(use.name)
            if canonical:
                groups[canonical][use.name].append(use)
        for canonical in sorted(groups):
            spellings = groups[canonical]
            if len(spellings) < 2:
                continue
            main = min(spellings, key=lambda name: _rank(name, spellings[name]))
            related = _related(main, spellings[main])
            for name in sorted(spellings):
                if name == main:
                    continue
                for use in spellings[name]:
                    here = related
                    if use.through is not None:
                        inside = RelatedLocation(
                            use.through.path,
                            use.through.span,
                            f"the Braze call inside `{use.through.wrapper}`",
                        )
                        here = (*related, inside)
                    yield self.finding(
                        use.path,
                        use.span,
                        _message(name, main, spellings[main], use),
                        fingerprint_key=f"{name}->{main}",
                        related=here,
                    )


def event_words(name: str) -> tuple[str, ...]:
    """The words of an event name, lower-case and singular: what two spellings of one
    event share (``Products Viewed`` and ``productViewed`` → ("product", "viewed")). Any
    other character (``$``, ``:``, ``/``) must be the same, so it is kept as a last part
    (``$opened_store`` is not ``opened_store``)."""
    found = tuple(singular(word) for word in words(name))
    other = "".join(c for c in name if not c.isalnum() and c not in _SEPARATORS)
    return (*found, "\0" + other) if other and found else found


def singular(word: str) -> str:
    """English plural ``-s``/``-es``/``-ies`` removed (``status``, ``address`` and
    ``news`` kept)."""
    if word in _NOT_PLURAL:
        return word
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _rank(label: str, uses: list[inventory.Use]) -> tuple[int, int, str, int, str]:
    return majority_rank(label, uses)


def _message(name: str, main: str, main_uses: list[inventory.Use], use: inventory.Use) -> str:
    places = len(main_uses)
    platforms = sorted({u.platform.value for u in main_uses})
    return (
        f'event "{name}" ({use.platform.value}) is spelled "{main}" in {places} other '
        f"place{'' if places == 1 else 's'} ({', '.join(platforms)}); Braze counts "
        "differently spelled names as different events. Use one spelling everywhere "
        "(a shared constant keeps them in step)"
    )


def _related(main: str, uses: list[inventory.Use]) -> tuple[RelatedLocation, ...]:
    """The first use of the main variant in each file, for at most a few files."""
    return first_use_per_file(uses, lambda use: f'"{main}" ({use.platform.value})', _MAX_RELATED)
