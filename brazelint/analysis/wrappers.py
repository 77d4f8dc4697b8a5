"""Wrapper summaries: the project's own functions that pass a parameter on to the Braze SDK,
so that each of their call sites, in any file, is a Braze call with the caller's arguments.

A function is a wrapper when a call in its body is made on the SDK (``braze.sdk
.is_braze_receiver``, which trusts the bindings of ``analysis.identity`` first) and one of
that call's arguments is built from one of the function's parameters. Detection follows the
value into Braze, never names: an app's ``track("purchase")`` that only calls Segment is not
a wrapper.

At a call site the wrapper's Braze call is made again (``Call.via`` set) with each parameter
replaced by the value the caller passed, and every other part placed at the call site. A
finding about something the caller passed stays (with the wrapper's call as a related
location); a finding about the wrapper's own parts is the wrapper file's to report, so it is
dropped at the call sites.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from brazelint.braze.sdk import is_braze_receiver
from brazelint.facts import Argument, Call, FileFacts, Span, Through, Value, ValueKind
from brazelint.findings import Finding, RelatedLocation
from brazelint.languages import Language

#: Receivers through which a method calls another of its own class.
_SELF = frozenset({"this", "self"})
_JS = frozenset({Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX})
_JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A function of ``path`` whose parameters reach the Braze call ``call``."""

    name: str
    #: The class, object or type the function is a member of (``Analytics`` in
    #: ``object Analytics { fun track(…) }``), None for a free function.
    owner: str | None
    params: tuple[str, ...]
    call: Call
    path: str
    language: Language
    scope: str


def summarize(facts: FileFacts) -> tuple[Wrapper, ...]:
    """The wrappers ``facts`` defines (its calls already resolved and identified)."""
    functions = [f for f in facts.functions if f.params]
    if not functions:
        return ()
    by_scope: dict[str, list[Call]] = {}
    for call in facts.calls:
        if call.via is None:
            by_scope.setdefault(call.flow.scope, []).append(call)
    found: list[Wrapper] = []
    for function in functions:
        params = tuple(_plain(param) for param in function.params)
        for call in by_scope.get(function.scope, ()):
            if _uses_parameter(call, params) and is_braze_receiver(call):
                found.append(
                    Wrapper(
                        _simple_name(function.name),
                        function.class_name,
                        params,
                        call,
                        facts.path,
                        facts.language,
                        function.scope,
                    )
                )
    return tuple(found)


def expand(facts: FileFacts, wrappers: Sequence[Wrapper]) -> FileFacts:
    """``facts`` with a Braze call added at each call site of one of ``wrappers``."""
    if not wrappers:
        return facts
    added: list[Call] = []
    for call in facts.calls:
        if call.via is not None or not call.chain:
            continue
        for wrapper in wrappers:
            if wrapper.path == facts.path and call.flow.scope == wrapper.scope:
                continue  # a wrapper calling itself is not a call site
            if calls_wrapper(facts, call, wrapper):
                added.append(_made_at(call, wrapper))
    if not added:
        return facts
    calls = sorted((*facts.calls, *added), key=lambda c: c.flow.order)
    return replace(facts, calls=tuple(calls))


def calls_wrapper(facts: FileFacts, call: Call, wrapper: Wrapper) -> bool:
    """Whether ``call`` (in ``facts``) calls ``wrapper``."""
    chain = call.chain
    if chain[-1] != wrapper.name:
        return False
    if wrapper.path == facts.path:
        if len(chain) == 1:
            return True
        return len(chain) == 2 and (chain[0] in _SELF or chain[0] == wrapper.owner)
    if facts.language in _JS:
        qualified = call.qualified
        if len(qualified) < 2 or qualified == chain:
            return False
        return module_file(facts.path, qualified[0]) == _without_suffix(wrapper.path)
    if facts.language is Language.PYTHON:
        qualified = call.qualified
        if len(qualified) < 2 or qualified == chain:
            return False
        return qualified[0].replace(".", "/") == _without_suffix(wrapper.path).removesuffix(
            "/__init__"
        ) or _without_suffix(wrapper.path).endswith("/" + qualified[0].replace(".", "/"))
    if facts.language is not wrapper.language:
        return False
    # Kotlin, Java, Swift: members by their type's name, free functions by their own (a
    # module shares one namespace), never one the file defines itself.
    if wrapper.owner is not None:
        return len(chain) == 2 and chain[0] == wrapper.owner
    return len(chain) == 1 and not any(f.name == wrapper.name for f in facts.functions)


