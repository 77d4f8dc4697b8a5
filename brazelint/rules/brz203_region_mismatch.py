"""BRZ203 region-mismatch: one project talks to more than one Braze cluster.

A Braze workspace lives on exactly one cluster (braze-facts.md §1.1); data sent to another
cluster's SDK host is lost and REST calls get 401 ("sending the request to the incorrect
instance"). Every known SDK and REST host the project writes down — Web ``baseUrl``, Swift
``Braze.Configuration(endpoint:)``, plist ``Braze > Endpoint``, Android
``setCustomEndpoint`` / ``com_braze_custom_endpoint``, server REST base URLs, ``.env``
values — is collected across files. When they name more than one cluster, every host on a
cluster other than the project's main one is reported, with the main cluster's locations
as related locations.

Environment-specific configuration is compared only with itself. A host belongs to an
environment ("flavour") when

- configuration names ``environment-globs`` and the file matches one (the glob is the
  flavour; the path heuristic below is then not used), or otherwise
- the file lives in an Android source set other than ``main``/``release``/``prod``
  (``src/debug/res/…``, ``src/staging/java/…``), or
- a folder on its path is an environment name (``debug/``, ``dev/``, ``staging/``,
  ``test/``, ``androidTest/`` …), or
- its file name contains one as a word (``config.dev.ts``, ``Info-Debug.plist``,
  ``.env.development``, ``.env.local``; ``.env.production`` is the default environment), or
- it sits under a debug/environment guard in code (``#if DEBUG``,
  ``if (BuildConfig.DEBUG)``, ``if (__DEV__)``); the ``else`` arm is the default.

The main cluster of a group is the one the most files use; ties go to the cluster used
by the most hosts, then to the one seen first in path order. With ``allowed-clusters``
configured the majority is not used: every host on a cluster outside the list is
reported, in every environment, and hosts on listed clusters never are (that is how a
deliberately multi-region project says so).

A *cluster catalogue* is not configuration and is left out: a list whose items name two
or more clusters (a settings picker's ``choices``), or a dict that maps three or more
clusters, or two under region-like keys (``{"US": "sdk.iad-01…", "EU": "sdk.fra-01…"}``).
Only one entry of such a table is ever used at run time, so its hosts say nothing about
which cluster the project talks to (seen in the Segment and mParticle Braze integrations).
The same holds for a conditional whose arms name different clusters (a ``switch``/``when``
over a region setting, ``if``/``else``, a ternary), for a table returned by a helper, and
for an HTML ``<select>`` whose ``<option>``s are hosts. The hosts of a chooser are still
checked one by one for validity (BRZ201 unknown-endpoint, BRZ204 endpoint-format).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from brazelint.braze.hosts import CLUSTERS, INSTANCE_NAMES, HostKind, HostRef, find_hosts
from brazelint.braze.names import words
from brazelint.discover import matches_glob
from brazelint.facts import FileFacts, Flow, ProjectFacts, Span, Value, ValueKind, view_of
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import ProjectRule
from brazelint.rules._spans import span_within

#: Words that name a non-production environment, mapped to one name per environment so
#: that ``src/debug/`` and ``#if DEBUG`` are the same flavour.
_ENVIRONMENTS: dict[str, str] = {
    "debug": "debug",
    "dev": "dev",
    "develop": "dev",
    "development": "dev",
    "local": "dev",
    "staging": "staging",
    "stage": "staging",
    "stg": "staging",
    "preprod": "staging",
    "uat": "staging",
    "qa": "qa",
    "sandbox": "sandbox",
    "test": "test",
    "tests": "test",
    "testing": "test",
    "spec": "test",
    "androidtest": "test",
    "__tests__": "test",
}
#: Android source sets that ship in the production app.
_PRODUCTION_SOURCE_SETS = frozenset({"main", "release", "prod", "production"})
_SOURCE_SET_CONTENT = frozenset(
    {"java", "kotlin", "res", "assets", "resources", "aidl", "jnilibs", "swift"}
)
_CONFIG_LANGUAGES = frozenset(
    {Language.ANDROID_XML, Language.PLIST, Language.DOTENV, Language.JSON}
)
#: Markdown and plain text (read as templates): their hosts are checked for validity by
#: BRZ201/BRZ204, but documentation is not configuration.
_DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt")
#: Languages whose hosts are string literals (HTML templates: inline scripts, attributes).
_STRING_LANGUAGES = CODE_LANGUAGES | {Language.LIQUID}
_MAX_RELATED = 5


@dataclass(frozen=True, slots=True)
class _HostUse:
    path: str
    span: Span
    host: str
    cluster: str
    flavour: str | None


class RegionMismatch(ProjectRule):
    id = "BRZ203"
    # \b: `com.braze.events` (an Android package) is no host.
    keywords = rb"\.braze\.(?:com|eu)\b"
    languages = _STRING_LANGUAGES | _CONFIG_LANGUAGES

    def check_project(self, project: ProjectFacts) -> Iterator[Finding]:
        uses = [use for facts in project.files for use in self._uses(facts)]
        if not uses:
            return
        allowed = tuple(_cluster_name(name) for name in self.settings.allowed_clusters)
        if allowed:
            yield from self._outside_allowed(uses, allowed)
            return
        groups: dict[str | None, list[_HostUse]] = defaultdict(list)
        for use in uses:
            groups[use.flavour].append(use)
        for flavour in sorted(groups, key=lambda name: name or ""):
            yield from self._mismatches(groups[flavour], flavour)

    def project_view(self, facts: FileFacts) -> FileFacts | None:
        """Literals and config values naming a cluster host, and the calls and assignments
        whose values hold such a literal (where cluster catalogues are looked for)."""
        if facts.language not in self.languages:
            return None
        if facts.language not in _STRING_LANGUAGES:
            config = [entry for entry in facts.config if any(_cluster_hosts(entry.value))]
            return view_of(facts, config=tuple(config)) if config else None
        strings = [literal for literal in facts.strings if any(_cluster_hosts(literal.text))]
        if not strings:
            return None
        calls = [call for call in facts.calls if any(_holds_host(a.value) for a in call.args)]
        assignments = [a for a in facts.assignments if _holds_host(a.value)]
        returns = [r for r in facts.returns if _holds_host(r.value)]
        return view_of(
            facts,
            strings=tuple(strings),
            calls=tuple(calls),
            assignments=tuple(assignments),
            returns=tuple(returns),
        )

    # --- collecting ------------------------------------------------------------------------

    def _uses(self, facts: FileFacts) -> Iterator[_HostUse]:
        if facts.language not in self.languages or self._in_test_path(facts.path):
            return
        if facts.path.lower().endswith(_DOCUMENT_SUFFIXES):
            return  # a README's snippets document clusters, they configure none
        path_flavour = self._path_flavour(facts.path)
        seen: set[Span] = set()
        if facts.language in _STRING_LANGUAGES:
            # Only a file naming two clusters can hold a catalogue; skip the walk otherwise.
            named = {
                ref.cluster for literal in facts.strings for ref in _cluster_hosts(literal.text)
            }
            catalogue = _catalogue_spans(facts) if len(named) > 1 else set()
            arms = _chooser_branches(facts) if len(named) > 1 else set()
            returned = _chooser_returns(facts) if len(named) > 1 else []
            for literal in facts.strings:
                if literal.span in catalogue or arms.intersection(literal.flow.branch):
                    continue
                if any(span_contains(outer, literal.span) for outer in returned):
                    continue
                flavour = path_flavour or _guard_flavour(literal.flow)
                for ref in _cluster_hosts(literal.text):
                    span = span_within(
                        literal.content_span, literal.text, ref.start, ref.start + len(ref.text)
                    )
                    if span not in seen:
                        seen.add(span)
                        yield _HostUse(facts.path, span, ref.host, ref.cluster or "", flavour)
        else:
            alternatives = _config_alternatives(facts) if facts.language is Language.JSON else set()
            for entry in facts.config:
                if entry.origin_path is not None:
                    continue  # a `@string/…` reference: the host counts where it is written
                if entry.value_span in alternatives:
                    continue
                for ref in _cluster_hosts(entry.value):
                    if entry.value_span not in seen:
                        seen.add(entry.value_span)
                        yield _HostUse(
                            facts.path, entry.value_span, ref.host, ref.cluster or "", path_flavour
                        )

    def _in_test_path(self, path: str) -> bool:
        """Test, mock and fixture files (configuration ``test-paths``) configure no app:
        their hosts are not compared with the app's."""
        setting = self.settings.extra.get("test_paths")  # config.TEST_PATHS_SETTING
        if not isinstance(setting, tuple) or len(setting) != 2:
            return False
        globs, silenced = setting
        if self.id not in silenced:
            return False
        return any(matches_glob(path, glob) for glob in globs)

    def _path_flavour(self, path: str) -> str | None:
        globs = self.settings.environment_globs
        if globs:
            return next((glob for glob in globs if matches_glob(path, glob)), None)
        return path_flavour(path)

    # --- judging ---------------------------------------------------------------------------

    def _mismatches(self, uses: list[_HostUse], flavour: str | None) -> Iterator[Finding]:
        by_cluster: dict[str, list[_HostUse]] = defaultdict(list)
        for use in sorted(uses, key=lambda u: (u.path, u.span.line, u.span.col)):
            by_cluster[use.cluster].append(use)
        if len(by_cluster) < 2:
            return
        order = list(by_cluster)  # first-seen order, for the last tie-break

        def weight(cluster: str) -> tuple[int, int, int]:
            found = by_cluster[cluster]
            return (len({u.path for u in found}), len(found), -order.index(cluster))

        main = max(by_cluster, key=weight)
        main_uses = by_cluster[main]
        related = _related(main_uses)
        files = len({u.path for u in main_uses})
        first = main_uses[0]
        where = f"`{first.path}:{first.span.line}`"
        if files > 1:
            where += f" and {files - 1} other file{'s' if files > 2 else ''}"
        scope = f"the `{flavour}` environment" if flavour else "the project"
        for cluster, found in by_cluster.items():
            if cluster == main:
                continue
            for use in found:
                message = (
                    f"`{use.host}` is on Braze cluster {_shown(cluster)}, but the rest of "
                    f"{scope} uses {_shown(main)} ({where}); a Braze workspace lives on one "
                    "cluster, so SDK data sent here is lost and REST calls fail with 401. "
                    f"Point every endpoint at the same cluster, or list both clusters in "
                    "`allowed-clusters` if the project really uses several"
                )
                yield self.finding(
                    use.path,
                    use.span,
                    message,
                    fingerprint_key=f"{use.host}->{main}",
                    related=related,
                )

    def _outside_allowed(self, uses: list[_HostUse], allowed: tuple[str, ...]) -> Iterator[Finding]:
        ordered = sorted(uses, key=lambda u: (u.path, u.span.line, u.span.col))
        related = _related([u for u in ordered if u.cluster in allowed])
        shown = ", ".join(_shown(cluster) for cluster in allowed)
        for use in ordered:
            if use.cluster in allowed:
                continue
            yield self.finding(
                use.path,
                use.span,
                f"`{use.host}` is on Braze cluster {_shown(use.cluster)}, which is not in the "
                f"configured `allowed-clusters` ({shown}); point it at your workspace's "
                "cluster, or add the cluster to `allowed-clusters`",
                fingerprint_key=f"{use.host}->{'|'.join(allowed)}",
                related=related,
            )


