"""BRZ204 endpoint-format: ``http://``, paths or junk where a Braze host is expected, and
REST base URLs without a scheme (braze-facts.md §1.1 notes)."""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.hosts import HostKind, find_hosts, read_host
from brazelint.braze.rest import REST_PATH, braze_rest_requests
from brazelint.braze.sdk import config_endpoint_entries, sdk_endpoint_values
from brazelint.facts import ConfigEntry, FileFacts, Span, StringLiteral, Value, ValueKind
from brazelint.findings import Applicability, Edit, Finding, Fix, RelatedLocation
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule
from brazelint.rules._spans import origin_of, source_text, span_within

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
            span: Span,
            message: str,
            fix: Fix | None = None,
            related: tuple[RelatedLocation, ...] = (),
        ) -> Iterator[Finding]:
            if span not in seen:
                seen.add(span)
                yield self.finding(
                    facts.path, span, message, fingerprint_key=message, fix=fix, related=related
                )

        # Plain-HTTP Braze endpoints, wherever they are written.
        for literal in facts.strings:
            for ref in find_hosts(literal.text):
                if ref.scheme == "http://" and ref.is_endpoint:
                    span = span_within(
                        literal.content_span, literal.text, ref.start, ref.start + len(ref.text)
                    )
                    scheme = span_within(
                        literal.content_span, literal.text, ref.start, ref.start + _HTTP_LEN
                    )
                    yield from once(span, _http_message(ref.host), _https_fix(facts, scheme))
        for entry in facts.config:
            if entry.origin_path is not None:
                continue  # a `@string/…` reference: checked where the value is written
            for ref in find_hosts(entry.value):
                if ref.scheme == "http://" and ref.is_endpoint:
                    fix = _https_fix(facts, _config_scheme_span(facts, entry, ref.start))
                    yield from once(entry.value_span, _http_message(ref.host), fix)

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
                yield from once(span, message, related=related)

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
                    _add_scheme_fix(facts, url),
                )


#: ``len("http://")``: what the plain-HTTP fix replaces.
_HTTP_LEN = 7


def _https_fix(facts: FileFacts, scheme: Span | None) -> Fix | None:
    """Replace the ``http://`` at ``scheme`` with ``https://``, when the file really holds
    it there (an escape earlier in a literal shifts the computed position: then no fix)."""
    if scheme is None:
        return None
    written = source_text(facts.lines, scheme)
    if written is None or written.lower() != "http://":
        return None
    return Fix(
        "Replace `http://` with `https://`",
        (Edit(scheme, "https://", written),),
        Applicability.SAFE,
    )


def _config_scheme_span(facts: FileFacts, entry: ConfigEntry, start: int) -> Span | None:
    """Where ``entry.value[start:start + 7]`` is in the file: only when ``value_span`` is
    one line holding exactly the value as written (no quotes, entities or escapes)."""
    span = entry.value_span
    if span.line != span.end_line or source_text(facts.lines, span) != entry.value:
        return None
    return Span(span.line, span.col + start, span.line, span.col + start + _HTTP_LEN)


def _add_scheme_fix(facts: FileFacts, url: Value) -> Fix | None:
    """Insert ``https://`` before a REST URL written without a scheme. Unsafe: the request
    then goes somewhere else (to Braze, which is presumably what was meant). Only for a
    plain string literal of this file whose content starts as the URL does."""
    if url.kind is not ValueKind.STRING or not url.text:
        return None
    literal = _literal_at(facts, url)
    if literal is None:
        return None
    start = literal.content_span
    at = Span(start.line, start.col, start.line, start.col)
    ahead = Span(start.line, start.col, start.line, start.col + len(url.text))
    if "\n" in url.text or source_text(facts.lines, ahead) != url.text:
        return None
    return Fix("Add the `https://` scheme", (Edit(at, "https://", ""),), Applicability.UNSAFE)


def _literal_at(facts: FileFacts, value: Value) -> StringLiteral | None:
    for literal in facts.strings:
        if literal.span == value.span and literal.text == value.text and not literal.is_template:
            return literal
    return None


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
