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

from brazelint.braze.keys import (
    REST_KEY_KEYWORDS,
    KeyName,
    classify_name,
    iter_values,
    public_prefix,
    strict_rest_url,
    talks_to_rest,
)
from brazelint.braze.rest import braze_path, braze_rest_requests
from brazelint.braze.sdk import sdk_endpoint_values
from brazelint.facts import Context, FileFacts, Span, ValueKind
from brazelint.findings import Finding
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
        if client:
            for request in braze_rest_requests(facts):
                target = strict_rest_url(request.url_text) if request.url is not None else None
                if target is None or request.url is None:
                    continue
                calls.append(request.call.span)
                lines.add(request.url.span.line)
                yield self._call(facts, request.url.span, target, where)
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
                yield self._call(facts, literal.span, target, where)
        talks = talks_to_rest(facts)
        for name, span in _key_reads(facts, talks):
            prefix = public_prefix(name)
            if not client and prefix is None:
                continue
            if span.line in lines or any(c.line <= span.line <= c.end_line for c in calls):
                continue  # the REST call it belongs to is reported already
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

    def _call(self, facts: FileFacts, span: Span, target: str, where: str) -> Finding:
        return self.finding(
            facts.path,
            span,
            f"client code calls the Braze REST API (`{target}`); {where}. REST calls need the "
            "REST API key, and anything shipped to a browser or app can be read by its users: "
            "make this call from your server, or use the SDK for data the user generates",
            fingerprint_key=f"call:{target}",
        )


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
