"""Recognising HTTP requests to the Braze REST API and the bodies they send
(braze-facts.md §2–§3). Works on facts only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from brazelint.braze.hosts import HostKind, read_host
from brazelint.braze.per_file import per_file
from brazelint.facts import Call, FileFacts, Flow, Value, ValueKind

#: Braze's REST API, family by family, from the endpoint glossary
#: (docs:_docs/_api/home.md@9740fe5f, read in its ja translation, which lists the same
#: paths) and the permissions table (docs:_docs/_api/basics.md@46939b97). Two tiers:
#:
#: - ``REST_PATH``: paths no other API is known to use, so they name a Braze REST call even
#:   with no host in sight (``fetch(`${base}/users/track`)``);
#: - ``SHARED_REST_PATH``: Braze paths whose words other APIs use too (``/events``,
#:   ``/catalogs``, ``/segments/list``, SCIM's ``/scim/v2/Users``): a Braze call only on a
#:   Braze REST host or after a base whose name says Braze (``{BRAZE_REST_URL}/events``).
_BRAZE_ONLY_PATHS = (
    # User data: track (and its sync and bulk betas), identify, aliases, delete, merge,
    # external ID migration; user exports (braze-facts.md §2 permission list, §3.3).
    r"users/(?:track(?:/sync|/bulk)?|identify|alias/(?:new|update)|delete|merge|"
    r"export/(?:ids|segment|global_control_group)|external_ids/(?:rename|remove))",
    # Messaging: send, schedules, scheduled broadcasts, iOS Live Activities.
    r"messages/(?:send|schedule/(?:create|update|delete)|scheduled_broadcasts|"
    r"live_activity/update)",
    # API-triggered campaigns and Canvases, and their schedules.
    r"(?:campaigns|canvas)/trigger/(?:send|schedule/(?:create|update|delete))",
    # Export: time series of campaigns, Canvases, custom events, segments, sends, sessions
    # and the (retired) News Feed; Canvas summaries; URL details of a variation; KPIs;
    # purchases; the cancellation of a segment export.
    r"(?:campaigns|canvas|events|segments|sends|sessions|feed)/data_series",
    r"canvas/data_summary",
    r"(?:campaigns|canvas)/url_info/details",
    r"kpi/(?:dau|mau|new_users|uninstalls)/data_series",
    r"purchases/(?:product_list|revenue_series|quantity_series)",
    r"export/segment/cancel",
    # Send IDs and transactional email.
    r"sends/id/create",
    r"transactional/v1/campaigns(?=/)",
    # Subscription groups (v1 and v2 set, status get, a user's groups).
    r"(?:v2/)?subscription/status/set",
    r"subscription/(?:status/get|user/status)",
    # Templates: Content Blocks and email templates.
    r"content_blocks/(?:list|info|create|update)",
    r"templates/email/(?:create|update|info|list)",
    # Email lists and SMS numbers.
    r"email/(?:hard_bounces|unsubscribes|bounce/remove|spam/remove|blocklist|blacklist)",
    r"sms/invalid_phone_numbers(?:/remove)?",
    # Preference centers and SDK Authentication keys.
    r"preference_center/v1",
    r"app_group/sdk_authentication/(?:create|keys|primary|delete)",
)
#: REST paths that only Braze uses, so they identify a Braze REST call even without a host
#: (a path followed by a letter, digit or ``_`` is another path: ``/users/tracker``).
REST_PATH = re.compile(r"/(?:" + "|".join(_BRAZE_ONLY_PATHS) + r")(?![A-Za-z0-9_])")

_SHARED_PATHS = (
    # Export lists and details of campaigns, Canvases, segments and the News Feed.
    r"(?:campaigns|canvas|segments|feed)/(?:list|details)",
    # Custom events (``/events`` and ``/events/list``) and custom attributes.
    r"events(?:/list)?",
    r"custom_attributes",
    # Catalogs: the catalogs themselves, items, fields, selections.
    r"catalogs(?:/[^/?#\s]{1,200}/(?:items|fields|selections))?",
    # Email subscription status, Cloud Data Ingestion, the media library, SCIM users.
    r"email/status",
    r"cdi/integrations",
    r"media_library/create",
    r"scim/v2/Users",
)
#: Braze REST paths other APIs share (see above): Braze's only on a Braze host or base.
SHARED_REST_PATH = re.compile(r"/(?:" + "|".join(_SHARED_PATHS) + r")(?![A-Za-z0-9_])")
#: A leading ``{base}`` placeholder whose expression names Braze, then a shared path.
SHARED_AFTER_BRAZE_BASE = re.compile(
    r"\{[^{}]{0,200}(?:braze|appboy)[^{}]{0,200}\}(?P<path>" + SHARED_REST_PATH.pattern + ")",
    re.IGNORECASE,
)


#: For prefilters (raw bytes, before any parse): a shared path on a line that names Braze
#: (``fetch(`${BRAZE_URL}/catalogs`)``, Swift ``"\\(brazeURL)/events"``). A base named
#: elsewhere (``const BASE = process.env.BRAZE_URL`` lines above) is seen by the rules
#: through value flow, but only in files some other keyword lets through. The path is a
#: lookahead so that the prefilter's first stage looks for ``braze``/``appboy`` (rare)
#: rather than ``events`` (everywhere).
SHARED_PATH_NEAR_BRAZE = (
    rb"(?:braze|appboy)(?=[^\n]{0,200}" + SHARED_REST_PATH.pattern.encode() + rb")"
)


def braze_path(text: str) -> str | None:
    """The Braze REST path in ``text``: a Braze-only path anywhere, or a shared path right
    after a leading ``{base}`` that names Braze (``{BRAZE_REST_URL}/catalogs``)."""
    found = REST_PATH.search(text)
    if found is not None:
        return found.group(0)
    based = SHARED_AFTER_BRAZE_BASE.match(text)
    return based.group("path") if based is not None else None


#: ``/users/track`` itself: not ``/users/track/sync`` (one object per request) or
#: ``/users/track/bulk`` (1,000), whose limits differ (braze-facts.md §3.3).
USERS_TRACK_PATH = re.compile(r"/users/track(?![/\w])")

_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "request", "fetch"})
_HTTP_CLIENTS = frozenset(
    {"requests", "httpx", "aiohttp", "axios", "got", "ky", "superagent", "needle", "urllib3"}
)
_CLIENT_SUFFIXES = ("session", "client", "http", "api")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    call: Call
    url: Value | None
    body: Value | None
    headers: Value | None

    @property
    def url_text(self) -> str:
        return self.url.text if self.url is not None else ""


@per_file
def http_requests(facts: FileFacts) -> tuple[HttpRequest, ...]:
    """Every call that sends an HTTP request, with its URL, body and headers when they can
    be told apart (fetch, axios, got, requests, httpx, aiohttp and lookalike clients)."""
    return tuple(request for call in facts.calls if (request := _as_request(call)) is not None)


@per_file
def braze_rest_requests(facts: FileFacts) -> tuple[HttpRequest, ...]:
    """HTTP requests whose URL is a Braze REST host or a Braze-only REST path."""
    return tuple(request for request in http_requests(facts) if is_braze_rest_url(request.url_text))


def is_braze_rest_url(text: str) -> bool:
    if braze_path(text) is not None:
        return True
    ref = read_host(text)
    return ref is not None and ref.kind is HostKind.REST


#: Called names that may send a request themselves (``axios`` only when called bare);
#: any other call can only be a wrapper recognised by ``_fallback``.
_REQUEST_NAMES = _HTTP_METHODS | {"$fetch", "ofetch", "axios"}


def _as_request(call: Call) -> HttpRequest | None:
    chain = call.chain
    if not chain:
        return None
    name = chain[-1]
    # Most calls in a file are not requests: send them to the fallback at once.
    if name not in _REQUEST_NAMES:
        return _fallback(call)
    root = chain[0]
    if name == "fetch" or chain == ("axios",) or name in ("$fetch", "ofetch"):
        options = call.arg(1)
        if chain == ("axios",) and call.arg(0) is not None and call.arg(0).kind is ValueKind.DICT:
            config = call.arg(0)
            return HttpRequest(call, config.get("url"), config.get("data"), config.get("headers"))
        return HttpRequest(
            call,
            call.arg(0, label="url"),
            _unwrap_json(options.get("body")) if _is_dict(options) else None,
            options.get("headers") if _is_dict(options) else None,
        )
    if name not in _HTTP_METHODS:
        return _fallback(call)
    if not (root in _HTTP_CLIENTS or root.lower().endswith(_CLIENT_SUFFIXES) or len(chain) == 1):
        return _fallback(call)
    url = call.arg(0, label="url")
    body = (
        call.arg(99, label="json")
        or call.arg(99, label="data")
        or call.arg(99, label="body")
        or call.arg(99, label="content")
    )
    headers = call.arg(99, label="headers")
    if root in ("axios", "got", "ky") or root.lower().endswith(_CLIENT_SUFFIXES):
        second = call.arg(1)
        if body is None and second is not None and name in ("post", "put", "patch"):
            body = second
        config = call.arg(2) if name in ("post", "put", "patch") else call.arg(1)
        if _is_dict(config):
            headers = headers or config.get("headers")
            body = body or config.get("json") or config.get("body")
    return HttpRequest(call, url, _unwrap_json(body), headers)


#: Calls that hand a host to an SDK: their argument is an endpoint, not a request URL
#: (BRZ202 judges a REST host given to them; they must not also count as REST requests).
_SDK_ENDPOINT_SETTERS = frozenset({"setCustomEndpoint", "Configuration", "initialize"})


def _fallback(call: Call) -> HttpRequest | None:
    """A wrapper we do not know (``brazeClient.post(path, body)``) still counts when its
    first argument is a Braze REST URL or path. So do the URL builders mobile HTTP code
    starts from (OkHttp ``Request.Builder().url(u)``, ``URL(u)``, ``URI.create(u)``, and
    Swift's labelled ``URL(string: u)`` / ``URLComponents(string: u)``)."""
    if call.name in _SDK_ENDPOINT_SETTERS:
        return None
    first = _first_or_string_argument(call)
    if first is None or first.kind not in (ValueKind.STRING, ValueKind.TEMPLATE):
        return None
    if not is_braze_rest_url(first.text):
        return None
    body = call.arg(1)
    return HttpRequest(call, first, _unwrap_json(body), call.arg(99, label="headers"))


def _first_or_string_argument(call: Call) -> Value | None:
    """``call.arg(0, label="string")`` in one pass over the arguments, without building
    the positional list: this runs for nearly every call of every file."""
    first_positional = None
    for argument in call.args:
        if argument.label == "string":
            return argument.value
        if first_positional is None and argument.label is None:
            first_positional = argument.value
    return first_positional


def _is_dict(value: Value | None) -> bool:
    return value is not None and value.kind is ValueKind.DICT


def _unwrap_json(value: Value | None) -> Value | None:
    """``JSON.stringify(x)`` / ``json.dumps(x)`` → ``x``."""
    if (
        value is not None
        and value.kind is ValueKind.CALL
        and value.call is not None
        and value.text in ("JSON.stringify", "json.dumps", "jsonEncode")
        and value.call.args
    ):
        return value.call.args[0].value
    return value


def track_objects(body: Value, array: str) -> Iterator[Value]:
    """The object literals in one array (``attributes``, ``events``, ``purchases``) of a
    /users/track body: the dicts of a list literal, and the dict a comprehension or
    ``.map`` builds for each element (one literal standing for every object it makes)."""
    if body.kind is not ValueKind.DICT:
        return
    items = body.get(array)
    if items is None:
        return
    if items.kind is ValueKind.COMPREHENSION and items.items:
        element = items.items[0]
        if element.kind is ValueKind.DICT:
            yield element
        return
    if items.kind is not ValueKind.LIST:
        return
    for item in items.items:
        if item.kind is ValueKind.DICT:
            yield item


@per_file
def track_bodies(facts: FileFacts) -> tuple[Value, ...]:
    """Dict literals shaped like a /users/track body, wherever they are written (as a
    request argument or assigned to a name first), in a file that has something to do with
    Braze (``mentions_braze``). The same literal may be seen twice — once where it is
    written and once where a resolved name uses it — so rules dedupe by span."""
    if not mentions_braze(facts):
        return ()
    return tuple(body for body, _ in track_bodies_with_flow(facts))


#: What names Braze in a file, for ``mentions_braze`` and for the prefilter clauses of the
#: rules that report only where Braze is in sight (one definition, so the two agree).
BRAZE_IN_SIGHT = rb"braze|appboy|/users/track"
_BRAZE_MENTION = re.compile(BRAZE_IN_SIGHT.decode(), re.IGNORECASE)


@per_file
def mentions_braze(facts: FileFacts) -> bool:
    """The file names Braze somewhere rules can see: a string, an import, a called name, an
    assigned name, a function or class, or a comment. ``{"events": [...]}``,
    ``{"attributes": [...]}`` are also the shapes of Mixpanel, Amplitude and Segment
    payloads; without this, a file that never mentions Braze got Braze findings."""
    # One search per kind of text over its texts joined by a newline, which no match can
    # span: far cheaper than a search per text.
    return any(_BRAZE_MENTION.search("\n".join(texts)) for texts in _named_texts(facts))


def _named_texts(facts: FileFacts) -> Iterator[list[str]]:
    """The texts ``mentions_braze`` reads, one list per kind; strings first, as they are
    the likeliest to answer."""
    yield [literal.text for literal in facts.strings]
    yield [item.module for item in facts.imports]
    yield [part for call in facts.calls for part in call.qualified or call.chain]
    yield [part for assignment in facts.assignments for part in assignment.target]
    yield [function.name for function in facts.functions]
    yield [cls.name for cls in facts.classes]
    yield [comment.text for comment in facts.comments]


@per_file
def track_bodies_with_flow(facts: FileFacts) -> tuple[tuple[Value, Flow], ...]:
    """``track_bodies`` with the flow of the call or assignment each body was first seen
    in (for rules that relate a body to its loop)."""
    seen: set[tuple[int, int]] = set()
    found: list[tuple[Value, Flow]] = []
    # Assignments first, so a literal assigned to a name is met where it is written before
    # a resolved use of the name (which carries the use's span) is.
    roots: list[tuple[Value, Flow]] = [(a.value, a.flow) for a in facts.assignments]
    roots.extend((a.value, c.flow) for c in facts.calls for a in c.args)
    for root, flow in roots:
        for value in root.walk():
            if value.kind is not ValueKind.DICT:
                continue
            keys = {key for key, _ in value.entries}
            if not keys & {"attributes", "events", "purchases"}:
                continue
            # A substituted copy has the use's span but keeps its entries' spans.
            first = value.entries[0][1].span
            where = (first.line, first.col)
            if where in seen:
                continue
            seen.add(where)
            found.append((value, flow))
    return tuple(found)


@per_file
def sends_to_users_track(facts: FileFacts) -> bool:
    """The file names the ``/users/track`` endpoint in a URL or path string (a request URL
    or a constant a helper posts to; prose such as a docstring does not count). Rules that
    judge body contents ask this first: ``{"events": [...]}`` is also the shape of other
    vendors' APIs (Amplitude, Segment), whose rules differ."""
    return any(
        USERS_TRACK_PATH.search(literal.text) and not any(c.isspace() for c in literal.text)
        for literal in facts.strings
    )


def users_track_bodies(facts: FileFacts) -> tuple[tuple[Value, Flow], ...]:
    """``track_bodies_with_flow`` of a file that sends to ``/users/track`` (else none)."""
    return track_bodies_with_flow(facts) if sends_to_users_track(facts) else ()
