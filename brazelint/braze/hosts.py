"""Braze clusters and how to read a host written in code or config (braze-facts.md §1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class HostKind(StrEnum):
    SDK = "sdk"
    REST = "rest"
    DASHBOARD = "dashboard"
    OTHER = "other"


#: Cluster name → the domain its hosts live under (braze-facts.md §1.1; no US-09 exists).
CLUSTERS: dict[str, str] = {
    **{f"iad-0{n}": "braze.com" for n in range(1, 9)},
    "us-10": "braze.com",
    "fra-01": "braze.eu",
    "fra-02": "braze.eu",
    "au-01": "braze.com",
    "id-01": "braze.com",
    "jp-01": "braze.com",
    "kr-01": "braze.com",
}

#: Instance names users see in the dashboard, for messages.
INSTANCE_NAMES: dict[str, str] = {
    **{f"iad-0{n}": f"US-0{n}" for n in range(1, 9)},
    "us-10": "US-10",
    "fra-01": "EU-01",
    "fra-02": "EU-02",
    "au-01": "AU-01",
    "id-01": "ID-01",
    "jp-01": "JP-01",
    "kr-01": "KR-01",
}

#: Hosts from before the cluster naming that may still work (braze-facts.md §1.2), with
#: what they are. They are not reported as unknown.
LEGACY_HOSTS: dict[str, tuple[HostKind, str]] = {
    "api.appboy.com": (HostKind.REST, "legacy Appboy REST host"),
    "dev.appboy.com": (HostKind.SDK, "legacy Appboy SDK default host"),
    "sdk.api.braze.eu": (HostKind.SDK, "old EU SDK endpoint example"),
}

#: Braze's own staging hosts (braze-facts.md §1.2: ``sondheim.appboy.com`` is what old
#: Android SDKs' ``com_appboy_server_target=STAGING`` pointed at; "Braze-internal staging —
#: should never appear in customer code"; current Android SDKs send
#: ``com_braze_server_target=STAGING`` to ``https://sondheim.braze.com/api/v3/``, in
#: ``BrazeConfigurationProvider.getBaseUrlForRequests`` of the published android-sdk-base).
#: Endpoints, but never a valid one for an app.
STAGING_HOSTS = frozenset({"sondheim.appboy.com", "sondheim.braze.com"})

#: The registrable domains of Braze hosts. Searching for these first keeps host finding
#: linear: a pattern that starts with the host's labels would retry at every position of a
#: long run of letters (a minified bundle) and go quadratic.
_DOMAIN = re.compile(r"(?<=\.)(?:braze\.(?:com|eu)|appboy\.com)(?![A-Za-z0-9-])", re.IGNORECASE)
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_SCHEME_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,15}://)$")
_PORT_AND_PATH = re.compile(r"(?P<port>:\d{1,5})?(?P<path>/[^\s\"'`<>?#)]{0,2048})?")
#: Longest host name DNS allows.
_MAX_HOST = 253

_CLUSTER_TOKEN = re.compile(r"^[a-z]{2,4}-\d{1,3}$")
_ENDPOINT_PREFIXES = ("sdk", "rest", "dashboard", "api", "sdk-api")


@dataclass(frozen=True, slots=True)
class HostRef:
    """A Braze host as written: ``https://sdk.iad-01.braze.com/api/v3``."""

    text: str  # the whole match
    start: int  # offset of the match in the searched text
    scheme: str  # "" when written without one
    host: str  # lower-cased
    path: str
    kind: HostKind
    #: The cluster token (``iad-01``), or None when the host names none.
    cluster: str | None
    #: True when the host is a current cluster host or a known legacy host.
    known: bool
    #: True when the host is meant as an API endpoint (not the website, docs or CDN).
    is_endpoint: bool

    @property
    def instance(self) -> str:
        return INSTANCE_NAMES.get(self.cluster or "", self.cluster or self.host)


def find_hosts(text: str) -> list[HostRef]:
    # Rules ask this of every string of a file, and most name no Braze domain: one search
    # answers for those without starting a generator.
    first = _DOMAIN.search(text)
    return [] if first is None else list(_iter_hosts(text, first.start()))


def read_host(text: str) -> HostRef | None:
    """The first Braze host in ``text``, if any."""
    first = _DOMAIN.search(text)
    return None if first is None else next(_iter_hosts(text, first.start()), None)


def _iter_hosts(text: str, pos: int = 0) -> Iterator[HostRef]:
    """The hosts in ``text`` whose domain starts at ``pos`` or later (the lookbehind still
    sees the character before ``pos``)."""
    for domain in _DOMAIN.finditer(text, pos):
        start = domain.start()
        floor = max(0, start - _MAX_HOST)
        while start > floor and text[start - 1] in _HOST_CHARS:
            start -= 1
        host = text[start : domain.end()].lstrip(".-")
        start = domain.end() - len(host)
        if host.count(".") < 2:
            continue  # the bare domain (braze.com) is the website, not an endpoint
        scheme_match = _SCHEME_BEFORE.search(text, max(0, start - 20), start)
        scheme = scheme_match.group(1) if scheme_match else ""
        tail = _PORT_AND_PATH.match(text, domain.end())
        path = tail.group("path") or "" if tail else ""
        end = tail.end() if tail else domain.end()
        yield _read(text[start - len(scheme) : end], start - len(scheme), scheme, host, path)


