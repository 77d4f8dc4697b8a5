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

With a tracking plan (``RuleSettings.tracking_plan``) the plan decides: an unplanned name
with the words of a planned one, or within a small edit distance of them
(``_drift.near_planned``: 1 edit below 8 letters, 2 from 8, none below 4), is reported
with the nearest planned name; planned names are never reported, not even against each
other (``cart_viewed`` and ``card_viewed`` both planned are two events). Names near no
planned one are grouped as without a plan (BRZ407 reports them as unplanned).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from brazelint import inventory
from brazelint.braze.rest import BRAZE_IN_SIGHT, track_bodies, track_objects
from brazelint.braze.sdk import braze_calls
from brazelint.facts import FileFacts, ProjectFacts, view_of
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import ProjectRule
from brazelint.rules._drift import event_words, first_use_per_file, majority_rank, near_planned
from brazelint.rules._drift import singular as singular  # the tests' import
from brazelint.tracking_plan import TrackingPlan

_MAX_RELATED = 5


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
        by_name: dict[str, list[inventory.Use]] = defaultdict(list)
        for use in inventory.collect(project.files, kinds=("event",)):
            if use.name is not None:
                by_name[use.name].append(use)
        plan = self.settings.tracking_plan
        planned = plan.event_names if plan is not None else frozenset()
        # With a plan: an unplanned name near a planned one drifts from the planned one.
        near: dict[str, str] = {}
        for name in sorted(by_name) if planned else ():
            target = near_planned(name, planned)
            if target is not None:
                near[name] = target
        groups: dict[tuple[str, ...], dict[str, list[inventory.Use]]] = defaultdict(dict)
        for name, uses in by_name.items():
            canonical = event_words(name)
            if canonical and name not in near:
                groups[canonical][name] = uses
        for canonical in sorted(groups):
            spellings = groups[canonical]
            # Planned names are never drift, not even of each other; an unplanned name
            # with the same words as a planned one is in `near`.
            if len(spellings) < 2 or planned.intersection(spellings):
                continue
            main = min(spellings, key=lambda name: _rank(name, spellings[name]))
            related = _related(main, spellings[main])
            for name in sorted(spellings):
                if name == main:
                    continue
                for use in spellings[name]:
                    yield self.finding(
                        use.path,
                        use.span,
                        _message(name, main, spellings[main], use),
                        fingerprint_key=f"{name}->{main}",
                        related=_with_wrapper(related, use),
                    )
        for name in sorted(near):
            target = near[name]
            target_uses = by_name.get(target, [])
            related = _related(target, target_uses)
            for use in by_name[name]:
                yield self.finding(
                    use.path,
                    use.span,
                    _planned_message(name, target, target_uses, use, plan),
                    fingerprint_key=f"{name}->{target}",
                    related=_with_wrapper(related, use),
                )


def _with_wrapper(
    related: tuple[RelatedLocation, ...], use: inventory.Use
) -> tuple[RelatedLocation, ...]:
    """``related``, and the Braze call inside the wrapper ``use`` goes through."""
    if use.through is None:
        return related
    inside = RelatedLocation(
        use.through.path, use.through.span, f"the Braze call inside `{use.through.wrapper}`"
    )
    return (*related, inside)


def _planned_message(
    name: str,
    target: str,
    target_uses: list[inventory.Use],
    use: inventory.Use,
    plan: TrackingPlan | None,
) -> str:
    where = f" ({plan.file_name})" if plan is not None else ""
    if target_uses:
        places = len(target_uses)
        platforms = ", ".join(sorted({u.platform.value for u in target_uses}))
        seen = f", sent as planned in {places} place{'' if places == 1 else 's'} ({platforms})"
    else:
        seen = ""
    return (
        f'event "{name}" ({use.platform.value}) is not in the tracking plan{where}, which '
        f'has "{target}"{seen}; Braze counts differently spelled names as different '
        "events. Use the planned name (a shared constant keeps them in step), or add this "
        "one to the plan if it is really another event"
    )


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
