"""Value flow: the values a name or a helper call may hold where it is used, for every
language alike.

A name is replaced by what reaches it (``analysis.reaching``): one value when one
definition reaches it, a CHOICE of them when several do (``if``/``else`` assignments, a
reassignment in one branch), with ``resolved_from`` naming what was replaced. A name no local
assignment decides falls back to a file-level constant, a class constant, or a constant
another file of the project exports (``project.Exports``). A call of a function of the same
file is replaced by what that function returns (its parameters replaced by the call's
arguments), to ``MAX_DEPTH`` levels.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace

from brazelint import limits
from brazelint.analysis.reaching import Definitions
from brazelint.facts import (
    Argument,
    Assignment,
    Call,
    FileFacts,
    Flow,
    FunctionDef,
    Import,
    Loop,
    Return,
    Value,
    ValueKind,
)

#: How deep substitutions may nest (a constant defined from a constant, a helper calling a
#: helper …). One limit for every language and every kind of substitution.
MAX_DEPTH = limits.SUBSTITUTIONS
#: Kinds whose ``items`` are values to resolve (TEMPLATE is joined separately).
_COMPOSITE = frozenset(
    {
        ValueKind.LIST,
        ValueKind.COMPREHENSION,
        ValueKind.SLICE,
        ValueKind.ARITHMETIC,
        ValueKind.CHOICE,
    }
)
#: Receivers through which a method calls another of its own class.
_SELF = frozenset({"this", "self", "Companion"})

#: Looks a name up in the constants other files export: (the file's import bindings, the
#: dotted name) → the constant's value, or None.
ExportLookup = Callable[[dict[str, tuple[str, ...]], str], Value | None]


class ValueFlow:
    """Resolves the values of one file's facts (see the module docstring)."""

    def __init__(self, facts: FileFacts, exports: ExportLookup | None = None) -> None:
        self.imports = import_bindings(facts.imports)
        self.exports = exports
        self.class_names = {cls.name for cls in facts.classes}
        static_counts = Counter(a.target[-1] for a in facts.assignments if a.file_level)
        self.file_level: dict[str, Value] = {
            a.target[-1]: a.value
            for a in facts.assignments
            if a.file_level and static_counts[a.target[-1]] == 1 and len(a.target) <= 2
        }
        self.definitions = Definitions(facts.assignments)
        self.helpers = _helpers(facts.functions, facts.returns)

    # resolve() runs for every call and value of every file, so what is left unchanged is
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
            call.chain,
            tuple(args),
            call.span,
            flow,
            self.qualify(call.chain),
            call.name_span,
            call.sdk,
            call.via,
        )

    def assignment(self, assignment: Assignment) -> Assignment:
        value = self.value(assignment.value, assignment.flow, 0)
        return assignment if value is assignment.value else replace(assignment, value=value)

    def loop(self, loop: Loop) -> Loop:
        iterable = self.value(loop.iterable, loop.flow, 0)
        return loop if iterable is loop.iterable else replace(loop, iterable=iterable)

    def receiver(self, call: Call) -> tuple[Value, ...] | None:
        """What the root of ``call``'s receiver chain may hold at the call, when local
        assignments or constants decide it; else None."""
        root = Value(ValueKind.NAME, call.chain[0], call.span)
        found = self._name(root, call.flow, 0)
        if found is root:
            return None
        return tuple(found.alternatives())

    def qualify(self, chain: tuple[str, ...]) -> tuple[str, ...]:
        if not chain:
            return chain
        binding = self.imports.get(chain[0])
        if binding is None:
            return chain
        return binding + chain[1:]

    def value(self, value: Value, flow: Flow, depth: int) -> Value:
        if depth > MAX_DEPTH:
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
            returned = self._returned(value, value.call, flow, depth)
            if returned is not None:
                return returned
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
        reaching = self.definitions.reaching(name, flow)
        if reaching is None or (reaching.open and not reaching.assignments):
            outer = self._outer(value, flow, depth)
            return value if outer is None else outer
        resolved = (
            self.value(assignment.value, assignment.flow, depth + 1)
            for assignment in reaching.assignments
        )
        alternatives = [found for found in resolved if not _names(found, name)]
        if reaching.open or not alternatives:
            alternatives.append(self._outer(value, flow, depth) or value)
        if len(alternatives) == 1:
            found = alternatives[0]
            if found is value or found.kind is ValueKind.UNKNOWN:
                return value
            return replace(found, resolved_from=name, span=value.span)
        return Value(
            ValueKind.CHOICE, name, value.span, items=tuple(alternatives), resolved_from=name
        )

    def _outer(self, value: Value, flow: Flow, depth: int) -> Value | None:
        """The value of ``value``'s name from outside its scope, or None."""
        name = value.text
        found = self.file_level.get(name)
        if found is None:
            head, _, attribute = name.rpartition(".")
            if head in self.class_names or head in _SELF:
                found = self.file_level.get(attribute)
        if found is None and self.exports is not None:
            found = self.exports(self.imports, name)
        if found is None or found.kind is ValueKind.UNKNOWN:
            return None
        if found.kind is ValueKind.NAME and found.text == name:
            return None
        resolved = self.value(found, flow, depth + 1)
        return replace(resolved, resolved_from=name, span=value.span)

    def _returned(self, value: Value, call: Call, flow: Flow, depth: int) -> Value | None:
        """What a call of a same-file helper returns, or None."""
        chain = call.chain
        if len(chain) == 1 or (len(chain) == 2 and chain[0] in _SELF):
            helper = self.helpers.get(chain[-1])
        else:
            return None
        if helper is None or depth >= MAX_DEPTH:
            return None
        function, returns = helper
        positional = [a.value for a in call.args if a.label is None]
        arguments = dict(zip(function.params, positional, strict=False))
        for argument in call.args:
            if argument.label is not None and argument.label in function.params:
                arguments[argument.label] = argument.value
        alternatives: list[Value] = []
        for returned in returns:
            resolved = self.value(_bound(returned.value, arguments), returned.flow, depth + 1)
            if resolved.kind is ValueKind.UNKNOWN:
                return None  # one unknown return makes the whole answer unknown
            alternatives.extend(resolved.alternatives())
        if not alternatives:
            return None
        if len(alternatives) == 1:
            return replace(alternatives[0], resolved_from=value.text + "()", span=value.span)
        return Value(
            ValueKind.CHOICE,
            value.text + "()",
            value.span,
            items=tuple(alternatives),
            resolved_from=value.text + "()",
        )