def path_flavour(path: str) -> str | None:
    """The environment a repository-relative path belongs to by the built-in heuristic, or
    None for the default (production) configuration."""
    pure = PurePosixPath(path)
    folders = pure.parts[:-1]
    for index, folder in enumerate(folders[:-1]):
        # An Android source set: src/<set>/{java,kotlin,res,…}/…
        if (
            folder == "src"
            and folders[index + 1].lower() not in _PRODUCTION_SOURCE_SETS
            and index + 2 < len(folders)
            and folders[index + 2].lower() in _SOURCE_SET_CONTENT
        ):
            return _ENVIRONMENTS.get(folders[index + 1].lower(), folders[index + 1])
    for folder in folders:
        if folder.lower() in _ENVIRONMENTS:
            return _ENVIRONMENTS[folder.lower()]
        if _is_test_name(folder):  # MyAppTests/, AppUITests/
            return "test"
    # Name segments, not camelCase words: `config.dev.ts`, `Info-Debug.plist`,
    # `.env.local` are environments, `LocalNotifications.swift` is not.
    for segment in re.split(r"[._\-\s]+", pure.name):
        if segment.lower() in _ENVIRONMENTS:
            return _ENVIRONMENTS[segment.lower()]
    if _is_test_name(pure.name.split(".")[0]):  # FooTest.kt, BrazeTests.swift
        return "test"
    return None


