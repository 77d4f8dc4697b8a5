"""BRZ306 external-id-source-mismatch: clients and server identify the same user from
different fields.

Braze keys a profile on its external ID (braze-facts.md §4): when the Web app calls
``changeUser(user.id)`` and the server sends ``"external_id": user.uid`` to
``/users/track``, one person becomes two profiles, and the server's attributes and events
never reach the profile the apps message. The rule collects every external ID the project
gives Braze (``changeUser`` on every SDK, REST ``external_id``), each with the user field it
is read from (``brazelint.braze.identity.id_source``: seen through the variables and
constants the value flow resolved and through string conversions such as ``String(…)``,
``str(…)``, ``.toString()``). Fields are compared by their last name (``user.id`` and
``account.id`` are both ``id``; ``user.uid``, ``account.account_number`` and
``user.email`` are others). Sources that name no field (literals, bare parameters,
computations) never count, nor do IDs BRZ305 unstable-external-id reports (session,
device, random or time-based values): they are no user field.

With two fields or more, the main one is the one the most files use (then the most places,
then the first in path order), a field holding personal data ranked last; every use of
another field is reported, with the other fields' places as related locations. A use whose
value is personal data (an email, a phone number) is left to BRZ301 pii-external-id,
which reports it already.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from brazelint import inventory
from brazelint.braze.identity import IdChannel, IdSource, external_ids, id_source
from brazelint.braze.sdk import change_user_ids
from brazelint.discover import matches_glob
from brazelint.facts import FileFacts, ProjectFacts, Span, Through, view_of
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES
from brazelint.rule import ProjectRule
from brazelint.rules._drift import majority_rank
from brazelint.rules.brz301_pii_external_id import pii_kind
from brazelint.rules.brz305_unstable_external_id import unstable_source

#: Related locations per finding: at most this many, one per file, every field and
#: platform first.
_MAX_RELATED = 8


@dataclass(frozen=True, slots=True)
class _IdUse:
    source: IdSource
    pii: bool
    platform: inventory.Platform
    path: str
    span: Span
    #: What the user wrote: "changeUser()", "external_id".
    where: str
    through: Through | None


class ExternalIdSourceMismatch(ProjectRule):
    id = "BRZ306"
    keywords = rb"changeUser|external_id"
    languages = CODE_LANGUAGES

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """The file's ``changeUser`` calls and imports (its platform is told by them); the
        whole file when it writes REST bodies (reading their ``external_id`` needs the
        assignments and strings)."""
        if facts.language not in self.languages:
            return None
        if any(found.channel is IdChannel.REST for found in external_ids(facts)):
            return facts
        calls = tuple(found.call for found in change_user_ids(facts))
        if not calls:
            return None
        kept = tuple(call for call in facts.calls if any(call is c for c in calls))
        return view_of(facts, calls=kept, imports=facts.imports)

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        by_field: dict[str, list[_IdUse]] = defaultdict(list)
        for use in self._uses(project.files):
            by_field[use.source.field].append(use)
        if len(by_field) < 2:
            return
        main = min(by_field, key=lambda name: _rank(name, by_field[name]))
        for field in sorted(by_field):
            if field == main:
                continue
            related = _related(field, by_field)
            for use in by_field[field]:
                if use.pii:
                    continue  # BRZ301 pii-external-id reports it
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
                    _message(use, main, by_field[main]),
                    fingerprint_key=f"{use.source.expression}:{field}->{main}",
                    related=here,
                )

    def _uses(self, files: tuple[FileFacts, ...]) -> Iterator[_IdUse]:
        # A wrapper's own changeUser whose ID is its parameter is represented by the
        # wrapper's call sites (as in the inventory).
        inside_wrappers = {
            (call.via.path, call.via.span) for facts in files for call in facts.calls if call.via
        }
        for facts in files:
            if self._in_test_path(facts.path):
                continue
            platform = inventory.file_platform(facts)
            for found in external_ids(facts):
                source = id_source(found.value)
                if source is None or unstable_source(found.value) is not None:
                    continue  # no field, or BRZ305's: a session, device or random ID
                call = found.call
                span = call.span if call is not None else found.value.span
                via = call.via if call is not None else None
                if via is None and (facts.path, span) in inside_wrappers:
                    continue
                yield _IdUse(
                    source,
                    pii_kind(found.value) is not None,
                    platform,
                    facts.path,
                    found.value.span,
                    found.where,
                    via,
                )

    def _in_test_path(self, path: str) -> bool:
        """Test files (configuration ``test-paths``, when this rule is silenced there)
        identify made-up users: their IDs are not compared with the app's."""
        setting = self.settings.extra.get("test_paths")  # config.TEST_PATHS_SETTING
        if not isinstance(setting, tuple) or len(setting) != 2:
            return False
        globs, silenced = setting
        if self.id not in silenced:
            return False
        return any(matches_glob(path, glob) for glob in globs)


def _rank(field: str, uses: list[_IdUse]) -> tuple[bool, tuple[int, int, str, int, str]]:
    """A field holding personal data is never the main one while another field is used."""
    pii = all(use.pii for use in uses)
    return (pii, majority_rank(field, uses))


def _message(use: _IdUse, main: str, main_uses: list[_IdUse]) -> str:
    places = len(main_uses)
    platforms = ", ".join(_platforms(main_uses))
    return (
        f"{use.where} is given `{use.source.expression}` (field `{use.source.field}`) here "
        f"({use.platform.value}), but the external ID comes from field `{main}` in {places} "
        f"other place{'' if places == 1 else 's'} ({platforms}); one person then gets two "
        "Braze profiles, and what one side sends never reaches the profile the other "
        "identifies. Take the external ID from the same field everywhere"
    )


def _platforms(uses: list[_IdUse]) -> list[str]:
    found = {use.platform for use in uses}
    return [platform.value for platform in inventory.PLATFORMS if platform in found]


def _related(odd: str, by_field: dict[str, list[_IdUse]]) -> tuple[RelatedLocation, ...]:
    """The other fields' places: first one per (field, platform), so that every platform
    involved is shown, then one per file, at most ``_MAX_RELATED``."""
    others = [
        use
        for field in sorted(by_field)
        if field != odd
        for use in sorted(by_field[field], key=lambda u: (u.path, u.span.line, u.span.col))
    ]
    chosen: list[_IdUse] = []
    seen_platforms: set[tuple[str, inventory.Platform]] = set()
    for use in others:
        if (use.source.field, use.platform) not in seen_platforms:
            seen_platforms.add((use.source.field, use.platform))
            chosen.append(use)
    seen_files = {(use.source.field, use.path) for use in chosen}
    for use in others:
        if (use.source.field, use.path) not in seen_files:
            seen_files.add((use.source.field, use.path))
            chosen.append(use)
    chosen = chosen[:_MAX_RELATED]
    chosen.sort(key=lambda u: (u.path, u.span.line, u.span.col))
    return tuple(
        RelatedLocation(
            use.path,
            use.span,
            f"{use.where} given `{use.source.expression}` ({use.platform.value})",
        )
        for use in chosen
    )
