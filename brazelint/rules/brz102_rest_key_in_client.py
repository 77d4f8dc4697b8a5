"""BRZ102 rest-key-in-client: client code that calls the Braze REST API or reads the REST
API key (braze-facts.md §2: "do not use this key to make AJAX calls from your website or
expose it in any other public manner").

Client or server comes from :mod:`brazelint.context`; every message says which context was
inferred and why. Files of unknown context are left alone, except for env vars whose prefix
(``NEXT_PUBLIC_``, ``VITE_`` …) makes the bundler inline them into browser code wherever
they are read.

Java and Kotlin are not only Android: a file importing a server framework (Spring, JAX-RS,
servlets, Ktor server, Micronaut, Quarkus, Vert.x, Dropwizard, AWS Lambda …) is server code,
where the REST API is meant to be called. A REST URL written in a JVM file that shows no
platform at all (no Android, Braze SDK or server import, no ``BuildConfig``) is a constant
of unknown destination, so the bare-URL check leaves it alone there (ledger:
journeymann/appboy-api-service, a Maven REST service with no Android manifest).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from brazelint.braze.keys import (
    REST_KEY_KEYWORDS,
    BearerToken,
    KeyName,
    bearer_tokens,
    classify_name,
    iter_values,
    public_prefix,
    strict_rest_url,
    talks_to_rest,
)
from brazelint.braze.names import words
from brazelint.braze.rest import braze_path, braze_rest_requests
from brazelint.braze.sdk import sdk_endpoint_values
from brazelint.facts import Context, FileFacts, Span, ValueKind
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import CODE_LANGUAGES, Language
from brazelint.rule import FileRule

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,100}")

_JVM = frozenset({Language.JAVA, Language.KOTLIN})
#: Imports that put JVM code on a server.
_JVM_SERVER_IMPORTS = (
    "org.springframework",
    "javax.servlet",
    "jakarta.servlet",
    "javax.ws.rs",
    "jakarta.ws.rs",
    "org.glassfish.jersey",
    "io.ktor.server",
    "io.micronaut",
    "io.quarkus",
    "io.vertx",
    "io.dropwizard",
    "io.javalin",
    "spark",
    "com.amazonaws.services.lambda",
    "com.google.cloud.functions",
    "com.sun.net.httpserver",
)
#: Imports that put JVM code in an Android app.
_JVM_ANDROID_IMPORTS = (
    "android",
    "androidx",
    "com.google.android",
    "com.google.firebase",
    "com.braze",
    "com.appboy",
    "kotlinx.android",
)


class RestKeyInClient(FileRule):
    id = "BRZ102"
    keywords = REST_KEY_KEYWORDS
    languages = (CODE_LANGUAGES - {Language.PYTHON}) | {Language.DOTENV}

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if facts.language is Language.DOTENV:
            yield from self._config(facts)
        else:
            yield from self._code(facts)

    def _code(self, facts: FileFacts) -> Iterator[Finding]:
        client = facts.context.kind is Context.CLIENT
        where = f"this file runs in a client ({facts.context.reason})"
        platform_shown = True
        if client and facts.language in _JVM:
            side = _jvm_side(facts)
            if side == "server":
                return
            platform_shown = side is not None
        lines: set[int] = set()
        calls: list[Span] = []
        # Values sent as the Bearer token of a Braze REST request: the REST key by use,
        # whatever they are called. Literals are BRZ101's; names and calls are reads of the
        # key, told with the request they are sent with.
        bearers = [b for b in bearer_tokens(facts) if _sent_name(b) is not None]
        reported: list[tuple[Span, str, str]] = []  # (span, target, scope) of REST calls
        talks = talks_to_rest(facts)
        reads = list(_key_reads(facts, talks))
        folded: list[tuple[str, Span]] = []
        if client:
            for request in braze_rest_requests(facts):
                target = strict_rest_url(request.url_text) if request.url is not None else None
                if target is None or request.url is None:
                    continue
                calls.append(request.call.span)
                lines.add(request.url.span.line)
                reported.append((request.url.span, target, request.call.flow.scope))
            # URLs handed to clients brazelint does not model (URLSession, OkHttp, wrappers):
            # a REST path written in client code is a REST call. A bare REST host is not
            # reported on its own (it may be a constant the calls above already use, and as
            # an SDK endpoint it is BRZ202's business).
            endpoints = {setting.value.text for setting in sdk_endpoint_values(facts)}
            for literal in facts.strings if platform_shown else ():
                target = strict_rest_url(literal.text)
                if target is None or literal.span.line in lines or literal.text in endpoints:
                    continue
                if braze_path(target) is None:
                    continue
                lines.add(literal.span.line)
                reported.append((literal.span, target, literal.flow.scope))
            if reported:
                # Other reads of a key the calls send (``final key = Config.restKey``) are
                # the same mistake: told with the call, not again.
                sent = {name for b in bearers if (name := _sent_name(b)) is not None}
                folded = [
                    (name, span)
                    for name, span in reads
                    if name in sent and not any(b.span == span for b in bearers)
                ]
            related = _relate(facts, reported, bearers, folded)
            for index, (span, target, _) in enumerate(reported):
                yield self._call(facts, span, target, where, related.get(index, ()))
            if not reported and platform_shown:
                # Sent to a Braze REST host whose path this file builds at run time (not in
                # a JVM file that shows no platform: it may be a server's, see above).
                for bearer in bearers:
                    if bearer.by_position and not _keyish(bearer):
                        continue
                    name = _sent_name(bearer) or ""
                    lines.add(bearer.span.line)
                    yield self.finding(
                        facts.path,
                        bearer.span,
                        f"client code sends `{name}`{_origin(facts, bearer)} as the Bearer "
                        f"token of a request to {bearer.target}, so it is the Braze REST API "
                        f"key, whatever its name; {where}, so the key ends up in code every "
                        "user can read. Keep the key, and the REST calls that need it, on "
                        "your server",
                        fingerprint_key=f"bearer:{name}",
                    )
        if not client:
            # A bundler-prefixed variable sent as the Bearer token is inlined into browser
            # code wherever the file runs, whatever the rest of its name says.
            known = {span for _, span in reads}
            reads.extend(
                (name, bearer.span)
                for bearer in bearers
                if (name := _sent_name(bearer)) is not None
                and public_prefix(name) is not None
                and bearer.span not in known
            )
        for name, span in reads:
            prefix = public_prefix(name)
            if not client and prefix is None:
                continue
            if span.line in lines or any(c.line <= span.line <= c.end_line for c in calls):
                continue  # the REST call it belongs to is reported already
            if client and (any(b.span == span for b in bearers) or (name, span) in folded):
                continue  # told with the REST call it is sent with
            lines.add(span.line)
            if prefix is not None:
                message = _prefixed(name, prefix)
            else:
                message = (
                    f"client code reads the Braze REST API key `{name}`; {where}, so the key "
                    "ends up in code every user can read. Keep the key, and the REST calls that "
                    "need it, on your server"
                )
            yield self.finding(facts.path, span, message, fingerprint_key=f"read:{name}")

    def _config(self, facts: FileFacts) -> Iterator[Finding]:
        # Only .env files: a server's .env is where the key belongs, unless a bundler prefix
        # sends it to the browser. (A literal key in app resources is BRZ101's; a REST-key
        # name with a placeholder there says nothing certain.)
        for entry in facts.config:
            if classify_name(entry.key) is not KeyName.REST:
                continue
            prefix = public_prefix(entry.key)
            if prefix is not None:
                yield self.finding(
                    facts.path,
                    entry.span,
                    _prefixed(entry.key, prefix),
                    fingerprint_key=f"config:{entry.key}",
                )

    def _call(
        self,
        facts: FileFacts,
        span: Span,
        target: str,
        where: str,
        keys: tuple[_SentKey, ...] = (),
    ) -> Finding:
        # Name the key where it comes from: what a request type is given (``BuildConfig.X``)
        # rather than the property that holds it (``token``), when there is such a value.
        names = list(dict.fromkeys(key.name for key in keys if not key.holder))
        sends = f" with `{names[0]}` as its REST API key" if len(names) == 1 else ""
        return self.finding(
            facts.path,
            span,
            f"client code calls the Braze REST API (`{target}`){sends}; {where}. REST calls "
            "need the REST API key, and anything shipped to a browser or app can be read by "
            "its users: make this call from your server, or use the SDK for data the user "
            "generates",
            fingerprint_key=f"call:{target}",
            related=tuple(key.location for key in keys),
        )


def _sent_name(bearer: BearerToken) -> str | None:
    """How the code names the REST key it sends (``API_TOKEN``, ``BuildConfig.BRAZE_KEY``,
    ``String.fromEnvironment``), or None for a literal (BRZ101's) or a value with no name."""
    token = bearer.token
    if token.kind is ValueKind.NAME:
        return token.text
    if token.kind is ValueKind.CALL:
        return token.resolved_from or token.text
    return None


#: Words of a name that may hold a secret (for arguments matched by position only).
_SECRET_WORDS = frozenset({"key", "token", "secret", "apikey", "auth", "bearer", "password"})


def _keyish(bearer: BearerToken) -> bool:
    name = _sent_name(bearer) or ""
    return bool(_SECRET_WORDS & set(words(name.rsplit(".", 1)[-1])))


def _origin(facts: FileFacts, bearer: BearerToken) -> str:
    """Where a key read in client code comes from, when that says why it ships."""
    name = _sent_name(bearer) or ""
    root = name.split(".", 1)[0]
    module = next(
        (item.module for item in facts.imports if (item.alias or item.name) == root), None
    )
    if module is not None:
        return f" (imported from `{module}`, which is bundled into the app)"
    if name.startswith("process.env."):
        return " (an environment variable the bundler writes into the bundle)"
    if root == "BuildConfig":
        return " (a BuildConfig field, compiled into the app)"
    if bearer.token.kind is ValueKind.CALL and bearer.token.text == "String.fromEnvironment":
        return " (a --dart-define value, compiled into the app)"
    return ""


class _SentKey(NamedTuple):
    """A REST key a reported call sends: its name, where it is read, and whether it is only
    the property or parameter that holds a value the file passes (``token`` of
    ``BrazeClient(token)``)."""

    name: str
    location: RelatedLocation
    holder: bool


def _relate(
    facts: FileFacts,
    reported: list[tuple[Span, str, str]],
    bearers: list[BearerToken],
    reads: list[tuple[str, Span]],
) -> dict[int, tuple[_SentKey, ...]]:
    """The keys each reported REST call sends, as related locations: a key goes with the
    call in its scope, else with the file's first call (one mistake, one finding); other
    reads of those keys (``reads``) go with the first call."""
    if not reported:
        return {}
    found: dict[int, list[_SentKey]] = {}
    for name, span in reads:
        location = RelatedLocation(facts.path, span, f"where it reads the REST API key `{name}`")
        found.setdefault(0, []).append(_SentKey(name, location, False))
    for bearer in bearers:
        if bearer.by_position and not _keyish(bearer):
            continue
        index = next((i for i, (_, _, scope) in enumerate(reported) if scope == bearer.scope), 0)
        name = _sent_name(bearer) or ""
        message = f"the REST API key it sends: `{name}`{_origin(facts, bearer)}"
        location = RelatedLocation(facts.path, bearer.span, message)
        # A property or parameter whose values the file passes is only the key's holder.
        holder = any(other.via and other.via.endswith(f"({name}:)") for other in bearers)
        found.setdefault(index, []).append(_SentKey(name, location, holder))
    return {index: tuple(keys) for index, keys in found.items()}


def _jvm_side(facts: FileFacts) -> str | None:
    """``"server"`` or ``"android"`` when a Java/Kotlin file's imports say so (server
    first: an Android app never imports a server framework), else None."""
    modules = [item.module for item in facts.imports]
    if any(_under(module, _JVM_SERVER_IMPORTS) for module in modules):
        return "server"
    if any(_under(module, _JVM_ANDROID_IMPORTS) for module in modules):
        return "android"
    if "BuildConfig" in facts.globals_used:
        return "android"  # the class the Android Gradle plugin generates
    return None


def _under(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _prefixed(name: str, prefix: str) -> str:
    return (
        f"`{name}` puts the Braze REST API key in a `{prefix}` variable, which the bundler "
        "inlines into client code every user can read; use an unprefixed variable that only "
        "server code reads"
    )


def _key_reads(facts: FileFacts, talks: bool) -> Iterator[tuple[str, Span]]:
    """Names (``process.env.BRAZE_REST_API_KEY``, ``BuildConfig.BRAZE_REST_KEY``) and env or
    resource lookups by string (``environment["BRAZE_REST_API_KEY"]``) of the REST key."""
    seen: set[Span] = set()
    for value in iter_values(facts):
        if value.kind is not ValueKind.NAME or value.span in seen:
            continue
        kind = classify_name(value.text)
        if kind is KeyName.REST or (kind is KeyName.REST_IF_TALKS and talks):
            seen.add(value.span)
            yield value.text, value.span
    for literal in facts.strings:
        if literal.span in seen or not _IDENTIFIER.fullmatch(literal.text):
            continue
        if classify_name(literal.text) is KeyName.REST:
            seen.add(literal.span)
            yield literal.text, literal.span