def _is_test_name(name: str) -> bool:
    found = words(name)
    return len(found) > 1 and found[-1] in ("test", "tests")


_GUARD_WORD = re.compile(r"[A-Za-z_]+")


def _guard_flavour(flow: Flow) -> str | None:
    """The environment an enclosing ``if``/``#if`` arm selects (``DEBUG``,
    ``BuildConfig.DEBUG``, ``__DEV__``, ``NODE_ENV === "development"``). A negated arm
    (``!DEBUG``, an ``else``) is the default configuration."""
    for guard in reversed(flow.guards):
        if guard.startswith("!"):
            continue
        for token in _GUARD_WORD.findall(guard):
            if token.strip("_").lower() == "dev":
                return "dev"
            for word in words(token):
                if word in _ENVIRONMENTS and word not in ("test", "tests", "spec", "local"):
                    return _ENVIRONMENTS[word]
    return None


#: Dict keys that name a region or cluster rather than a setting (``US``, ``eu02``,
#: ``"01"``, ``iad-01``, ``EU-01``), compared lower-case with separators removed.
_REGION_KEY = re.compile(
    r"(?:us|eu|au|id|jp|uk|ca|in|sg|apac|emea|na|america|americas|europe|asia|iad|fra"
    r"|region|cluster|instance|default)?\d*"
)


