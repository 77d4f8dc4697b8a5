"""What the core adds to a frontend's facts, the same way for every language:

- ``Call.qualified``: the receiver chain with its root replaced by what an import bound it to;
- values with names replaced by what may reach them (``analysis.values``: reaching
  definitions, both arms of fallbacks, same-file helpers' returns, constants of this and
  other files);
- Liquid outputs found inside string literals of code;
- the file's lines and its client/server context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from brazelint.analysis.identity import Identity
from brazelint.analysis.values import ExportLookup, ValueFlow
from brazelint.context import ContextOverride, infer_context
from brazelint.facts import (
    Call,
    FileFacts,
    LiquidOutput,
    LiquidProblem,
    ValueKind,
)
from brazelint.languages import CODE_LANGUAGES

#: How many substitutions may nest (a constant defined from a constant …).
_MAX_DEPTH = 6
#: Kinds whose ``items`` are values to resolve (TEMPLATE is joined separately).
_COMPOSITE = frozenset(
    {ValueKind.LIST, ValueKind.COMPREHENSION, ValueKind.SLICE, ValueKind.ARITHMETIC}
)


def finish(
    facts: FileFacts,
    text: str,
    context_overrides: Sequence[ContextOverride] = (),
    exports: ExportLookup | None = None,
) -> FileFacts:
    """``context_overrides`` are the user's configured path → context pins (the
    configuration seam; the engine passes none until configuration supplies them)."""
    # Split on "\n" only, as GitHub does when it fingerprints lines.
    lines = tuple(line.removesuffix("\r") for line in text.split("\n"))
    if facts.language not in CODE_LANGUAGES:
        return replace(facts, lines=lines, context=infer_context(facts, context_overrides))
    resolver = ValueFlow(facts, exports)
    identity = Identity(facts)
    calls = tuple(
        _identified(resolver.call(call), resolver, identity) for call in facts.calls
    )
    assignments = tuple(resolver.assignment(a) for a in facts.assignments)
    loops = tuple(resolver.loop(loop) for loop in facts.loops)
    liquid, liquid_problems = _liquid_in_strings(facts)
    finished = replace(
        facts,
        calls=calls,
        assignments=assignments,
        loops=loops,
        liquid=facts.liquid + liquid,
        liquid_problems=facts.liquid_problems + liquid_problems,
        lines=lines,
    )
    return replace(finished, context=infer_context(finished, context_overrides))


def _identified(call: Call, resolver: ValueFlow, identity: Identity) -> Call:
    if len(call.chain) < 2:
        return call
    sdk = identity.of_call(call, resolver.receiver(call))
    return call if sdk is None else replace(call, sdk=sdk)


def _liquid_in_strings(
    facts: FileFacts,
) -> tuple[tuple[LiquidOutput, ...], tuple[LiquidProblem, ...]]:
    candidates = [s for s in facts.strings if "{{" in s.text or "{%" in s.text]
    if not candidates:
        return (), ()
    from brazelint.liquid import scan_liquid

    outputs: list[LiquidOutput] = []
    problems: list[LiquidProblem] = []
    for literal in candidates:
        found, trouble = scan_liquid(literal.text, literal.content_span)
        outputs.extend(found)
        problems.extend(trouble)
    return tuple(outputs), tuple(problems)
