"""What the core adds to a frontend's facts, the same way for every language:

- ``Call.qualified``: the receiver chain with its root replaced by what an import bound it to;
- values with names substituted where the file makes the value certain: a file-level
  name assigned exactly once, or a name assigned exactly once in the same scope before the
  call (``const BASE_URL = "…"; braze.initialize(k, {baseUrl: BASE_URL})``);
- Liquid outputs found inside string literals of code;
- the file's lines and its client/server context.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from brazelint.context import ContextOverride, infer_context
from brazelint.facts import (
    Argument,
    Assignment,
    Call,
    FileFacts,
    Flow,
    Import,
    LiquidOutput,
    LiquidProblem,
    Loop,
    Value,
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
    facts: FileFacts, text: str, context_overrides: Sequence[ContextOverride] = ()
) -> FileFacts:
    """``context_overrides`` are the user's configured path → context pins (the
    configuration seam; the engine passes none until configuration supplies them)."""
    # Split on "\n" only, as GitHub does when it fingerprints lines.
    lines = tuple(line.removesuffix("\r") for line in text.split("\n"))
    if facts.language not in CODE_LANGUAGES:
        return replace(facts, lines=lines, context=infer_context(facts, context_overrides))
    resolver = _Resolver(facts)
    calls = tuple(resolver.call(call) for call in facts.calls)
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


class _Resolver:
    def __init__(self, facts: FileFacts) -> None:
        self.imports = _import_bindings(facts.imports)
        self.class_names = {cls.name for cls in facts.classes}
        static_counts = Counter(a.target[-1] for a in facts.assignments if a.file_level)
        self.file_level: dict[str, Value] = {
            a.target[-1]: a.value
            for a in facts.assignments
            if a.file_level and static_counts[a.target[-1]] == 1 and len(a.target) <= 2
        }
        # A local name is certain only when it is assigned exactly once in its scope.
        by_scope: dict[tuple[str, str], list[Assignment]] = defaultdict(list)
        for assignment in facts.assignments:
            if len(assignment.target) == 1 and not assignment.file_level:
                by_scope[(assignment.flow.scope, assignment.target[0])].append(assignment)
        self.local = {key: found[0] for key, found in by_scope.items() if len(found) == 1}

    # finish() runs for every call and value of every file, so what is left unchanged is
    # returned as it is (equal either way), and Calls and CALL values are built directly:
    # dataclasses.replace inspects the fields on every call, which cost more than all the
    # resolving did. A field added to Call or Value must be copied here too
    # (tests/test_resolve.py checks the field lists).

    def call(self, call: Call, depth: int = 0) -> Call:
        flow = call.flow
        args: list[Argument] = []
        for arg in call.args:
            value = self.value(arg.value, flow, depth)
            args.append(arg if value is arg.value else Argument(value, arg.label))
        return Call(
            call.chain, tuple(args), call.span, flow, self.qualify(call.chain), call.name_span
        )

    def assignment(self, assignment: Assignment) -> Assignment:
        value = self.value(assignment.value, assignment.flow, 0)
        return assignment if value is assignment.value else replace(assignment, value=value)

    def loop(self, loop: Loop) -> Loop:
        iterable = self.value(loop.iterable, loop.flow, 0)
        return loop if iterable is loop.iterable else replace(loop, iterable=iterable)

    def qualify(self, chain: tuple[str, ...]) -> tuple[str, ...]:
        if not chain:
            return chain
        binding = self.imports.get(chain[0])
        if binding is None:
            return chain
        return binding + chain[1:]

    def value(self, value: Value, flow: Flow, depth: int) -> Value:
        if depth > _MAX_DEPTH:
            return value
        kind = value.kind
        if kind is ValueKind.NAME:
            return self._name(value, flow, depth)
        if kind is ValueKind.DICT:
            changed = False
            entries: list[tuple[str | None, Value]] = []
            for entry in value.entries:
                resolved = self.value(entry[1], flow, depth + 1)
                if resolved is not entry[1]:
                    changed = True
                    entry = (entry[0], resolved)
                entries.append(entry)
            return replace(value, entries=tuple(entries)) if changed else value
        if kind in _COMPOSITE:
            items = self._items(value.items, flow, depth + 1)
            return value if items is value.items else replace(value, items=items)
        if kind is ValueKind.TEMPLATE:
            return _join_template(value, self._items(value.items, flow, depth + 1))
        if kind is ValueKind.CALL and value.call is not None:
            inner = self.call(value.call, depth + 1)
            return Value(
                kind,
                value.text,
                value.span,
                value.number,
                value.items,
                value.entries,
                inner,
                value.resolved_from,
                value.operator,
            )
        return value

    def _items(self, items: tuple[Value, ...], flow: Flow, depth: int) -> tuple[Value, ...]:
        """``items`` resolved; the same tuple when none of them changed."""
        resolved = tuple(self.value(item, flow, depth) for item in items)
        if all(new is old for new, old in zip(resolved, items, strict=True)):
            return items
        return resolved

    def _name(self, value: Value, flow: Flow, depth: int) -> Value:
        name = value.text
        found: Value | None = None
        local = self.local.get((flow.scope, name))
        if local is not None and local.flow.order < flow.order:
            found = local.value
        elif name in self.file_level and (flow.scope, name) not in self.local:
            found = self.file_level[name]
        else:
            head, _, attribute = name.rpartition(".")
            if head in self.class_names or head in ("self", "this", "Companion"):
                found = self.file_level.get(attribute)
        if found is None or found.kind is ValueKind.UNKNOWN:
            return value
        if found.kind is ValueKind.NAME and found.text == name:
            return value
        resolved = self.value(found, flow, depth + 1)
        return replace(resolved, resolved_from=name, span=value.span)


def _join_template(value: Value, items: tuple[Value, ...]) -> Value:
    """The template ``value`` with its parts resolved to ``items``: one string when they all
    are known strings, else with its text rewritten from them."""
    if not items:
        return value
    if all(part.kind is ValueKind.STRING for part in items):
        return Value(
            ValueKind.STRING,
            "".join(part.text for part in items),
            value.span,
            resolved_from=value.resolved_from or "template",
        )
    text = "".join(
        part.text if part.kind is ValueKind.STRING else "{" + part.text + "}" for part in items
    )
    if text == value.text and items is value.items:
        return value
    return replace(value, items=items, text=text)


def _import_bindings(imports: tuple[Import, ...]) -> dict[str, tuple[str, ...]]:
    bindings: dict[str, tuple[str, ...]] = {}
    for item in imports:
        if item.name in (None, "*", "default"):
            local = item.alias or (item.module.split(".")[0] if item.name is None else None)
            if local:
                target = (item.module,) if item.alias else (item.module.split(".")[0],)
                bindings[local] = target
        else:
            bindings[item.alias or item.name] = (item.module, item.name)
    return bindings


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