def _read(whole: str, offset: int, scheme: str, host_text: str, path: str) -> HostRef:
    host = host_text.lower()
    labels = host.split(".")
    first = labels[0]
    kind = {
        "sdk": HostKind.SDK,
        "rest": HostKind.REST,
        "dashboard": HostKind.DASHBOARD,
    }.get(first, HostKind.OTHER)
    if first.startswith("dashboard-"):
        kind = HostKind.DASHBOARD
    cluster = next((label for label in labels[1:-2] if _CLUSTER_TOKEN.match(label)), None)
    domain = ".".join(labels[-2:])
    legacy = LEGACY_HOSTS.get(host)
    if legacy is not None:
        kind = legacy[0]
    staging = host in STAGING_HOSTS
    known = legacy is not None or (
        kind in (HostKind.SDK, HostKind.REST)
        and len(labels) == 4
        and cluster is not None
        and CLUSTERS.get(cluster) == domain
    )
    if kind is HostKind.DASHBOARD:
        known = True  # dashboards are never endpoints; they are not judged
    is_endpoint = (
        staging
        or kind in (HostKind.SDK, HostKind.REST)
        or first in _ENDPOINT_PREFIXES
        or (cluster is not None and kind is not HostKind.DASHBOARD)
    )
    return HostRef(
        text=whole,
        start=offset,
        scheme=scheme.lower(),
        host=host,
        path=path,
        kind=kind,
        cluster=cluster,
        known=known,
        is_endpoint=is_endpoint,
    )


#: ``iad-10``: how older Braze docs spelled US-10, whose hosts are ``*.us-10.braze.com``
#: (braze-facts.md §1.1).
WITHDRAWN_US10 = "iad-10"


def suggestion(ref: HostRef) -> str | None:
    """The known host a mistyped one most likely meant."""
    if ref.cluster is None:
        return None
    labels = ref.host.split(".")
    prefix = "rest" if ref.kind is HostKind.REST else "sdk"
    if ref.cluster in CLUSTERS:
        return f"{prefix}.{ref.cluster}.{CLUSTERS[ref.cluster]}"
    if len(labels) >= 2 and re.fullmatch(r"iad-1\d", ref.cluster):
        return f"{prefix}.us-10.braze.com"
    return None


#: Every current SDK and REST host (braze-facts.md §1.1).
CLUSTER_HOSTS: tuple[str, ...] = tuple(
    f"{prefix}.{cluster}.{domain}"
    for cluster, domain in CLUSTERS.items()
    for prefix in ("sdk", "rest")
)


def corrected_host(ref: HostRef) -> str | None:
    """The one current cluster host an unknown SDK or REST host certainly stands for, or
    None: a known cluster under the wrong domain (``sdk.fra-01.braze.com``), the withdrawn
    ``iad-10`` spelling of US-10, or a host one edit (insertion, deletion, substitution)
    from exactly one current host (``sdk.iad-1.braze.com``, ``sdk.iad01.braze.com``). A
    host two edits or more from the nearest, or as near two, is left alone: ``iad-09`` is
    one edit from each of US-01…US-08, and choosing among them would pick a data
    residency. Tokens that may be an instance name (``us-1``) or the withdrawn US-10
    spelling mistyped (``iad-11``) are ambiguous too."""
    if ref.known or ref.host in STAGING_HOSTS or ref.host in LEGACY_HOSTS:
        return None
    labels = ref.host.split(".")
    prefix = {HostKind.SDK: "sdk", HostKind.REST: "rest"}.get(ref.kind)
    if prefix is not None and len(labels) == 4 and ref.cluster is not None:
        if ref.cluster in CLUSTERS:
            return f"{prefix}.{ref.cluster}.{CLUSTERS[ref.cluster]}"
        if ref.cluster == WITHDRAWN_US10 and labels[-2:] == ["braze", "com"]:
            return f"{prefix}.us-10.braze.com"
    if ref.cluster is not None and (
        re.fullmatch(r"iad-1\d", ref.cluster) or ref.cluster.split("-")[0] in _INSTANCE_LETTERS
    ):
        # `iad-11` may be US-01 or the withdrawn `iad-10`; `us-1`, `eu-01` look like the
        # instance names US-01, EU-01 as much as like a cluster host.
        return None
    near = [host for host in CLUSTER_HOSTS if _within_one_edit(ref.host, host)]
    return near[0] if len(near) == 1 else None


#: Instance-name letters that are not their clusters' host letters (US-01 is ``iad-01``,
#: EU-01 ``fra-01``).
_INSTANCE_LETTERS = frozenset({"us", "eu"})


def _within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