def _catalogue_spans(facts: FileFacts) -> set[Span]:
    """Spans of host literals that sit in a cluster catalogue (see the module docstring):
    a list of alternatives or a region lookup table, of which only one entry is used."""
    found: set[Span] = set()
    roots = [argument.value for call in facts.calls for argument in call.args]
    roots.extend(assignment.value for assignment in facts.assignments)
    roots.extend(returned.value for returned in facts.returns)
    visited: set[Span] = set()
    for root in roots:
        for value in root.walk():
            if value.kind not in (ValueKind.LIST, ValueKind.DICT) or value.span in visited:
                continue
            visited.add(value.span)
            if value.kind is ValueKind.LIST:
                members = [(None, item) for item in value.items]
            else:
                members = list(value.entries)
            hosts = [(key, _member_hosts(member)) for key, member in members]
            hosts = [(key, found_here) for key, found_here in hosts if found_here]
            clusters = {cluster for _, found_here in hosts for _, cluster in found_here}
            if len(clusters) < 2:
                continue
            # Two clusters under setting names (`sdkUrl`, `restUrl`) is a real mismatch.
            region_keys = all(_is_region_key(key) for key, _ in hosts)
            if value.kind is ValueKind.DICT and len(clusters) < 3 and not region_keys:
                continue
            found.update(span for _, found_here in hosts for span, _ in found_here)
    if found:
        found.update(_fallback_defaults(facts, roots, found))
    return found


def _fallback_defaults(facts: FileFacts, roots: list[Value], catalogue: set[Span]) -> set[Span]:
    """Host literals that are the fallback of a catalogue lookup
    (``mappings[options.datacenter] || "https://sdk.iad-01.braze.com"``): the chooser's
    default, one of its entries (the Segment and mParticle integrations)."""
    tables = {
        ".".join(assignment.target)
        for assignment in facts.assignments
        if assignment.value.kind in (ValueKind.DICT, ValueKind.LIST)
        and any(item.span in catalogue for item in assignment.value.walk())
    }
    if not tables:
        return set()
    defaults: set[Span] = set()
    for root in roots:
        for value in root.walk():
            if value.kind is not ValueKind.CHOICE:
                continue
            lookups = any(
                item.text.startswith(tuple(f"{table}[" for table in tables))
                for item in value.items
                if item.kind in (ValueKind.UNKNOWN, ValueKind.NAME)
            )
            if lookups:
                defaults.update(
                    item.span
                    for item in value.items
                    if item.kind is ValueKind.STRING and any(_cluster_hosts(item.text))
                )
    return defaults


def _chooser_branches(facts: FileFacts) -> set[str]:
    """The branch ids (``Flow.branch`` entries without their arm) of conditionals whose arms
    name different clusters: a ``switch``/``when`` over a region setting, an ``if``/``else``
    or a ternary picking a host. Only one arm runs, so the hosts in it say nothing about
    which cluster the project talks to (the rudder-sdk-js and PostHog plugin choosers)."""
    clusters_by_arm: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for literal in facts.strings:
        if not literal.flow.branch:
            continue
        clusters = {ref.cluster or "" for ref in _cluster_hosts(literal.text)}
        if not clusters:
            continue
        for entry in literal.flow.branch:
            branch, _, arm = entry.rpartition(":")
            clusters_by_arm[branch][arm].update(clusters)
    chooser: set[str] = set()
    for branch, arms in clusters_by_arm.items():
        if len(arms) > 1 and len(set().union(*arms.values())) > 1:
            chooser.update(f"{branch}:{arm}" for arm in arms)
    return chooser


