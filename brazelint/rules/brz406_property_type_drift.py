"""BRZ406 property-type-drift: one event property or custom attribute given values of
different types in different places.

Braze stores a custom attribute with the type of the first value it saw, and a segment or
Canvas filter on an event property compares values of one type: a ``price`` that is a
number on Android and a string on iOS silently drops half the users from ``price > 10``.
The rule reads the inventory (``brazelint.inventory``): each property of each custom event
(by the event's exact name) and each custom attribute's value, with the type inferred from
the value (string, number, boolean, date, array, object). Values of unknown type never
count. The main type is the one the most files give (then the most places, then the first
in path order); every use with another type is reported, with the main type's places as
related locations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from brazelint import inventory
from brazelint.braze.rest import BRAZE_IN_SIGHT, track_bodies, track_objects
from brazelint.braze.sdk import CUSTOM_ATTRIBUTE_METHODS, braze_calls, is_braze_receiver
from brazelint.facts import FileFacts, ProjectFacts, view_of
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import ProjectRule
from brazelint.rules._drift import first_use_per_file, majority_rank

_MAX_RELATED = 5


class PropertyTypeDrift(ProjectRule):
    id = "BRZ406"
    keywords = (
        rb"logCustomEvent|CustomAttribute|CustomUserAttribute|"
        rb"(?:events|attributes)[\"']?\s*[:=]"
    )
    requires = (BRAZE_IN_SIGHT,)
    languages = CODE_LANGUAGES

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """The file's SDK event and attribute calls and its imports; the whole file when it
        writes REST ``events`` or ``attributes`` objects."""
        if facts.language not in self.languages:
            return None
        for body in track_bodies(facts):
            if any(track_objects(body, "events")) or any(track_objects(body, "attributes")):
                return facts
        calls = [
            call
            for call in facts.calls
            if call.name in CUSTOM_ATTRIBUTE_METHODS and is_braze_receiver(call)
        ]
        calls.extend(braze_calls(facts, "logCustomEvent"))
        if not calls:
            return None
        ordered = tuple(call for call in facts.calls if any(call is c for c in calls))
        return view_of(facts, calls=ordered, imports=facts.imports)

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        # (kind, name, property) -> type -> uses
        typed: dict[tuple[str, str, str], dict[str, list[inventory.Use]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for use in inventory.collect(project.files, kinds=("event", "attribute")):
            if use.name is None:
                continue
            for prop, kind in use.properties:
                if kind != "unknown":
                    typed[(use.kind, use.name, prop)][kind].append(use)
        for key in sorted(typed):
            by_type = typed[key]
            if len(by_type) < 2:
                continue
            main = min(by_type, key=lambda kind: _rank(kind, by_type[kind]))
            related = _related(main, by_type[main])
            for kind in sorted(by_type):
                if kind == main:
                    continue
                for use in by_type[kind]:
                    yield self.finding(
                        use.path,
                        use.span,
                        _message(key, kind, main, by_type[main], use),
                        fingerprint_key=f"{key[0]}:{key[1]}.{key[2]}:{kind}->{main}",
                        related=related,
                    )


def _rank(label: str, uses: list[inventory.Use]) -> tuple[int, int, str, int, str]:
    return majority_rank(label, uses)


def _message(
    key: tuple[str, str, str],
    kind: str,
    main: str,
    main_uses: list[inventory.Use],
    use: inventory.Use,
) -> str:
    what, name, prop = key
    subject = (
        f'custom attribute "{name}"'
        if what == "attribute"
        else f'property "{prop}" of event "{name}"'
    )
    places = len(main_uses)
    platforms = ", ".join(sorted({u.platform.value for u in main_uses}))
    return (
        f"{subject} is {_article(kind)} here ({use.platform.value}) but {_article(main)} in "
        f"{places} other place{'' if places == 1 else 's'} ({platforms}); Braze filters "
        "compare one type, so users sent the other type drop out of segments. Send the same "
        "type everywhere"
    )


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _related(main: str, uses: list[inventory.Use]) -> tuple[RelatedLocation, ...]:
    """The first use of the main variant in each file, for at most a few files."""
    return first_use_per_file(
        uses, lambda use: f"{_article(main)} ({use.platform.value})", _MAX_RELATED
    )
