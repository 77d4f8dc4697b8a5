"""BRZ502 no-rate-limit-handling: Braze REST calls made in a loop (or once per batch) with
nothing that reacts to HTTP 429.

Braze rate-limits every REST endpoint (``/users/track``: a burst limit of 3,000 requests
per 3 seconds or the contract's limits; most others 250,000 per hour) and answers 429 when
a client goes over; its error guide says to retry with exponential backoff
(braze-facts.md §3.3, §3.6, §3.7). A loop that ignores 429 silently drops every batch sent
while it is limited.

A request counts as looped when it sits in a loop or iteration callback (``for``, ``while``,
``forEach``, ``map`` / ``Promise.all(batches.map(...))``), or in a function this file calls
from a loop. It is handled, and not reported, when any of these holds:

- the file compares with 429 anywhere (a ``429`` number or ``"429"`` string literal, or a
  name such as ``TOO_MANY_REQUESTS`` / ``HTTP_429``);
- the file reads a rate-limit header (``X-Ratelimit-Retry-After``, ``Retry-After``,
  ``X-RateLimit-Reset`` / ``-Remaining``);
- a sleep (``time.sleep``, ``asyncio.sleep``, ``sleep``, ``setTimeout``, ``delay``) that
  reacts to a failure runs in the request's function, the calling function, or a callback
  written inside them: under a condition on the response or an error (``if not r.ok``,
  ``if (res.status >= 400)``), in an ``except`` / ``catch`` arm, in a retry loop (``for
  attempt in range(3)``), or for a computed time (``2 ** attempt``, ``retryAfter``). A fixed
  sleep between requests (``await sleep(500)`` after each batch) is throttling: it lowers the
  rate but never retries a batch that got 429, so it is not handling;
- the file uses a retry library: tenacity, backoff, retrying, stamina, urllib3 ``Retry``
  (mounted on a requests session), axios-retry, p-retry, async-retry, promise-retry,
  fetch-retry, exponential-backoff; or a retrying decorator on either function;
- the request's options carry a ``retry`` setting (got, ky).

The 429 check is file-wide on purpose: rate-limit handling often lives in a helper, and a
false alarm here costs more than a missed one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brazelint.braze.rest import REST_PATH, HttpRequest, braze_rest_requests
from brazelint.facts import Call, FileFacts, FunctionDef, Value, ValueKind
from brazelint.findings import Finding
from brazelint.languages import Language
from brazelint.rule import FileRule

_SLEEPS = frozenset({"sleep", "setTimeout", "delay", "wait_for_rate_limit", "backoff"})
#: Modules whose import means the file retries with backoff.
_RETRY_MODULES = frozenset(
    {
        "tenacity",
        "backoff",
        "retrying",
        "stamina",
        "axios-retry",
        "p-retry",
        "async-retry",
        "promise-retry",
        "fetch-retry",
        "exponential-backoff",
        "@lifeomic/attempt",
    }
)
#: Decorators (last dotted part) that retry the function they wrap.
_RETRY_DECORATORS = frozenset({"retry", "on_exception", "on_predicate", "retry_on_exception"})
_TOO_MANY = re.compile(r"429|too_?many_?requests|rate_?limit(?:ed)?_?error", re.IGNORECASE)
#: Response headers that tell a client when to retry (braze-facts.md §3.7).
_RATE_LIMIT_HEADER = re.compile(r"retry-after|x-ratelimit-(?:reset|remaining)", re.IGNORECASE)
#: A condition on the outcome of a request: the guard of a sleep that reacts to failure.
_REACTIVE_GUARD = re.compile(
    r"status|\.ok\b|\bok\b|error|\berr\b|exception|fail|retr|attempt|429|limit", re.IGNORECASE
)
#: Names in a sleep's duration, or a retry loop's variable, that make it a backoff.
_BACKOFF_WORDS = re.compile(r"attempt|retr|backoff|tries|after|reset|\*\*|pow", re.IGNORECASE)


class NoRateLimitHandling(FileRule):
    id = "BRZ502"
    keywords = (
        rb"braze\.(?:com|eu)|appboy\.com|/users/|/messages/|/campaigns/|/canvas/|"
        rb"/transactional/|subscription/|/sends/"
    )
    # What is_braze_rest_url accepts: a Braze host or a Braze-only REST path; `/users/`
    # alone is in every web app.
    requires = (REST_PATH.pattern.encode() + rb"|braze\.(?:com|eu)|appboy\.com",)
    languages = frozenset({Language.PYTHON, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        requests = [r for r in braze_rest_requests(facts) if not _has_retry_option(r)]
        if not requests or _checks_429(facts) or _uses_retry_library(facts):
            return
        functions = {f.scope: f for f in facts.functions}
        for request in requests:
            call = request.call
            callers = _looping_callers(call, functions, facts)
            if not call.flow.loops and not callers:
                continue
            scopes = [call.flow.scope, *(c.flow.scope for c in callers)]
            if _sleeps_near(facts, scopes, functions) or _retry_decorated(scopes, functions):
                continue
            where = "in a loop" if call.flow.loops else f"from a loop (via {callers[0].name}())"
            yield self.finding(
                facts.path,
                call.name_span or call.span,
                f"Braze REST request made {where} with no handling of HTTP 429: when Braze "
                "rate-limits the loop, every later batch fails and is lost; check for 429 and "
                "retry after X-RateLimit-Reset / X-Ratelimit-Retry-After with exponential "
                "backoff (or use a retry library such as tenacity, backoff, urllib3 Retry, "
                "axios-retry or p-retry)",
                fingerprint_key=request.url_text,
            )


def _looping_callers(call: Call, functions: dict[str, FunctionDef], facts: FileFacts) -> list[Call]:
    """Calls in a loop, elsewhere in this file, to the function the request is made in."""
    function = functions.get(call.flow.scope)
    if function is None:
        return []
    return [
        other
        for other in facts.calls
        if other.name == function.name and other.flow.loops and other.flow.scope != call.flow.scope
    ]


def _checks_429(facts: FileFacts) -> bool:
    if any(number.number == 429 for number in facts.numbers):
        return True
    if any(literal.text.strip() == "429" for literal in facts.strings):
        return True
    if any(_RATE_LIMIT_HEADER.search(literal.text) for literal in facts.strings):
        return True
    for guard in _all_guards(facts):
        if _TOO_MANY.search(guard):
            return True
    return any(
        value.kind is ValueKind.NAME and _TOO_MANY.search(value.text)
        for value in _all_values(facts)
    )


def _all_guards(facts: FileFacts) -> Iterator[str]:
    for call in facts.calls:
        yield from call.flow.guards
    for assignment in facts.assignments:
        yield from assignment.flow.guards
    for literal in facts.strings:
        yield from literal.flow.guards


def _all_values(facts: FileFacts) -> Iterator[Value]:
    for call in facts.calls:
        for argument in call.args:
            yield from argument.value.walk()
    for assignment in facts.assignments:
        yield from assignment.value.walk()


def _uses_retry_library(facts: FileFacts) -> bool:
    for item in facts.imports:
        root = item.module.split(".")[0]
        if item.module in _RETRY_MODULES or root in _RETRY_MODULES:
            return True
        # urllib3's Retry (also through requests.packages / requests.adapters).
        if item.name == "Retry" or item.module.endswith(".Retry"):
            return True
    return any(call.name == "Retry" for call in facts.calls)


def _has_retry_option(request: HttpRequest) -> bool:
    """got / ky options with a ``retry`` setting (their defaults never retry a POST)."""
    for argument in request.call.args:
        value = argument.value
        if value.kind is ValueKind.DICT and value.get("retry") is not None:
            return True
    return False


def _sleeps_near(facts: FileFacts, scopes: list[str], functions: dict[str, FunctionDef]) -> bool:
    spans = [functions[scope].span for scope in scopes if scope in functions]
    retry_loops = {
        loop.label
        for loop in facts.loops
        if any(_BACKOFF_WORDS.search(target) for target in loop.targets)
    }
    for call in facts.calls:
        if call.name not in _SLEEPS or not _reacts_to_failure(call, retry_loops):
            continue
        scope = call.flow.scope
        if scope in scopes:
            return True
        # A callback written inside one of those functions (``new Promise(r =>
        # setTimeout(r, ms))``) has its own scope.
        if scope.startswith("<lambda>") and any(
            span.line <= call.span.line <= span.end_line for span in spans
        ):
            return True
    return False


def _reacts_to_failure(sleep: Call, retry_loops: set[str]) -> bool:
    """The sleep is part of a retry, not a fixed pause between requests."""
    flow = sleep.flow
    if any(_REACTIVE_GUARD.search(guard) for guard in flow.guards):
        return True
    # An arm of a branch that no if/else guard explains is an except/catch arm (else arms
    # carry the negated condition as a guard, `"!cond"`).
    later_arms = sum(1 for arm in flow.branch if not arm.endswith(":0"))
    negated = sum(1 for guard in flow.guards if guard.startswith("!"))
    if later_arms > negated:
        return True
    if retry_loops.intersection(flow.loops):
        return True
    duration = sleep.arg(1) if sleep.name == "setTimeout" else sleep.arg(0)
    if duration is None:
        return False
    return any(
        _BACKOFF_WORDS.search(part.text) or part.kind is ValueKind.ARITHMETIC
        for part in duration.walk()
        if part.kind is not ValueKind.STRING
    )


def _retry_decorated(scopes: list[str], functions: dict[str, FunctionDef]) -> bool:
    for scope in scopes:
        function = functions.get(scope)
        if function is None:
            continue
        if any(d.rsplit(".", 1)[-1] in _RETRY_DECORATORS for d in function.decorators):
            return True
    return False