def _names(value: Value, name: str) -> bool:
    return value.kind is ValueKind.NAME and value.text == name


def _helpers(
    functions: tuple[FunctionDef, ...], returns: tuple[Return, ...]
) -> dict[str, tuple[FunctionDef, tuple[Return, ...]]]:
    """Functions of the file that return a value, by name (names defined twice are left
    out: which one a call means would be a guess)."""
    by_scope: dict[str, list[Return]] = defaultdict(list)
    for returned in returns:
        by_scope[returned.flow.scope].append(returned)
    # A Swift function is named by its selector (``idFor(user:)``); calls by the base name.
    counts = Counter(function.name.partition("(")[0] for function in functions)
    return {
        base: (function, tuple(by_scope[function.scope]))
        for function in functions
        if counts[base := function.name.partition("(")[0]] == 1 and function.scope in by_scope
    }


def _bound(value: Value, arguments: dict[str, Value]) -> Value:
    """``value`` with names rooted at a parameter rewritten onto the argument passed for it
    (``user.email`` with ``user`` ← ``current`` gives ``current.email``)."""
    if not arguments:
        return value
    if value.kind is ValueKind.NAME:
        root, dot, rest = value.text.partition(".")
        argument = arguments.get(root)
        if argument is None:
            return value
        if not dot:
            return replace(argument, span=value.span)
        if argument.kind is ValueKind.NAME:
            return replace(value, text=f"{argument.text}.{rest}")
        if argument.kind is ValueKind.DICT:
            entry = argument.get(rest)
            if entry is not None:
                return replace(entry, span=value.span)
        return value
    if value.kind in _COMPOSITE or value.kind is ValueKind.TEMPLATE:
        items = tuple(_bound(item, arguments) for item in value.items)
        return replace(value, items=items)
    if value.kind is ValueKind.DICT:
        return replace(value, entries=tuple((k, _bound(v, arguments)) for k, v in value.entries))
    return value


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


def import_bindings(imports: tuple[Import, ...]) -> dict[str, tuple[str, ...]]:
    """Local name → (module,) or (module, member) for each name an import binds."""
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