def _config_alternatives(facts: FileFacts) -> set[Span]:
    """Value spans of JSON entries that are a cluster catalogue: the items of one array
    (entries sharing a key) naming two or more clusters, and region-keyed entries
    (``"US": "sdk.iad-01…"``, ``"EU": "sdk.fra-01…"``) naming two or more."""
    by_key: dict[str, list[tuple[Span, set[str]]]] = defaultdict(list)
    regional: list[tuple[Span, set[str]]] = []
    for entry in facts.config:
        clusters = {ref.cluster or "" for ref in _cluster_hosts(entry.value)}
        if not clusters:
            continue
        if entry.key.endswith("[]"):  # an array's item (frontends/json_config.py)
            by_key[entry.key].append((entry.value_span, clusters))
        if _is_region_key(entry.key):
            regional.append((entry.value_span, clusters))
    found: set[Span] = set()
    for group in (*by_key.values(), regional):
        if len(set().union(*(clusters for _, clusters in group))) > 1:
            found.update(span for span, _ in group)
    return found


def _chooser_returns(facts: FileFacts) -> list[Span]:
    """Spans of the returned values of functions that return hosts of different clusters
    (``if region == "eu": return EU_HOST`` then ``return US_HOST``): the function picks
    one, whatever the shape of the conditional around its returns."""
    by_scope: dict[str, list[tuple[Span, set[str]]]] = defaultdict(list)
    for returned in facts.returns:
        clusters = {
            ref.cluster or ""
            for value in returned.value.walk()
            if value.kind is ValueKind.STRING
            for ref in _cluster_hosts(value.text)
        }
        if clusters:
            by_scope[returned.flow.scope].append((returned.span, clusters))
    spans: list[Span] = []
    for found in by_scope.values():
        if len(set().union(*(clusters for _, clusters in found))) > 1:
            spans.extend(span for span, _ in found)
    return spans


def span_contains(outer: Span, inner: Span) -> bool:
    starts = (outer.line, outer.col) <= (inner.line, inner.col)
    return starts and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _is_region_key(key: str | None) -> bool:
    if key is None:
        return False
    return _REGION_KEY.fullmatch(re.sub(r"[\s_\-]", "", key.lower())) is not None


def _member_hosts(member: Value) -> list[tuple[Span, str]]:
    """(literal span, cluster) of each cluster host written as a literal in ``member`` (a
    choice may be a dict such as ``{label, value}``). Values substituted from a constant
    are left out: the constant's own literal may be configuration used elsewhere."""
    hosts: list[tuple[Span, str]] = []
    for value in member.walk():
        if value.kind is ValueKind.STRING and value.resolved_from is None:
            hosts.extend((value.span, ref.cluster or "") for ref in _cluster_hosts(value.text))
    return hosts


def _holds_host(value: Value) -> bool:
    return any(
        item.kind is ValueKind.STRING and any(_cluster_hosts(item.text)) for item in value.walk()
    )


def _cluster_hosts(text: str) -> Iterator[HostRef]:
    """Known SDK and REST hosts that name a cluster. Unknown hosts are BRZ201's; dashboard
    and legacy hosts name no cluster an SDK talks to."""
    for ref in find_hosts(text):
        if ref.known and ref.cluster is not None and ref.kind in (HostKind.SDK, HostKind.REST):
            yield ref


def _related(uses: list[_HostUse]) -> tuple[RelatedLocation, ...]:
    """The first use in each file, for at most a few files."""
    related: list[RelatedLocation] = []
    seen: set[str] = set()
    for use in uses:
        if use.path in seen:
            continue
        seen.add(use.path)
        related.append(
            RelatedLocation(use.path, use.span, f"`{use.host}` is on {_shown(use.cluster)}")
        )
        if len(related) == _MAX_RELATED:
            break
    return tuple(related)


def _cluster_name(name: str) -> str:
    """A configured cluster, accepted as the host token (``iad-01``) or the instance name
    users see in the dashboard (``US-01``)."""
    lower = name.strip().lower()
    if lower in CLUSTERS:
        return lower
    for cluster, instance in INSTANCE_NAMES.items():
        if instance.lower() == lower:
            return cluster
    return lower


def _shown(cluster: str) -> str:
    return f"{INSTANCE_NAMES.get(cluster, cluster)} (`{cluster}`)"
