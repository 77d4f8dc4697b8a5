"""Braze REST API keys: what one looks like, where code uses one, and how to show one
without leaking it (braze-facts.md §2).

The REST API key is private; the SDK API key (app identifier) is public by design and has
the same UUID shape. Braze does not document the REST key's format, so a value is treated as
a REST key because of *where it is used* — the ``Authorization: Bearer`` header of a request
to a Braze REST host, a name like ``BRAZE_REST_API_KEY`` — never because of its shape. The
shape only rules values out: placeholders (``YOUR_REST_API_KEY``, ``xxx``, ``${KEY}``) and
low-entropy words are not keys.

detect-secrets does what it is good at here, imported only when a file holds a candidate:
the Shannon entropy of non-UUID tokens, and its ``pragma: allowlist secret`` comments.

Work per file is bounded (a 5 MB minified bundle full of random tokens must stay cheap):
strings longer than :data:`MAX_VALUE_CHARS` are data, not keys or URLs; at most
:data:`MAX_VALUES` values are visited and at most :data:`MAX_CANDIDATES` key-shape checks
are made (see :class:`Budget`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache
from itertools import islice
from typing import Protocol

from brazelint.braze.hosts import HostKind, find_hosts, read_host
from brazelint.braze.liquid import connected_content_keys
from brazelint.braze.names import words
from brazelint.braze.per_file import per_file
from brazelint.braze.rest import (
    REST_PATH,
    SHARED_AFTER_BRAZE_BASE,
    SHARED_PATH_NEAR_BRAZE,
    braze_path,
    braze_rest_requests,
)
from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import Argument, Call, FileFacts, Flow, Span, Value, ValueKind
from brazelint.languages import Language

#: Strings longer than this are bundled data or text, never a key, header or URL.
MAX_VALUE_CHARS = 2048
#: Values visited per file (call arguments, assignments, nested dict/list items).
MAX_VALUES = 200_000
#: Key-shape checks (placeholder, entropy) per file.
MAX_CANDIDATES = 256
#: Characters of a line given to detect-secrets' allowlist check (the pragma is a comment
#: at the end of the line, so the tail is what matters).
MAX_PRAGMA_CHARS = 4096

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
#: A non-UUID token that could be a key: 20–128 URL-safe/base64 characters.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.=+/]{19,127}")
#: Entropy (bits per character, over detect-secrets' base64 charset) below which a non-UUID
#: token is a word or a pattern, not a key. 3.5 is gitleaks' generic-api-key threshold.
MIN_ENTROPY = 3.5
#: ``Authorization: Bearer <token>`` written as one string, or the header value alone.
_BEARER = re.compile(r"^\s*(?:authorization\s*:\s*)?bearer\s+(\S{1,200})\s*$", re.IGNORECASE)

#: Prefilter for rules about REST keys (bytes, matched case-insensitively): every file they
#: can report on holds a REST-key name, a REST host or a REST path.
REST_KEY_KEYWORDS = (
    rb"rest[_-]?(?:api[_-]?)?(?:key|token|secret)|rest\.[a-z0-9-]+\.braze|api\.appboy\.com|"
    + REST_PATH.pattern.encode("ascii")
    + b"|"
    + SHARED_PATH_NEAR_BRAZE
)

#: ``?api_key=<value>`` / ``&api_key=<value>`` in a URL (the legacy way to pass the key).
LEGACY_QUERY = re.compile(r"[?&]api_key=", re.IGNORECASE)
LEGACY_QUERY_VALUE = re.compile(r"[?&]api_key=([^&#\s\"'`]{1,200})", re.IGNORECASE)

#: Env var prefixes that frameworks inline into the browser or app bundle.
PUBLIC_ENV_PREFIXES = (
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "GATSBY_",
    "NUXT_PUBLIC_",
    "VUE_APP_",
    "STORYBOOK_",
    "PUBLIC_",
)
#: What placeholder values say about themselves (checked on the lower-cased value).
_PLACEHOLDER_WORDS = (
    "your",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "example",
    "sample",
    "dummy",
    "redacted",
    "insert",
    "todo",
    "fixme",
    "here",
    "xxx",
    "api_key",
    "apikey",
    "api-key",
    "rest_key",
    "secret",
    "token",
    "password",
    "undefined",
    "null",
    "none",
    "test",
)
#: Characters only templates and placeholders contain: ``${KEY}``, ``{{key}}``, ``<key>``,
#: ``%s``, ``$KEY``, ``***``.
_PLACEHOLDER_MARKS = frozenset("<>{}$%*")
#: Words in a name that make it something other than the REST key.
_NOT_REST_WORDS = frozenset(
    {"sdk", "app", "web", "ios", "android", "client", "identifier", "id", "endpoint", "url"}
)
#: Config keys of the public SDK key (braze-facts.md §7): never a REST key.
SDK_KEY_CONFIG = frozenset(
    {"com_braze_api_key", "com_appboy_api_key", "Braze.ApiKey", "Appboy.APIKey", "ApiKey"}
)
#: Hosts whose URLs are XML namespaces and schemas, not APIs a file talks to.
_NAMESPACE_HOSTS = ("w3.org", "schemas.android.com", "apple.com", "json-schema.org", "xmlns.com")
_URL_HOST = re.compile(r"https?://([A-Za-z0-9.-]{1,253})")


class KeyName(Enum):
    """How sure a name is to hold the Braze REST API key."""

    NONE = "none"
    #: ``BRAZE_REST_API_KEY``, ``brazeRestKey``: certainly.
    REST = "rest"
    #: ``REST_API_KEY``, ``restApiKey``: when the file talks to the Braze REST API.
    REST_IF_TALKS = "rest-if-talks"
    #: ``BRAZE_API_KEY``, ``brazeApiKey``: could be the SDK key; only when the file talks
    #: to the Braze REST API and does not hand the value to an SDK.
    BRAZE_IF_TALKS = "braze-if-talks"


def classify_name(name: str) -> KeyName:
    """How sure ``name`` (an identifier, a dotted path or a config key) is to name the
    Braze REST API key."""
    last = name.rsplit(".", 1)[-1]
    if last.lower().startswith(("com_braze_", "com_appboy_")):
        return KeyName.NONE
    found = words(last)
    if not found or not ({"key", "token", "secret", "apikey"} & set(found)):
        return KeyName.NONE
    if _NOT_REST_WORDS & set(found):
        return KeyName.NONE
    braze = "braze" in found or "appboy" in found
    if "rest" in found:
        return KeyName.REST if braze else KeyName.REST_IF_TALKS
    if braze and "api" in found and "key" in found:
        return KeyName.BRAZE_IF_TALKS
    return KeyName.NONE


def public_prefix(name: str) -> str | None:
    """The bundler prefix (``NEXT_PUBLIC_``) of an env var name, if it has one."""
    last = name.rsplit(".", 1)[-1]
    return next((p for p in PUBLIC_ENV_PREFIXES if last.startswith(p)), None)


def is_placeholder(text: str) -> bool:
    """``text`` is a stand-in for a key, not a key: empty, templated, a word, a pattern."""
    value = text.strip().strip("'\"`")
    if not value:
        return True
    if _PLACEHOLDER_MARKS & set(value):
        return True
    lower = value.lower()
    if any(word in lower for word in _PLACEHOLDER_WORDS):
        return True
    compact = re.sub(r"[^0-9a-z]", "", lower)
    # 00000000-0000-…, aaaaaaaa-bbbb-…, 12345678-1234-…: real keys are random hex.
    return len(set(compact)) < 6 or compact.isdigit()


class _EntropyCalculator(Protocol):
    def calculate_shannon_entropy(self, data: str) -> float: ...


@cache
def _entropy_plugin() -> _EntropyCalculator:
    # detect-secrets costs ~0.2 s to import; only files with a candidate non-UUID token pay.
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString

    return Base64HighEntropyString()


def shannon_entropy(text: str) -> float:
    """Bits per character over the base64 charset, computed by detect-secrets."""
    return float(_entropy_plugin().calculate_shannon_entropy(text))


def is_key_shaped(text: str) -> bool:
    """A UUID, or a random-looking token of 20–128 characters with letters and digits."""
    value = text.strip()
    if UUID.fullmatch(value):
        return True
    if not _TOKEN.fullmatch(value):
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    return shannon_entropy(value) >= MIN_ENTROPY


def looks_like_key(text: str) -> bool:
    return len(text) <= MAX_VALUE_CHARS and not is_placeholder(text) and is_key_shaped(text)


def redact(secret: str) -> str:
    """What may be shown of a secret: its first four characters and its length."""
    return f"`{secret[:4]}…` ({len(secret)} characters)"


def secret_fingerprint(secret: str) -> str:
    """A stable, one-way key for fingerprints and baselines (never the secret itself)."""
    digest = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest[:32]}"


@dataclass
class Budget:
    """Bounds the key-shape checks made for one file."""

    limit: int = MAX_CANDIDATES
    examined: int = 0

    def take(self) -> bool:
        if self.examined >= self.limit:
            return False
        self.examined += 1
        return True


# --- REST URLs ----------------------------------------------------------------------------

_LEADING_PLACEHOLDER = re.compile(r"(?:\{[^{}]{0,200}\})+")


def is_rest_url(text: str) -> bool:
    """``text`` names a Braze REST host or a Braze-only REST path (bounded)."""
    if len(text) > MAX_VALUE_CHARS:
        return False
    if braze_path(text) is not None:
        return True
    return _mentions_braze(text) and any(ref.kind is HostKind.REST for ref in find_hosts(text))


def _mentions_braze(text: str) -> bool:
    """A cheap, linear test before the host pattern, whose cost grows with the square of a
    long run of letters and digits (minified bundles are full of those)."""
    lower = text.lower()
    return "braze" in lower or "appboy" in lower


def strict_rest_url(text: str) -> str | None:
    """What ``text`` calls, when it certainly is a Braze REST URL: a REST host
    (``rest.iad-01.braze.com/users/track``), or a REST path at the start of the string or
    right after a leading ``{base}`` (``/users/track``, ``${BRAZE}/users/track``). A REST path
    inside another path (``/api/users/delete``) is some other API. Never includes a query
    string (it may hold a key)."""
    if len(text) > MAX_VALUE_CHARS:
        return None
    for ref in find_hosts(text) if _mentions_braze(text) else ():
        if ref.kind is HostKind.REST:
            return ref.host + ref.path
    start = 0
    leading = _LEADING_PLACEHOLDER.match(text)
    if leading is not None:
        start = leading.end()
    match = REST_PATH.match(text, start)
    if match is not None:
        return match.group(0)
    based = SHARED_AFTER_BRAZE_BASE.match(text)
    return based.group("path") if based is not None else None


@per_file
def talks_to_rest(facts: FileFacts) -> bool:
    """The file mentions a Braze REST host or REST path somewhere."""
    if any(is_rest_url(s.text) for s in facts.strings):
        return True
    return any(is_rest_url(entry.value) for entry in facts.config)


def talks_to_other_hosts(facts: FileFacts) -> bool:
    """The file has an http(s) URL to a host that is not Braze's (so a Bearer token in it
    may be for that host)."""
    for literal in facts.strings:
        if len(literal.text) > MAX_VALUE_CHARS:
            continue
        for match in _URL_HOST.finditer(literal.text):
            host = match.group(1).lower()
            if read_host(host) is not None or host.endswith(_NAMESPACE_HOSTS):
                continue
            return True
    return False


# --- values --------------------------------------------------------------------------------


def iter_values(facts: FileFacts, limit: int = MAX_VALUES) -> Iterator[Value]:
    """Every value in call arguments and assignments, nested ones included, each once,
    without recursion (so deep nesting cannot exhaust the stack) and at most ``limit``."""
    if 0 <= limit <= MAX_VALUES:
        # A walk stopped early yields a prefix of the full one, so the walk every REST-key
        # rule makes can be done once per file.
        return islice(_file_values(facts), limit)
    return _walk_values(facts, limit)


@per_file
def _file_values(facts: FileFacts) -> tuple[Value, ...]:
    return tuple(_walk_values(facts, MAX_VALUES))


def _walk_values(facts: FileFacts, limit: int) -> Iterator[Value]:
    stack: list[Value] = []
    for assignment in reversed(facts.assignments):
        stack.append(assignment.value)
    for call in reversed(facts.calls):
        stack.extend(argument.value for argument in reversed(call.args))
    # A value's span as plain numbers: hashing them is cheaper than hashing a ``Span``
    # (whose dataclass ``__hash__`` runs in Python), and they are equal exactly when the
    # spans are.
    seen: set[tuple[int, int, int, int, ValueKind, str]] = set()
    visited = 0
    while stack and visited < limit:
        value = stack.pop()
        span = value.span
        text = value.text if len(value.text) <= 256 else value.text[:256]
        key = (span.line, span.col, span.end_line, span.end_col, value.kind, text)
        if key in seen:
            continue
        seen.add(key)
        visited += 1
        yield value
        # Children go on the stack last first, so that they come off it in order: items,
        # then entry values, then the arguments of a call.
        if value.call is not None and value.call.args:
            stack.extend(argument.value for argument in reversed(value.call.args))
        if value.entries:
            stack.extend(entry for _, entry in reversed(value.entries))
        if value.items:
            stack.extend(reversed(value.items))


def bearer_token(value: Value) -> str | None:
    """The token of a ``Bearer <token>`` string value (a literal, or a template whose
    parts were all known and joined)."""
    if value.kind is not ValueKind.STRING or len(value.text) > MAX_VALUE_CHARS:
        return None
    match = _BEARER.match(value.text)
    return match.group(1) if match else None


# --- the REST key by use ---------------------------------------------------------------------

#: The ``Bearer `` part of a header built from pieces (``"Bearer " + key``, Swift
#: ``"Bearer \(key)"``).
_BEARER_PREFIX = re.compile(r"^\s*(?:authorization\s*:\s*)?bearer\s+$", re.IGNORECASE)
#: Header setters that take the value first and the name labelled (Swift and Objective-C
#: ``setValue(v, forHTTPHeaderField: "Authorization")``).
_VALUE_FIRST_SETTERS = frozenset({"setValue", "addValue"})
#: Header setters that take the name first: OkHttp ``header``/``addHeader``, Java
#: ``setRequestProperty``, ``Headers.set``/``append``, a map's ``put``.
_NAME_FIRST_SETTERS = frozenset(
    {
        "addHeader",
        "header",
        "setHeader",
        "setRequestProperty",
        "addRequestProperty",
        "set",
        "append",
        "put",
    }
)
_OWN = ("self.", "this.")


@dataclass(frozen=True, slots=True)
class BearerToken:
    """A value sent as the Bearer token of a request to the Braze REST API: by that use it
    is the REST API key, whatever it is called and wherever it comes from (braze-facts.md
    §2: the REST key is what ``Authorization: Bearer`` carries)."""

    #: The value sent, as value flow resolved it: a literal, a name, a call.
    token: Value
    #: Where it is given: the header value, or the argument passed for the parameter or
    #: property that becomes the header (``TrackRequest(apiKey: Secrets.token)``).
    span: Span
    #: What the request calls, for messages: `` `host/path` `` or "the Braze REST API".
    target: str
    #: The scope of the statement that gives it (for grouping with the request).
    scope: str
    #: The request call, when the header is one of its arguments.
    request: Span | None = None
    #: The request type or function it was passed to (``TrackRequest(apiKey:)``), if any.
    via: str | None = None
    #: Matched to a constructor by being its only argument, not by name (weaker).
    by_position: bool = False


@per_file
def bearer_tokens(facts: FileFacts) -> tuple[BearerToken, ...]:
    """Every value the file sends as the Bearer token of a Braze REST request: in the
    headers of a request to a Braze REST URL (a REST host, or a REST path at the start of
    the URL; a path inside another URL is a proxy, whose token is the proxy's), and, in a
    file that calls the Braze REST API and no other host, every ``Authorization`` header
    it sets (Swift ``setValue``, OkHttp ``addHeader``, header maps). A token that is a
    parameter of the enclosing function or a property of the enclosing type is followed
    to the same file's calls of that function or type, one level."""
    found: list[BearerToken] = []
    seen: set[tuple[int, int, int, int]] = set()

    def add(header: Value, target: str, flow: Flow, request: Span | None) -> None:
        for alternative in header.alternatives():
            token = _token_of(alternative)
            if token is None:
                continue
            for use in _passed_for(facts, token, flow, target, request):
                key = (use.span.line, use.span.col, use.span.end_line, use.span.end_col)
                if key not in seen:
                    seen.add(key)
                    found.append(use)

    for request in braze_rest_requests(facts):
        strict = strict_rest_url(request.url_text) if request.url is not None else None
        if strict is None or request.headers is None:
            continue
        for header in _authorization_values(request.headers):
            add(header, f"`{strict}`", request.call.flow, request.call.span)
    if talks_to_rest(facts) and not talks_to_other_hosts(facts):
        target = _file_target(facts)
        for call in facts.calls:
            header = _header_set_by(call)
            if header is not None:
                add(header, target, call.flow, None)
            for argument in call.args:
                for header in _authorization_values(argument.value):
                    add(header, target, call.flow, None)
        for assignment in facts.assignments:
            if assignment.target and assignment.target[-1].lower() == "authorization":
                # ``config.headers.Authorization = `Bearer ${token}```
                add(assignment.value, target, assignment.flow, None)
            for header in _authorization_values(assignment.value):
                add(header, target, assignment.flow, None)
    return tuple(found)


def _token_of(header: Value) -> Value | None:
    """The token of an ``Authorization`` header value: the literal after ``Bearer``, or the
    one expression a ``"Bearer " + x`` template adds."""
    if header.kind is ValueKind.STRING:
        token = bearer_token(header)
        if token is None:
            return None
        return Value(ValueKind.STRING, token, header.span, resolved_from=header.resolved_from)
    if header.kind is ValueKind.CALL and header.call is not None:
        return _formatted_token(header.call)
    if header.kind is not ValueKind.TEMPLATE:
        return None
    parts = [part for part in header.items if not (part.kind is ValueKind.STRING and not part.text)]
    if len(parts) != 2 or parts[0].kind is not ValueKind.STRING:
        return None
    if not _BEARER_PREFIX.match(parts[0].text) or parts[1].kind is ValueKind.STRING:
        return None
    return parts[1]


#: Format calls that build a header from a pattern and arguments: Objective-C
#: ``[NSString stringWithFormat:@"Bearer %@", key]``, Java/Kotlin ``String.format``.
_FORMAT_CALLS = frozenset({"stringWithFormat", "format"})
_BEARER_PATTERN = re.compile(r"^\s*bearer\s+%[@s]\s*$", re.IGNORECASE)


def _formatted_token(call: Call) -> Value | None:
    """The argument a ``"Bearer %@"`` / ``"Bearer %s"`` format call puts in the header."""
    if call.name not in _FORMAT_CALLS:
        return None
    positional = [argument.value for argument in call.args if argument.label is None]
    if len(positional) != 2 or positional[0].string is None:
        return None
    return positional[1] if _BEARER_PATTERN.match(positional[0].text) else None


def _authorization_values(root: Value) -> Iterator[Value]:
    """The values under an ``Authorization`` key (any casing) in ``root`` and the dicts
    nested in it."""
    for value in iter_values_of(root):
        for key, entry in value.entries:
            if key is not None and key.lower() == "authorization":
                yield entry
        if value.call is not None:
            for argument in value.call.args:
                if argument.value.kind is ValueKind.DICT:
                    for key, entry in argument.value.entries:
                        if key is not None and key.lower() == "authorization":
                            yield entry


def _header_set_by(call: Call) -> Value | None:
    """The value ``call`` sets the ``Authorization`` header to, if it sets that header."""
    name = call.name
    if name in _VALUE_FIRST_SETTERS:
        field = call.arg(99, label="forHTTPHeaderField")
        if field is not None and field.string is not None and field.text.lower() == "authorization":
            return call.arg(0)
        return None
    if name in _NAME_FIRST_SETTERS and len(call.args) >= 2:
        field = call.arg(0)
        if field is not None and field.string is not None and field.text.lower() == "authorization":
            return call.arg(1)
    return None


def _file_target(facts: FileFacts) -> str:
    """The REST endpoint a file that talks only to Braze calls, when there is one."""
    targets = {target for s in facts.strings if (target := strict_rest_url(s.text)) is not None}
    return f"`{targets.pop()}`" if len(targets) == 1 else "the Braze REST API"


def _passed_for(
    facts: FileFacts, token: Value, flow: Flow, target: str, request: Span | None
) -> Iterator[BearerToken]:
    """``token`` itself, and — when it is a parameter of the enclosing function or a property
    of the enclosing type — what the file's calls of that function or type pass for it."""
    yield BearerToken(token, token.span, target, flow.scope, request)
    if token.kind is not ValueKind.NAME or token.resolved_from is not None:
        return
    name = token.text
    for own in _OWN:
        name = name.removeprefix(own)
    if not name.isidentifier():
        return
    function = next((f for f in facts.functions if f.scope == flow.scope), None)
    if function is None:
        return
    if name in function.params:
        callee = function.name.partition("(")[0]
        index = function.params.index(name)
        for call in facts.calls:
            if call.name != callee or call.flow.scope == function.scope:
                continue
            argument = call.arg(index, label=name)
            if argument is not None:
                yield from _given(argument, target, call, f"{callee}({name}:)", by_position=False)
        return
    owner = function.class_name
    if owner is None or _assigned_in(facts, name, function.scope):
        return
    for call in facts.calls:
        if call.name != owner:
            continue
        argument = call.arg(99, label=name)
        by_position = False
        if argument is None and len(call.args) == 1 and call.args[0].label is None:
            argument, by_position = call.args[0].value, True
        if argument is not None:
            yield from _given(argument, target, call, f"{owner}({name}:)", by_position)


def _given(
    argument: Value, target: str, call: Call, via: str, by_position: bool
) -> Iterator[BearerToken]:
    for alternative in argument.alternatives():
        yield BearerToken(
            alternative, alternative.span, target, call.flow.scope, None, via, by_position
        )


def _assigned_in(facts: FileFacts, name: str, scope: str) -> bool:
    return any(
        a.flow.scope == scope and a.target and a.target[-1] == name for a in facts.assignments
    )


def sdk_key_texts(facts: FileFacts) -> frozenset[str]:
    """Literal values the file hands to an SDK as its (public) API key."""
    found: set[str] = set()
    for call in facts.calls:
        name = call.name
        if not (
            (name in ("initialize", "Initialize", "configure") and is_braze_receiver(call))
            or (name == "Configuration" and ("Braze" in call.chain or "Appboy" in call.chain))
            or name in ("setApiKey", "startWithApiKey", "initBraze", "setAPIKey")
        ):
            continue
        value = call.arg(0, label="apiKey")
        if value is not None and value.kind is ValueKind.STRING:
            found.add(value.text)
    for entry in facts.config:
        if entry.key in SDK_KEY_CONFIG:
            found.add(entry.value)
    return frozenset(found)


# --- hard-coded keys -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class KeyUse:
    """A literal Braze REST API key. ``secret`` is for comparisons and hashing only: it
    must never be formatted into a message, a notification or an exception."""

    secret: str
    span: Span
    #: How the key is used, for messages: "the Bearer token of a request to …".
    how: str

    def __repr__(self) -> str:
        # Keep the secret out of tracebacks, logs and assertion messages.
        return f"KeyUse(secret={redact(self.secret)}, span={self.span!r}, how={self.how!r})"


def _literal_span(facts: FileFacts, value: Value, secret: str) -> Span:
    """Where the key is written: the literal itself, or — when it reached this use through a
    constant — the string literal that defines it."""
    if value.resolved_from is None:
        return value.span
    containing: Span | None = None
    for literal in facts.strings:
        if literal.text == secret:
            return literal.span
        if containing is None and secret in literal.text:
            containing = literal.span
    return containing or value.span


def _described(url: Value | None) -> str:
    """Where a request goes, for messages: `` `host/path` ``, else the Braze REST API.
    Never the query string (it may hold a key)."""
    if url is None or len(url.text) > MAX_VALUE_CHARS:
        return "the Braze REST API"
    path = url.text.split("?", 1)[0]
    target = strict_rest_url(path) or braze_path(path)
    return f"`{target}`" if target else "the Braze REST API"


def hardcoded_rest_keys(facts: FileFacts, budget: Budget | None = None) -> list[KeyUse]:
    """Literal Braze REST API keys in one file, each once, in source order."""
    budget = budget or Budget()
    found: dict[Span, KeyUse] = {}
    rejected: set[str] = set()

    def consider(secret: str, value_span: Span, how: str, value: Value | None = None) -> None:
        if secret in rejected:
            return
        if not any(use.secret == secret for use in found.values()):
            if not budget.take():
                return
            if not looks_like_key(secret):
                rejected.add(secret)
                return
        span = _literal_span(facts, value, secret) if value is not None else value_span
        found.setdefault(span, KeyUse(secret, span, how))

    # 1. The Bearer token of a request to a Braze REST URL.
    for request in braze_rest_requests(facts):
        headers = () if request.headers is None else iter_values_of(request.headers)
        for value in headers:
            token = bearer_token(value)
            if token is not None:
                consider(
                    token,
                    value.span,
                    f"the Bearer token of a request to {_described(request.url)}",
                    value,
                )
        # The legacy api_key field (BRZ103 reports the field; a literal in it is a key).
        target = _described(request.url)
        body = request.body
        legacy = [body.get("api_key")] if body is not None and body.kind is ValueKind.DICT else []
        if request.url is not None and request.url.kind is ValueKind.STRING:
            match = LEGACY_QUERY_VALUE.search(request.url.text)
            if match is not None:
                consider(
                    match.group(1),
                    request.url.span,
                    f"the `api_key` query parameter of a request to {target}",
                    request.url,
                )
        for value in legacy:
            if value is not None and value.kind is ValueKind.STRING:
                consider(
                    value.text,
                    value.span,
                    f"the `api_key` field of a request to {target}",
                    value,
                )
    # 1b. Literals that become the Bearer token by use: given to the request type or helper
    #     whose parameter or property the header sends (``TrackRequest(apiKey: "…")``), or
    #     reaching a header setter (Swift ``setValue``, OkHttp ``addHeader``) through a
    #     constant of this file or another.
    for bearer in bearer_tokens(facts):
        if bearer.token.kind is ValueKind.STRING:
            passed = f", passed as `{bearer.via}`" if bearer.via else ""
            consider(
                bearer.token.text,
                bearer.span,
                f"the Bearer token of a request to {bearer.target}{passed}",
                bearer.token,
            )
    talks = talks_to_rest(facts)
    # 2. Any Bearer token in a file that calls the Braze REST API and no other host
    #    (URLSession / OkHttp / wrappers whose requests are not recognised as such).
    if talks and not talks_to_other_hosts(facts):
        for value in iter_values(facts):
            token = bearer_token(value)
            if token is not None:
                consider(
                    token,
                    value.span,
                    "a Bearer token in a file that calls the Braze REST API",
                    value,
                )
    # 3. Values under a REST-key name: assignments, object/dict entries, labelled arguments.
    sdk_keys: frozenset[str] | None = None

    def named(name: str, value: Value) -> None:
        nonlocal sdk_keys
        if value.kind is not ValueKind.STRING:
            return
        kind = classify_name(name)
        if kind is KeyName.NONE or (kind is not KeyName.REST and not talks):
            return
        if kind is KeyName.BRAZE_IF_TALKS:
            if sdk_keys is None:
                sdk_keys = sdk_key_texts(facts)
            if value.text in sdk_keys or public_prefix(name):
                return
        consider(value.text, value.span, f"the value of `{name.rsplit('.', 1)[-1]}`", value)

    for assignment in facts.assignments:
        named(assignment.target[-1] if assignment.target else "", assignment.value)
    for value in iter_values(facts):
        for key, entry in value.entries:
            if key is not None:
                named(key, entry)
        if value.call is not None:
            _labelled(value.call.args, named)
    for call in facts.calls:
        _labelled(call.args, named)
        # os.environ.get("BRAZE_REST_API_KEY", "<key>") / os.getenv(…): the fallback is
        # a key committed to the source.
        if call.name in ("get", "getenv", "getProperty") and len(call.args) >= 2:
            env_name, fallback = call.arg(0), call.arg(1)
            if (
                env_name is not None
                and env_name.kind is ValueKind.STRING
                and fallback is not None
                and fallback.kind is ValueKind.STRING
                and classify_name(env_name.text) is KeyName.REST
            ):
                consider(
                    fallback.text,
                    fallback.span,
                    f"the fallback of the `{env_name.text}` lookup",
                    fallback,
                )
    # 4. Committed config: .env, Android resources, plists.
    for entry in facts.config:
        kind = classify_name(entry.key)
        if entry.key in SDK_KEY_CONFIG or kind is KeyName.NONE:
            continue
        if kind is not KeyName.REST and not talks:
            continue
        if kind is KeyName.BRAZE_IF_TALKS:
            continue  # BRAZE_API_KEY in config is as often the SDK key: the name is not enough
        consider(entry.value, entry.value_span, f"the value of `{entry.key}`")
    # 5. Templates: the key of a `connected_content` call to the Braze REST API, which
    #    every dashboard user who can open the template (and the repository) can read.
    if facts.language is Language.LIQUID:
        for passed in connected_content_keys(facts):
            if passed.is_literal and is_rest_url(passed.url):
                how = "`?api_key=`" if passed.how == "query" else "the Bearer token"
                consider(
                    passed.value,
                    passed.span,
                    f"{how} of a `connected_content` call to {passed.url}",
                )
    return sorted(found.values(), key=lambda use: (use.span.line, use.span.col))


def iter_values_of(root: Value) -> Iterator[Value]:
    """``root`` and the values nested in it, iteratively and bounded."""
    stack = [root]
    visited = 0
    while stack and visited < MAX_VALUES:
        value = stack.pop()
        visited += 1
        yield value
        stack.extend(value.items)
        stack.extend(entry for _, entry in value.entries)


def _labelled(args: tuple[Argument, ...], named: Callable[[str, Value], None]) -> None:
    for argument in args:
        if argument.label is not None:
            named(argument.label, argument.value)


def is_allowlisted(facts: FileFacts, line: int) -> bool:
    """detect-secrets' inline allowlist: ``pragma: allowlist secret`` in a comment on the
    line, or ``pragma: allowlist nextline secret`` alone on the line before."""
    lines = facts.lines
    if not 1 <= line <= len(lines):
        return False
    text = lines[line - 1]
    if "pragma" not in text and (line < 2 or "pragma" not in lines[line - 2]):
        return False  # the common case, without importing detect-secrets
    from detect_secrets.filters.allowlist import is_line_allowlisted
    from detect_secrets.util.code_snippet import CodeSnippet

    previous = lines[line - 2][-MAX_PRAGMA_CHARS:] if line >= 2 else ""
    current = text[-MAX_PRAGMA_CHARS:]
    return bool(is_line_allowlisted(facts.path, current, CodeSnippet([previous, current], 0, 1)))
