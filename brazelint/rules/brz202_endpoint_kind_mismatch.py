"""BRZ202 endpoint-kind-mismatch: a REST host given to an SDK, or an SDK host used for
REST calls (braze-facts.md §1.1: "For SDK integration, use the SDK endpoint, not the REST
endpoint")."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.hosts import HostKind, HostRef, read_host
from brazelint.braze.rest import braze_rest_requests
from brazelint.braze.sdk import config_endpoint_entries, sdk_endpoint_values
from brazelint.facts import FileFacts, Span
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import origin_of


class EndpointKindMismatch(FileRule):
    id = "BRZ202"
    keywords = rb"(?:rest|sdk)\.[a-z0-9-]+\.braze\.(?:com|eu)"
    # Flutter apps configure the endpoint natively, never in Dart.
    languages = (CODE_LANGUAGES - {Language.DART}) | {
        Language.ANDROID_XML,
        Language.PLIST,
        Language.DOTENV,
        Language.LIQUID,  # HTML templates' inline scripts and attributes
    }

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[Span] = set()
        for setting in sdk_endpoint_values(facts):
            ref = read_host(setting.value.text)
            if ref is not None and ref.kind is HostKind.REST:
                yield from self._once(
                    seen, facts.path, setting.value.span, self._rest_for_sdk(ref, setting.where)
                )
        for entry in config_endpoint_entries(facts):
            ref = read_host(entry.value)
            if ref is not None and ref.kind is HostKind.REST:
                yield from self._once(
                    seen,
                    facts.path,
                    entry.value_span,
                    self._rest_for_sdk(ref, entry.key),
                    origin_of(entry),
                )
        for entry in facts.config:
            key = entry.key.upper()
            ref = read_host(entry.value)
            if ref is None or facts.language is not Language.DOTENV:
                continue
            if "REST" in key and ref.kind is HostKind.SDK:
                yield from self._once(
                    seen, facts.path, entry.value_span, self._sdk_for_rest(ref, entry.key)
                )
            elif "SDK" in key and ref.kind is HostKind.REST:
                yield from self._once(
                    seen, facts.path, entry.value_span, self._rest_for_sdk(ref, entry.key)
                )
        for request in braze_rest_requests(facts):
            if request.url is None:
                continue
            ref = read_host(request.url.text)
            if ref is not None and ref.kind is HostKind.SDK:
                yield from self._once(
                    seen, facts.path, request.url.span, self._sdk_for_rest(ref, "a REST request")
                )

    def _once(
        self,
        seen: set[Span],
        path: str,
        span: Span,
        message: str,
        related: tuple[RelatedLocation, ...] = (),
    ) -> Iterator[Finding]:
        if span not in seen:
            seen.add(span)
            yield self.finding(path, span, message, fingerprint_key=message, related=related)

    @staticmethod
    def _rest_for_sdk(ref: HostRef, where: str) -> str:
        fix = f"`sdk.{ref.host.removeprefix('rest.')}`" if ref.known else "of your cluster"
        return (
            f"`{ref.host}` is a REST API host but {where} configures an SDK; "
            f"the SDK must use the SDK endpoint {fix}"
        )

    @staticmethod
    def _sdk_for_rest(ref: HostRef, where: str) -> str:
        fix = f"`https://rest.{ref.host.removeprefix('sdk.')}`" if ref.known else "of your cluster"
        return (
            f"`{ref.host}` is an SDK host but {where} calls the REST API; "
            f"REST calls must go to the REST endpoint {fix}"
        )
