"""BRZ201 unknown-endpoint: a Braze host that is no known cluster.

Known legacy hosts (``api.appboy.com``, ``dev.appboy.com``, ``sdk.api.braze.eu``; braze-facts.md
§1.2, validity unverified) are not reported. Braze's internal staging host
``sondheim.appboy.com`` is: an app configured with it sends nothing to the customer's
dashboard.

The fix replaces the host with the one current cluster host it certainly stands for
(``brazelint.braze.hosts.corrected_host``: a known cluster under the wrong domain, the
withdrawn ``iad-10`` spelling of US-10, or one edit from exactly one current host). It is
UNSAFE: the cluster is where the app group's data lives, and a wrong guess sends users'
data to another region (and to an app group that does not exist there); review it against
the dashboard URL. Only the host is replaced, where the file holds it as read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brazelint.braze.hosts import (
    STAGING_HOSTS,
    WITHDRAWN_US10,
    HostRef,
    corrected_host,
    find_hosts,
    suggestion,
)
from brazelint.facts import FileFacts, Span
from brazelint.findings import Applicability, Edit, Finding, Fix
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import config_value_piece, source_text, span_within


class UnknownEndpoint(FileRule):
    id = "BRZ201"
    keywords = rb"braze\.(?:com|eu)|appboy\.com"
    # LIQUID: HTML templates' inline scripts and attributes (frontends/liquid.py).
    languages = CODE_LANGUAGES | {
        Language.ANDROID_XML,
        Language.PLIST,
        Language.DOTENV,
        Language.LIQUID,
        Language.JSON,
    }

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        for literal in facts.strings:
            for ref in find_hosts(literal.text):
                if ref.is_endpoint and not ref.known:
                    span = span_within(
                        literal.content_span, literal.text, ref.start, ref.start + len(ref.text)
                    )
                    start = ref.start + len(ref.scheme)
                    host = span_within(
                        literal.content_span, literal.text, start, start + len(ref.host)
                    )
                    yield self._finding(facts.path, span, ref, _host_fix(facts, host, ref))
        for entry in facts.config:
            if entry.origin_path is not None:
                continue  # a `@string/…` reference: the host is checked where it is written
            for ref in find_hosts(entry.value):
                if ref.is_endpoint and not ref.known:
                    start = ref.start + len(ref.scheme)
                    host = config_value_piece(facts.lines, entry, start, start + len(ref.host))
                    fix = _host_fix(facts, host, ref) if host is not None else None
                    yield self._finding(facts.path, entry.value_span, ref, fix)

    def _finding(self, path: str, span: Span, ref: HostRef, fix: Fix | None = None) -> Finding:
        if ref.host in STAGING_HOSTS:
            message = (
                f"`{ref.host}` is Braze's internal staging host (what old Android SDKs' "
                "`com_appboy_server_target=STAGING` pointed at), not an endpoint for apps: "
                "data sent there never reaches your dashboard. Use the SDK or REST endpoint "
                "listed for your instance"
            )
            return self.finding(path, span, message, fingerprint_key=ref.host)
        hint = fix.edits[0].replacement if fix is not None else suggestion(ref)
        if ref.cluster is not None and re.fullmatch(r"iad-1\d", ref.cluster):
            reason = (
                f"`{ref.host}` is not a Braze cluster host (US-10 hosts are `*.us-10.braze.com`)"
            )
        elif ref.cluster is not None:
            reason = f"`{ref.host}` names no known Braze cluster"
        else:
            reason = f"`{ref.host}` is not a Braze cluster host"
        advice = (
            f"did you mean `{hint}`?"
            if hint and hint != ref.host
            else "use the SDK or REST endpoint listed for your instance in Braze's endpoint table."
        )
        message = (
            f"{reason}; {advice} If this is a pre-2019 custom endpoint issued to you by "
            "Braze, suppress this finding."
        )
        return self.finding(path, span, message, fingerprint_key=ref.host, fix=fix)


def _host_fix(facts: FileFacts, span: Span, ref: HostRef) -> Fix | None:
    """Replace the host at ``span`` with the current host it stands for, when there is one
    and the file holds the host there (an escape earlier in a literal shifts positions)."""
    meant = corrected_host(ref)
    if meant is None:
        return None
    written = source_text(facts.lines, span)
    if written is None or written.lower() != ref.host:
        return None
    why = "US-10's hosts" if ref.cluster == WITHDRAWN_US10 else "the nearest cluster host"
    return Fix(
        f"Replace `{written}` with `{meant}` ({why}; check the cluster: it decides where "
        "the data is stored)",
        (Edit(span, meant, written),),
        Applicability.UNSAFE,
    )
