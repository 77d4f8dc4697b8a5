"""BRZ103 rest-key-in-url-or-body: the REST API key passed the legacy way, as ``api_key``
in a request body or URL query string (braze-facts.md §2: supported since before 2020 "but
will eventually be sunset"; the current way is ``Authorization: Bearer``).

A key in a URL also lands in access logs, proxies and error trackers. Reporters never show
the source line of these findings: it holds the key or the expression that yields it.

Templates too: a Liquid ``{% connected_content https://rest…braze.com/…?api_key=… %}`` sends
the REST key in the URL of every message rendered (a literal key there is also BRZ101's).
And the oldest Appboy form: ``app_group_id`` in the body of a request to ``api.appboy.com``
(braze-facts.md §1.2, §2: the pre-REST-key authentication, with no key at all in the
header), reported as the legacy authentication it is.
"""

from __future__ import annotations

from collections.abc import Iterator

from brazelint.braze.keys import (
    LEGACY_QUERY,
    is_rest_url,
    iter_values,
    strict_rest_url,
    talks_to_rest,
)
from brazelint.braze.liquid import connected_content_keys
from brazelint.braze.rest import braze_path, braze_rest_requests
from brazelint.facts import FileFacts, Span, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule

#: Top-level fields of Braze REST request bodies (/users/track, /messages/send,
#: /campaigns/trigger/send, /canvas/trigger/send, /users/export/ids …): a dict holding one
#: of them next to ``api_key`` is a Braze request body wherever it is built.
REST_BODY_FIELDS = frozenset(
    {
        "attributes",
        "events",
        "purchases",
        "messages",
        "campaign_id",
        "canvas_id",
        "external_user_ids",
        "external_ids",
        "user_aliases",
        "recipients",
        "broadcast",
        "segment_id",
        "audience",
        "trigger_properties",
        "canvas_entry_properties",
        "subscription_group_id",
        "fields_to_export",
        "app_group_id",
    }
)


class RestKeyInUrlOrBody(FileRule):
    id = "BRZ103"
    keywords = rb"api_key|app_group_id"
    # Server code and templates: in mobile code any REST call at all is BRZ102's.
    languages = frozenset(
        {
            Language.PYTHON,
            Language.JAVASCRIPT,
            Language.TYPESCRIPT,
            Language.TSX,
            Language.LIQUID,
        }
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        if facts.language is Language.LIQUID:
            for passed in connected_content_keys(facts):
                if passed.how == "query" and is_rest_url(passed.url):
                    yield from self._once(seen, facts, passed.span, _template(passed.url))
            return
        query_lines: set[int] = set()
        for request in braze_rest_requests(facts):
            target = _target(request.url)
            url = request.url
            if url is not None and LEGACY_QUERY.search(url.text):
                query_lines.add(url.span.line)
                yield from self._once(seen, facts, url.span, _query(target))
            params = [request.call.arg(99, label="params")]
            config = request.call.arg(2) or request.call.arg(1)
            if config is not None and config.kind is ValueKind.DICT:
                params.append(config.get("params"))
            for value in params:
                key = (
                    value.get("api_key")
                    if value is not None and value.kind is ValueKind.DICT
                    else None
                )
                if key is not None:
                    yield from self._once(seen, facts, key.span, _query(target))
            body = request.body
            key = body.get("api_key") if body is not None and body.kind is ValueKind.DICT else None
            if key is not None:
                yield from self._once(seen, facts, key.span, _body(target))
            group = (
                body.get("app_group_id")
                if body is not None and body.kind is ValueKind.DICT and key is None
                else None
            )
            if group is not None and _legacy_host(request.url):
                yield from self._once(seen, facts, group.span, _app_group(target))
        # REST URLs built for clients brazelint does not model (URLSession, OkHttp, wrappers).
        for literal in facts.strings:
            if literal.span.line in query_lines or not LEGACY_QUERY.search(literal.text):
                continue
            if is_rest_url(literal.text):
                yield from self._once(seen, facts, literal.span, _query(_target_text(literal.text)))
        # Bodies built before the request (payload dicts passed through helpers).
        if talks_to_rest(facts):
            for value in iter_values(facts):
                if value.kind is not ValueKind.DICT:
                    continue
                keys = {key for key, _ in value.entries}
                key = value.get("api_key")
                if key is not None and keys & REST_BODY_FIELDS:
                    yield from self._once(seen, facts, key.span, _body("the Braze REST API"))
                group = value.get("app_group_id")
                if (
                    key is None
                    and group is not None
                    and keys & (REST_BODY_FIELDS - {"app_group_id"})
                    and _mentions_legacy_host(facts)
                ):
                    yield from self._once(seen, facts, group.span, _app_group("api.appboy.com"))

    def _once(
        self, seen: set[tuple[int, int]], facts: FileFacts, span: Span, message: str
    ) -> Iterator[Finding]:
        where = (span.line, span.col)
        if where in seen:
            return
        seen.add(where)
        finding = self.finding(facts.path, span, message, fingerprint_key=message)
        # The line holds the key or what yields it; show it nowhere.
        finding.extra["redact_snippet"] = "1"
        yield finding


def _legacy_host(url: Value | None) -> bool:
    """The request goes to Appboy's pre-2020 REST host, where ``app_group_id`` in the body
    was the authentication."""
    return url is not None and "api.appboy.com" in url.text.lower()


def _mentions_legacy_host(facts: FileFacts) -> bool:
    return any("api.appboy.com" in literal.text.lower() for literal in facts.strings)


def _template(target: str) -> str:
    return (
        f"a `connected_content` call sends the REST API key as `?api_key=` in the URL of "
        f"`{target}`; every rendered message puts it in a URL (logs, proxies), and Braze will "
        "sunset this legacy parameter. Send it as an `Authorization: Bearer` header in "
        "`:headers` instead"
    )


def _app_group(target: str) -> str:
    return (
        f"the request to `{target}` authenticates with `app_group_id` in the body, Appboy's "
        "pre-REST-key scheme on the legacy api.appboy.com host. Use a REST API key in an "
        "`Authorization: Bearer` header and your cluster's REST endpoint "
        "(rest.<cluster>.braze.com)"
    )


def _target(url: Value | None) -> str:
    return _target_text(url.text) if url is not None else "the Braze REST API"


def _target_text(text: str) -> str:
    """The host and path a request goes to, without the query string (it holds the key)."""
    path = text.split("?", 1)[0]
    strict = strict_rest_url(path)
    if strict is not None:
        return strict
    return braze_path(path) or "the Braze REST API"


def _query(target: str) -> str:
    return (
        f"the REST API key is sent as `?api_key=` in the URL of `{target}`; URLs are written to "
        "access logs, proxies and error reports, and Braze will sunset this legacy parameter. "
        "Send the key in an `Authorization: Bearer` header instead"
    )


def _body(target: str) -> str:
    return (
        f"the REST API key is sent as the legacy `api_key` body field of `{target}`, which "
        "Braze will sunset. Remove the field and send the key in an `Authorization: Bearer` "
        "header instead"
    )
