"""BRZ201 unknown-endpoint: a Braze host that is no known cluster.

Known legacy hosts (``api.appboy.com``, ``dev.appboy.com``, ``sdk.api.braze.eu``; braze-facts.md
§1.2, validity unverified) are not reported. Braze's internal staging host
``sondheim.appboy.com`` is: an app configured with it sends nothing to the customer's
dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.hosts import STAGING_HOSTS, HostRef, find_hosts, suggestion
from brazelint.facts import FileFacts, Span
from brazelint.findings import Finding
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import span_within


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
                    yield self._finding(facts.path, span, ref)
        for entry in facts.config:
            if entry.origin_path is not None:
                continue  # a `@string/…` reference: the host is checked where it is written
            for ref in find_hosts(entry.value):
                if ref.is_endpoint and not ref.known:
                    yield self._finding(facts.path, entry.value_span, ref)

    def _finding(self, path: str, span: Span, ref: HostRef) -> Finding:
        if ref.host in STAGING_HOSTS:
            message = (
                f"`{ref.host}` is Braze's internal staging host (what old Android SDKs' "
                "`com_appboy_server_target=STAGING` pointed at), not an endpoint for apps: "
                "data sent there never reaches your dashboard. Use the SDK or REST endpoint "
                "listed for your instance"
            )
            return self.finding(path, span, message, fingerprint_key=ref.host)
        hint = suggestion(ref)
        if ref.cluster is not None and ref.cluster.startswith("iad-1"):
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
        return self.finding(path, span, message, fingerprint_key=ref.host)