def attribute(findings: Iterable[Finding], facts: FileFacts) -> Iterator[Finding]:
    """Findings with those about a wrapper's own parts dropped at its call sites, and the
    wrapper's Braze call added as a related location of the rest."""
    through = [call for call in facts.calls if call.via is not None]
    if not through:
        yield from findings
        return
    for finding in findings:
        site = next((c for c in through if _within(finding.span, c.span)), None)
        if site is None or site.via is None:
            yield finding
            continue
        if finding.span == site.span or finding.span == site.name_span:
            continue
        related = RelatedLocation(
            site.via.path, site.via.span, f"the Braze call inside `{site.via.wrapper}`"
        )
        yield replace(finding, related=(*finding.related, related))


def module_file(importer: str, module: str) -> str | None:
    """The repository path (without suffix) a relative JS/TS import names."""
    if not module.startswith("."):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(importer), module))
    return _without_suffix(joined)


def _without_suffix(path: str) -> str:
    for suffix in (*_JS_SUFFIXES, ".py", ".kt", ".java", ".swift"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return path.removesuffix("/index")


def _made_at(site: Call, wrapper: Wrapper) -> Call:
    inner = wrapper.call
    passed: dict[str, Value] = {}
    positional = [a.value for a in site.args if a.label is None]
    for param, value in zip(wrapper.params, positional, strict=False):
        passed[param] = value
    for argument in site.args:
        if argument.label is not None and argument.label in wrapper.params:
            passed[argument.label] = argument.value
    args = tuple(Argument(_substituted(a.value, passed, site.span), a.label) for a in inner.args)
    return Call(
        inner.chain,
        args,
        site.span,
        site.flow,
        inner.qualified,
        site.name_span,
        True,
        Through(wrapper.name, wrapper.path, inner.span),
    )


def _substituted(value: Value, passed: dict[str, Value], site: Span) -> Value:
    """``value`` from the wrapper with its parameters replaced by what the caller passed,
    every other part placed at the call site."""
    if value.kind is ValueKind.NAME:
        root, dot, rest = value.text.partition(".")
        argument = passed.get(root)
        if argument is not None:
            if not dot:
                return argument
            if argument.kind is ValueKind.DICT and (entry := argument.get(rest)) is not None:
                return entry
            if argument.kind is ValueKind.NAME:
                return replace(value, text=f"{argument.text}.{rest}", span=argument.span)
            return replace(value, span=argument.span)
    items = tuple(_substituted(item, passed, site) for item in value.items)
    entries = tuple((key, _substituted(v, passed, site)) for key, v in value.entries)
    return replace(value, span=site, items=items, entries=entries, call=None)


def _uses_parameter(call: Call, params: tuple[str, ...]) -> bool:
    wanted = frozenset(params)
    for argument in call.args:
        for value in argument.value.walk():
            if value.kind is ValueKind.NAME and value.text.partition(".")[0] in wanted:
                return True
            if value.resolved_from and value.resolved_from.partition(".")[0] in wanted:
                return True
    return False


def _plain(param: str) -> str:
    """A parameter's local name (Swift records external labels; `_` has none)."""
    return param.split()[-1] if param else param


def _simple_name(name: str) -> str:
    """``track(_:properties:)`` (a Swift selector) → ``track``."""
    return name.partition("(")[0]


def _within(inner: Span, outer: Span) -> bool:
    return (inner.line, inner.col) >= (outer.line, outer.col) and (
        inner.end_line,
        inner.end_col,
    ) <= (outer.end_line, outer.end_col)
