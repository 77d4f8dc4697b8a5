"""BRZ204 endpoint-format: ``http://``, paths or junk where a Braze host is expected, and
REST base URLs without a scheme (braze-facts.md §1.1 notes)."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.hosts import HostKind, find_hosts, read_host
from brazelint.braze.rest import REST_PATH, braze_rest_requests
from brazelint.braze.sdk import config_endpoint_entries, sdk_endpoint_values
from brazelint.facts import FileFacts, Span, ValueKind
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import origin_of, span_within

#: Paths an SDK endpoint may carry: the Web SDK appends ``/api/v3`` itself and accepts it
#: written out.
_SDK_PATHS = ("", "/", "/api/v3", "/api/v3/")


class EndpointFormat(FileRule):
    id = "BRZ204"
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
        seen: set[Span] = set()

        def once(
            span: Span, message: str, related: tuple[RelatedLocation, ...] = ()
        ) -> Iterator[Finding]:
            if span not in seen:
                seen.add(span)
                yield self.finding(
                    facts.path, span, message, fingerprint_key=message, related=related
                )

        # Plain-HTTP Braze endpoints, wherever they are written.
        for literal in facts.strings:
            for ref in find_hosts(literal.text):
                if ref.scheme == "http://" and ref.is_endpoint:
                    span = span_within(
                        literal.content_span, literal.text, ref.start, ref.start + len(ref.text)
                    )
                    yield from once(span, _http_message(ref.host))
        for entry in facts.config:
            if entry.origin_path is not None:
                continue  # a `@string/…` reference: checked where the value is written
            for ref in find_hosts(entry.value):
                if ref.scheme == "http://" and ref.is_endpoint:
                    yield from once(entry.value_span, _http_message(ref.host))

        endpoints: list[tuple[str, Span, str, tuple[RelatedLocation, ...]]] = [
            (s.value.text, s.value.span, s.where, ())
            for s in sdk_endpoint_values(facts)
            if s.value.kind is ValueKind.STRING
        ]
        endpoints += [
            (e.value, e.value_span, e.key, origin_of(e)) for e in config_endpoint_entries(facts)
        ]
        for text, span, where, related in endpoints:
            message = _sdk_endpoint_problem(text, where)
            if message:
                yield from once(span, message, related)

        for request in braze_rest_requests(facts):
            url = request.url
            if url is None or url.kind not in (ValueKind.STRING, ValueKind.TEMPLATE):
                continue
            ref = read_host(url.text)
            if ref is not None and ref.start == 0 and not ref.scheme and ref.kind is HostKind.REST:
                yield from once(
                    url.span,
                    f"REST URL `{url.text[:80]}` has no scheme; HTTP clients read it as a "
                    f"relative path. Write `https://{ref.host}{ref.path}`",
                )


def _http_message(host: str) -> str:
    return (
        f"`http://{host}` sends data (and the API key) unencrypted; "
        f"Braze endpoints must be reached over `https://`"
    )


def _sdk_endpoint_problem(text: str, where: str) -> str | None:
    ref = read_host(text)
    if ref is None:
        return None
    if text != text.strip():
        return (
            f"the endpoint given to {where} has surrounding whitespace: `{text.strip()}` expected"
        )
    extra_before = text[: ref.start]
    extra_after = text[ref.start + len(ref.text) :]
    if extra_before or extra_after:
        return f"the endpoint given to {where} has extra characters around `{ref.host}`"
    if REST_PATH.search(ref.path):
        return (
            f"the endpoint given to {where} includes the REST path `{ref.path}`; "
            f"give the SDK only the host `{ref.host}`"
        )
    if ref.path not in _SDK_PATHS:
        return (
            f"the endpoint given to {where} includes the path `{ref.path}`; "
            f"give the SDK only the host `{ref.host}`"
        )
    return None
