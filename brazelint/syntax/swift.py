"""Swift (``.swift``), tree-sitter-swift: the tables and the hooks for what they cannot
say. It replaced the hand-written walker (``benchmarks/parity.py swift`` compares the two;
tests/test_parity_swift.py lists what changed on purpose).

Decisions the contract leaves open (the walker's, kept):

- A call through an implicit member (``.init(x)``) has the chain ``("init",)``; as a value
  the implicit member keeps its dot (``.debug``). A chain whose root is no name
  (``"a".uppercased()``) is empty. Calls are listed in walk order (outermost call first).
- Subscripts (``arr[0]``) are no calls; in chains they collapse like calls.
- ``if`` / ``else if`` / ``else`` share one id (arms 0, 1, 2, … counted by blocks, so an
  empty block still takes its number); a ``guard``'s ``else`` block is arm 0; ``do`` is arm
  0 and each ``catch`` the next (only when there is a ``catch``).
- ``for``-in loops cover everything but the collection; ``while`` / ``repeat`` their
  condition too.
- Computed properties, observers and subscripts open a scope ``<property>@<line>``
  (``subscript@<line>``) and are no ``FunctionDef``. A function's scope is
  ``<selector>@<line of its name>`` (attributes may sit above).
- ``static let`` in a type is file level; ``static var`` is not. Every declaration or
  assignment directly in the file is file level.
- Guards: ``if`` arms, ternaries and ``switch`` cases (``"<subject> == <patterns>"``,
  ``"<subject> default"``); a ``guard`` adds its condition to the statements after it.

Hooks, and why the tables cannot say them:

- ``#if`` / ``#elseif`` / ``#else`` (``_siblings``): the grammar gives directives as
  siblings of the code they guard, so a container's children are guarded by the open
  directives before them (compile time: they stay in force in every scope). ``guard``
  statements work the same way for the statements after them.
- calls (``_call``): labelled arguments (``name: value``), trailing closures (no arguments,
  but loop bodies of an iteration method), subscripts.
- strings (``_scan``): interpolation ``\\(x)``, raw strings ``#"…"#`` with their own
  escapes, multi-line indentation stripping.
- ``??`` (``_nil_coalescing``), ``+`` concatenation (``_concatenation``), dictionaries
  (keys and values are alternating fields), property declarations and assignments
  (``user.firstName = x`` is an assignment to ``user.firstName``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from tree_sitter import Node

from brazelint.facts import (
    Assignment,
    ClassDef,
    FileFacts,
    FunctionDef,
    Import,
    Span,
    Value,
    ValueKind,
)
from brazelint.frontends import treesitter as ts
from brazelint.languages import Language
from brazelint.syntax.lower import Ctx, Handler, Lowering, guard_text
from brazelint.syntax.spec import (
    DEPTH_LIMIT,
    BinaryShape,
    BranchShape,
    CallParts,
    LanguageSpec,
    LoopShape,
    MemberShape,
    StringShape,
)

_STRINGS = frozenset({"line_string_literal", "multi_line_string_literal", "raw_string_literal"})
_NUMBERS = frozenset(
    {"integer_literal", "real_literal", "hex_literal", "oct_literal", "bin_literal"}
)
_COMMENTS = frozenset({"comment", "multiline_comment"})
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "init_declaration",
        "deinit_declaration",
        "protocol_function_declaration",
    }
)
_TYPE_BODIES = frozenset({"class_body", "enum_class_body", "protocol_body"})
_ACCESSORS = frozenset({"computed_property", "willset_didset_block"})
_LOOK_THROUGH = frozenset({"try_expression", "await_expression", "as_expression"})
_DECLARING_FIELDS = frozenset({"bound_identifier", "name", "external_name"})
_DECLARING_PARENTS = frozenset({"pattern", "parameter", "lambda_parameter", "enum_entry"})
_READING_PARENTS = frozenset(
    {
        "statements",
        "value_argument",
        "interpolated_expression",
        "assignment",
        "property_declaration",
        "directly_assignable_expression",
        "array_literal",
        "dictionary_literal",
        "if_statement",
        "guard_statement",
        "while_statement",
        "repeat_while_statement",
        "for_statement",
        "switch_statement",
        "control_transfer_statement",
        "call_expression",
    }
)
_ESCAPE_SIMPLE = {"0": "\0", "\\": "\\", "t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'"}


def _parse_number(text: str) -> float | None:
    cleaned = text.replace("_", "")
    try:
        return float(int(cleaned, 0))
    except ValueError:
        pass
    try:
        return float(cleaned)
    except ValueError:
        return None


def _look_through(node: Node) -> Node:
    """Parentheses, ``try``, ``await``, ``as`` and ``!`` do not change what a value is."""
    for _ in range(64):
        kind = node.type
        inner: Node | None = None
        if kind in _LOOK_THROUGH:
            inner = node.child_by_field_name("expr")
        elif kind == "tuple_expression" and node.named_child_count == 1:
            if node.field_name_for_named_child(0) == "value":  # ``(x: 1)`` is a tuple
                inner = node.named_children[0]
        elif kind == "postfix_expression":
            operation = node.child_by_field_name("operation")
            if operation is not None and operation.type == "bang":
                inner = node.child_by_field_name("target")
        if inner is None:
            return node
        node = inner
    return node


def _add(existing: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    room = DEPTH_LIMIT - len(existing)
    if room <= 0 or not new:
        return existing
    return (*existing, *(guard_text(g) for g in new[:room]))


def _arm(ctx: Ctx, outer: tuple[str, ...], arm: str, *guards: str) -> Ctx:
    branch = (*outer, arm) if len(outer) < DEPTH_LIMIT else outer
    return Ctx(
        ctx.scope,
        branch,
        ctx.loops,
        _add(ctx.guards, guards),
        ctx.class_name,
        ctx.container,
        ctx.directives,
        ctx.receiver,
    )


def _guarded(ctx: Ctx, guards: tuple[str, ...], directive: bool) -> Ctx:
    if not guards:
        return ctx
    directives = _add(ctx.directives, guards) if directive else ctx.directives
    return Ctx(
        ctx.scope,
        ctx.branch,
        ctx.loops,
        _add(ctx.guards, guards),
        ctx.class_name,
        ctx.container,
        directives,
        ctx.receiver,
    )


# -- calls -------------------------------------------------------------------------------------


def _subscript(lowering: Lowering, node: Node) -> bool:
    """Whether a call node is a subscript (asked for each call several times)."""
    memo = lowering.memo.setdefault("subscripts", {})
    assert isinstance(memo, dict)
    found = memo.get(node.id)
    if found is None:
        found = memo[node.id] = _is_subscript(node)
    return bool(found)


def _is_subscript(node: Node) -> bool:
    for suffix in node.children:
        if suffix.type == "call_suffix":
            for part in suffix.children:
                if part.type == "value_arguments":
                    return part.child_count > 0 and part.children[0].type == "["
    return False


def _through(lowering: Lowering, node: Node) -> Node | None:
    """A subscript is no call: its chain is its callee's."""
    if node.type == "call_expression" and _subscript(lowering, node):
        first = node.named_child(0)
        if first is not None and first.type != "call_suffix":
            return first
    return None


def _member_name(node: Node) -> Node | None:
    suffix = node.child_by_field_name("suffix")
    return suffix.child_by_field_name("suffix") if suffix is not None else None


def _call(lowering: Lowering, node: Node) -> CallParts:
    memo = lowering.memo.setdefault("calls", {})
    assert isinstance(memo, dict)
    parts = memo.get(node.id)
    if parts is None:
        parts = memo[node.id] = _call_parts(lowering, node)
    chain = lowering.chain_memo.get(node.id)
    if chain is None:  # asked by the chain's walk
        return parts
    if parts[1] is not None and not chain:
        # A call whose chain has no root (``"a".uppercased()``) names nothing either.
        return parts[0], None, parts[2]
    if parts[1] is None and chain:
        # ``make()()``, ``items[0]()``: the name is the one the chain ends with.
        return parts[0], _last_name(lowering, parts[0]), parts[2]
    return parts


def _last_name(lowering: Lowering, node: Node | None) -> Node | None:
    for _ in range(DEPTH_LIMIT):
        if node is None:
            return None
        node = _look_through(node)
        kind = node.type
        if kind == "call_expression":
            receiver, name, _ = _call(lowering, node)
            if name is not None:
                return name
            node = receiver
        elif kind == "navigation_expression":
            return _member_name(node)
        elif kind == "postfix_expression":
            node = node.child_by_field_name("target")
        elif kind in ("simple_identifier", "self_expression", "super_expression"):
            return node
        else:
            return None
    return None


def _call_parts(lowering: Lowering, node: Node) -> CallParts:
    callee = node.named_child(0)
    receiver: Node | None = None
    name: Node | None = None
    if callee is not None and callee.type != "call_suffix":
        inner = callee
        while inner.type in _LOOK_THROUGH or inner.type == "postfix_expression":
            target = inner.child_by_field_name("expr") or inner.child_by_field_name("target")
            if target is None:
                break
            inner = target
        if inner.type == "simple_identifier":
            name = inner
        elif inner.type == "navigation_expression":
            name = _member_name(inner)
            receiver = inner.child_by_field_name("target")
            if name is None:
                name, receiver = None, inner
        elif inner.type == "prefix_expression":
            operation = inner.child_by_field_name("operation")
            target = inner.child_by_field_name("target")
            if operation is not None and operation.type == "." and target is not None:
                name = target
            else:
                receiver = inner
        else:
            receiver = inner
    arguments: list[tuple[str | None, Node]] = []
    for suffix in node.children:
        if suffix.type != "call_suffix":
            continue
        for part in suffix.children:
            if part.type != "value_arguments":
                continue  # trailing closures are no arguments
            for argument in part.named_children:
                if argument.type != "value_argument":
                    continue
                value = argument.child_by_field_name("value")
                if value is None:
                    continue
                label = argument.child_by_field_name("name")
                arguments.append((lowering.text(label) if label is not None else None, value))
    return receiver, name, arguments


def _call_scopes(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    """A trailing closure given to an iteration method is a loop body."""
    last = node.child(node.child_count - 1) if node.child_count else None
    if last is None or last.type != "call_suffix":
        return
    closures = [part for part in last.children if part.type == "lambda_literal"]
    if not closures:
        return
    _, name, _ = _call(lowering, node)
    chain = lowering.chain((node,))
    if not chain or chain[-1] not in lowering.spec.iteration_methods:
        return
    line = lowering.line(name) if name is not None else lowering.line(node)
    loops = (f"iter:{chain[-1]}@{line}",)
    for part in closures:
        lowering.lambda_scopes[part.id] = ctx.new_scope(
            lowering.lambda_name(part), loops, closure=True
        )


# -- values ------------------------------------------------------------------------------------


def _call_value(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    if _subscript(lowering, node):
        return lowering.unknown((node,))
    call = lowering.call(node, ctx, depth)
    return Value(ValueKind.CALL, ".".join(call.chain), lowering.span(node), call=call)


def _wrapped(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    inner = _look_through(node)
    if inner.id == node.id or _look_through(inner).id != inner.id:
        return lowering.unknown((inner,))  # nothing to look through, or past the limit
    return lowering.value((inner,), ctx, depth)


def _name(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    chain = lowering.chain((node,))
    if not chain:
        return lowering.unknown((node,))
    return Value(ValueKind.NAME, ".".join(chain), lowering.span(node))


def _prefix(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    operation = node.child_by_field_name("operation")
    target = node.child_by_field_name("target")
    span = lowering.span(node)
    if operation is not None and target is not None:
        if operation.type == "." and target.type == "simple_identifier":
            return Value(ValueKind.NAME, "." + lowering.text(target), span)
        if operation.type in ("-", "+") and target.type in _NUMBERS:
            text = lowering.text(operation) + lowering.text(target)
            return Value(ValueKind.NUMBER, text, span, number=_parse_number(text))
    return lowering.unknown((node,))


def _boolean(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    return Value(ValueKind.BOOL, lowering.text(node), lowering.span(node))


def _nil_coalescing(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    operands = [c for c in node.named_children if c.type not in _COMMENTS]
    if len(operands) != 2:
        return lowering.unknown((node,))
    items = tuple(lowering.value((o,), ctx, depth + 1) for o in operands)
    return Value(ValueKind.CHOICE, lowering.unknown((node,)).text, lowering.span(node), items=items)


def _ternary(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    arms = [node.child_by_field_name(f) for f in ("if_true", "if_false")]
    if arms[0] is None or arms[1] is None:
        return lowering.unknown((node,))
    condition = lowering.text(node.child_by_field_name("condition"))
    guards = (condition, "!" + condition)
    items = tuple(
        lowering.value(
            (arm,), _arm(ctx, ctx.branch, f"{node.start_byte}:{index}", guards[index]), depth + 1
        )
        for index, arm in enumerate(arms)
        if arm is not None
    )
    return Value(ValueKind.CHOICE, lowering.unknown((node,)).text, lowering.span(node), items=items)


def _array(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    items = tuple(
        lowering.value((child,), ctx, depth + 1)
        for index, child in enumerate(node.children)
        if node.field_name_for_child(index) == "element"
    )
    return Value(ValueKind.LIST, lowering.unknown((node,)).text, lowering.span(node), items=items)


def _key(lowering: Lowering, node: Node) -> str | None:
    node = _look_through(node)
    if node.type in _STRINGS:
        value, _, interpolated = _scan(lowering, node, Ctx(), DEPTH_LIMIT + 1)
        return None if interpolated else value.text
    if node.type in _NUMBERS or node.type == "simple_identifier":
        return lowering.text(node)
    return None


def _dictionary(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    entries: list[tuple[str | None, Value]] = []
    key: str | None = None
    for index, child in enumerate(node.children):
        field = node.field_name_for_child(index)
        if field == "key":
            key = _key(lowering, child)
        elif field == "value":
            entries.append((key, lowering.value((child,), ctx, depth + 1)))
            key = None
    return Value(
        ValueKind.DICT, lowering.unknown((node,)).text, lowering.span(node), entries=tuple(entries)
    )


#: Operands of a ``+`` run read for a concatenation (the walker's limit).
_PLUS = 256


def _concatenation(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    """``"a" + b + "c"`` → TEMPLATE; other sums are UNKNOWN."""
    operands: list[Node] = []
    pending = [node]
    while pending:
        current = _look_through(pending.pop())
        operator = (
            current.child_by_field_name("op") if current.type == "additive_expression" else None
        )
        if operator is not None and operator.type == "+" and len(operands) + len(pending) < _PLUS:
            rhs = current.child_by_field_name("rhs")
            lhs = current.child_by_field_name("lhs")
            if rhs is not None:
                pending.append(rhs)
            if lhs is not None:
                pending.append(lhs)
        else:
            operands.append(current)
    if len(operands) >= _PLUS and not any(operand.type in _STRINGS for operand in operands):
        return lowering.unknown((node,))  # cut before a string was seen
    if len(operands) < 2 or not any(operand.type in _STRINGS for operand in operands):
        return None  # arithmetic (``a - b``, ``n + 1``): the tables read it
    items: list[Value] = []
    text: list[str] = []
    for operand in operands:
        value = lowering.value((operand,), ctx, depth + 1)
        if value.kind is ValueKind.TEMPLATE:
            items.extend(value.items)
            text.append(value.text)
        elif value.kind is ValueKind.STRING:
            items.append(value)
            text.append(value.text)
        else:
            items.append(value)
            text.append("{" + lowering.text(operand) + "}")
    return Value(ValueKind.TEMPLATE, "".join(text), lowering.span(node), items=tuple(items))


# -- strings -----------------------------------------------------------------------------------

_ESCAPE_CACHE: dict[int, re.Pattern[str]] = {}


def _escape_pattern(hashes: int) -> re.Pattern[str]:
    pattern = _ESCAPE_CACHE.get(hashes)
    if pattern is None:
        pattern = _ESCAPE_CACHE[hashes] = re.compile(
            r"\\" + "#" * hashes + r"""(?:u\{([0-9a-fA-F]{1,8})\}|([0\\tnr"'])|[ \t]*\r?\n)"""
        )
    return pattern


def _decode_segment(segment: bytes, hashes: int, indent: bytes, at_line_start: bool) -> str:
    """A literal run of a string's source: multi-line indentation stripped (before escapes,
    as Swift does), then escapes decoded."""
    if indent:
        lines = segment.split(b"\n")
        for index, line in enumerate(lines):
            if (index > 0 or at_line_start) and line.startswith(indent):
                lines[index] = line[len(indent) :]
        segment = b"\n".join(lines)
    text = segment.decode("utf-8", "replace")
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        code, simple = match.group(1), match.group(2)
        if code is not None:
            point = int(code, 16)
            # Swift rejects surrogates and values past U+10FFFF: kept as written.
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                return match.group(0)
            return chr(point)
        if simple is not None:
            return _ESCAPE_SIMPLE[simple]
        return ""  # a line continuation in a multi-line string

    return _escape_pattern(hashes).sub(replace, text)


def _point(lowering: Lowering, literal: Node, offset: int) -> tuple[int, int]:
    row, column = literal.start_point
    before = lowering.data[literal.start_byte : offset]
    newlines = before.count(b"\n")
    if newlines == 0:
        return row, column + len(before)
    return row + newlines, len(before) - before.rfind(b"\n") - 1


def _range(lowering: Lowering, literal: Node, start: int, end: int) -> Span:
    return lowering.source.index.byte_span(
        _point(lowering, literal, start), _point(lowering, literal, end)
    )


#: A decoded literal: its pieces (text, or an interpolated expression and its source), the
#: byte range of each, whether it interpolates, and its content span.
_Decoded = tuple[list[str | tuple[Node | None, str]], list[tuple[int, int]], bool, Span]


def _decode(lowering: Lowering, node: Node) -> _Decoded:
    memo = lowering.memo.setdefault("strings", {})
    assert isinstance(memo, dict)
    found = memo.get(node.id)
    if found is None:
        found = memo[node.id] = _decode_new(lowering, node)
    return found  # type: ignore[no-any-return]  # the memo holds only these


def _decode_new(lowering: Lowering, node: Node) -> _Decoded:
    data = lowering.data
    raw = data[node.start_byte : node.end_byte]
    hashes = len(raw) - len(raw.lstrip(b"#"))
    multi = raw[hashes : hashes + 3] == b'"""'
    quote = 3 if multi else 1
    open_len = hashes + quote
    close = b'"' * quote + b"#" * hashes
    close_len = len(close) if len(raw) >= open_len + len(close) and raw.endswith(close) else 0
    content_start = node.start_byte + min(open_len, len(raw))
    content_end = max(content_start, node.end_byte - close_len)

    holes: list[tuple[int, int, Node | None]] = []
    children = node.children
    for index, child in enumerate(children):
        if node.field_name_for_child(index) != "interpolation":
            continue
        if child.type == "raw_str_interpolation":
            inner = child.child_by_field_name("interpolation")
            expression = inner.child_by_field_name("value") if inner is not None else None
            holes.append((child.start_byte, child.end_byte, expression))
        else:
            start = children[index - 1].start_byte if index > 0 else child.start_byte
            end = children[index + 1].end_byte if index + 1 < len(children) else child.end_byte
            holes.append((start, end, child.child_by_field_name("value")))

    indent = b""
    if multi:
        body = data[content_start:content_end]
        last_newline = body.rfind(b"\n")
        if last_newline >= 0 and not body[last_newline + 1 :].strip(b" \t"):
            indent = body[last_newline + 1 :]
            content_end = content_start + last_newline  # the closing line goes
        if data[content_start : content_start + 1] == b"\n":
            content_start += 1
        elif data[content_start : content_start + 2] == b"\r\n":
            content_start += 2
        content_end = max(content_start, content_end)
        if content_end > content_start and data[content_end - 1 : content_end] == b"\r":
            content_end -= 1

    pieces: list[str | tuple[Node | None, str]] = []
    ranges: list[tuple[int, int]] = []
    position = content_start
    for start, end, expression in [*holes, (content_end, content_end, None)]:
        start = max(start, position)
        if start > position:
            segment = data[position : min(start, content_end)]
            at_line_start = position == content_start or data[position - 1 : position] == b"\n"
            decoded = _decode_segment(segment, hashes, indent, at_line_start)
            if decoded:
                pieces.append(decoded)
                first = position
                if at_line_start and indent and segment.startswith(indent):
                    first += len(indent)
                ranges.append((first, min(start, content_end)))
        if start >= content_end:
            break
        pieces.append((expression, lowering.text(expression) if expression is not None else ""))
        ranges.append((start, end))
        position = end

    merged: list[str | tuple[Node | None, str]] = []
    merged_ranges: list[tuple[int, int]] = []
    for piece, piece_range in zip(pieces, ranges, strict=True):
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + piece
            merged_ranges[-1] = (merged_ranges[-1][0], piece_range[1])
        else:
            merged.append(piece)
            merged_ranges.append(piece_range)

    first = content_start
    if indent and data[first : first + len(indent)] == indent:
        first = min(first + len(indent), content_end)
    return merged, merged_ranges, bool(holes), _range(lowering, node, first, content_end)


def _scan(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> tuple[Value, Span, bool]:
    parts, ranges, interpolated, content = _decode(lowering, node)
    span = lowering.span(node)
    if not interpolated:
        return (
            Value(ValueKind.STRING, "".join(p for p in parts if isinstance(p, str)), span),
            content,
            False,
        )
    items: list[Value] = []
    text: list[str] = []
    for piece, (start, end) in zip(parts, ranges, strict=True):
        if isinstance(piece, str):
            items.append(Value(ValueKind.STRING, piece, _range(lowering, node, start, end)))
            text.append(piece)
            continue
        expression, source = piece
        if expression is None:
            items.append(Value(ValueKind.UNKNOWN, "", _range(lowering, node, start, end)))
        elif depth <= DEPTH_LIMIT:
            items.append(lowering.value((expression,), ctx, depth + 1))
        text.append("{" + source + "}")
    return Value(ValueKind.TEMPLATE, "".join(text), span, items=tuple(items)), content, True


# -- statements and declarations ---------------------------------------------------------------


def _condition(lowering: Lowering, node: Node) -> str:
    """The source between an ``if`` / ``guard`` keyword and its block or ``else``."""
    start: int | None = None
    for child in node.children:
        if start is None:
            if child.type in ("if", "guard"):
                start = child.end_byte
        elif child.type in ("{", "else"):
            return lowering.data[start : child.start_byte].decode("utf-8", "replace").strip()
    return ""


def _if(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    else_ifs = lowering.memo.setdefault("else_ifs", {})
    assert isinstance(else_ifs, dict)
    statement, base, outer = else_ifs.pop(node.id, (node.start_byte, 0, ctx.branch))
    condition = _condition(lowering, node)
    braces = 0
    after_else = False
    for child in node.children:
        kind = child.type
        if kind == "{":
            braces += 1
        elif kind == "statements":
            guard = "!" + condition if after_else else condition
            lowering.overrides[child.id] = _arm(
                ctx, outer, f"{statement}:{base + braces - 1}", guard
            )
        elif kind == "if_statement" and after_else:
            else_ifs[child.id] = (statement, base + braces, outer)
            lowering.overrides[child.id] = _arm(
                ctx, outer, f"{statement}:{base + braces}", "!" + condition
            )
        elif kind == "else":
            after_else = True


def _guard(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    condition = _condition(lowering, node)
    for child in node.named_children:
        if child.type == "statements":
            lowering.overrides[child.id] = _arm(
                ctx, ctx.branch, f"{node.start_byte}:0", "!" + condition
            )


def _switch(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    subject = lowering.text(node.child_by_field_name("expr"))
    arm = 0
    for child in node.named_children:
        if child.type != "switch_entry":
            continue
        patterns = [lowering.text(c) for c in child.children if c.type == "switch_pattern"]
        guard = f"{subject} == {', '.join(patterns)}" if patterns else f"{subject} default"
        lowering.overrides[child.id] = _arm(ctx, ctx.branch, f"{node.start_byte}:{arm}", guard)
        arm += 1
    _siblings(lowering, node, ctx)


def _do(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    if not any(child.type == "catch_block" for child in node.children):
        return
    arm = 0
    for child in node.named_children:
        if child.type == "statements":
            lowering.overrides[child.id] = _arm(ctx, ctx.branch, f"{node.start_byte}:0")
        elif child.type == "catch_block":
            arm += 1
            lowering.overrides[child.id] = _arm(ctx, ctx.branch, f"{node.start_byte}:{arm}")


def _directive(
    lowering: Lowering, node: Node, stack: list[tuple[list[str], tuple[str, ...]]]
) -> None:
    keyword = node.children[0].type if node.child_count else ""
    condition = lowering.text(node)[len(keyword) :].strip()
    if keyword == "#if":
        stack.append(([condition], (condition,)))
    elif keyword in ("#elseif", "#else") and stack:
        seen, _ = stack[-1]
        negated = tuple("!" + earlier for earlier in seen)
        if keyword == "#elseif":
            stack[-1] = ([*seen, condition], (*negated, condition))
        else:
            stack[-1] = (seen, negated)
    elif keyword == "#endif" and stack:
        stack.pop()


def _siblings(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    """``#if`` arms and ``guard``s among a container's children guard the siblings after
    them; accessors (``get { }``, ``didSet { }``) open a scope of their own."""
    after: tuple[str, ...] = ()
    stack: list[tuple[list[str], tuple[str, ...]]] = []
    overrides = lowering.overrides
    for child in node.named_children:
        kind = child.type
        if kind == "directive":
            _directive(lowering, child, stack)
            continue
        if kind in _ACCESSORS:
            overrides[child.id] = ctx.new_scope(f"{_owner(lowering, node)}@{lowering.line(child)}")
        if after or stack:
            child_ctx = overrides.get(child.id, ctx)
            child_ctx = _guarded(child_ctx, after, directive=False)
            active = tuple(g for _, arm in stack for g in arm)
            overrides[child.id] = _guarded(child_ctx, active, directive=True)
        if kind == "guard_statement":
            after = (*after, _condition(lowering, child))


def _owner(lowering: Lowering, node: Node) -> str:
    if node.type == "property_declaration":
        pattern = node.child_by_field_name("name")
        bound = pattern.child_by_field_name("bound_identifier") if pattern else None
        if bound is not None:
            return lowering.text(bound)
    if node.type == "subscript_declaration":
        return "subscript"
    return "<accessor>"


def _is_static_constant(node: Node) -> bool:
    binding = next((c for c in node.children if c.type == "value_binding_pattern"), None)
    mutability = binding.child_by_field_name("mutability") if binding is not None else None
    if mutability is None or mutability.type != "let":
        return False
    for child in node.children:
        if child.type == "modifiers":
            for modifier in child.named_children:
                if (
                    modifier.type == "property_modifier"
                    and modifier.child_count
                    and modifier.children[0].type in ("static", "class")
                ):
                    return True
    return False


def _property(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    parent = node.parent
    parent_type = parent.type if parent is not None else ""
    file_level = parent_type == "source_file" or (
        parent_type in _TYPE_BODIES and ctx.scope == "<module>" and _is_static_constant(node)
    )
    target: tuple[str, ...] | None = None
    for index, child in enumerate(node.children):
        field = node.field_name_for_child(index)
        if field == "name":
            bound = child.child_by_field_name("bound_identifier")
            target = (lowering.text(bound),) if bound is not None else None
        elif field == "value" and target is not None:
            lowering.assignments.append(
                Assignment(
                    target,
                    lowering.value((child,), ctx, 0),
                    lowering.span(node),
                    ctx.flow(node.start_byte),
                    file_level,
                )
            )
            target = None
    _siblings(lowering, node, ctx)


def _name_path(lowering: Lowering, node: Node) -> tuple[str, ...] | None:
    current = node
    while current.type == "directly_assignable_expression" and current.named_children:
        current = current.named_children[0]
    parts: list[str] = []
    for _ in range(DEPTH_LIMIT * 16):
        kind = current.type
        if kind == "navigation_expression":
            member = _member_name(current)
            target = current.child_by_field_name("target")
            if member is None or target is None:
                return None
            parts.append(lowering.text(member))
            current = target
        elif kind == "postfix_expression":
            target = current.child_by_field_name("target")
            if target is None:
                return None
            current = target
        elif kind in ("simple_identifier", "self_expression"):
            parts.append(lowering.text(current))
            parts.reverse()
            return tuple(parts)
        else:
            return None
    return None


def _assignment(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    operator = node.child_by_field_name("operator")
    target_node = node.child_by_field_name("target")
    result = node.child_by_field_name("result")
    if operator is None or operator.type != "=" or target_node is None or result is None:
        return
    target = _name_path(lowering, target_node)
    if target is None:
        return
    parent = node.parent
    lowering.assignments.append(
        Assignment(
            target,
            lowering.value((result,), ctx, 0),
            lowering.span(node),
            ctx.flow(node.start_byte),
            parent is not None and parent.type == "source_file",
        )
    )


def _selector(lowering: Lowering, node: Node) -> tuple[str, list[str]]:
    """``application(_:didRegister…:)`` and the external labels."""
    if node.type == "deinit_declaration":
        return "deinit", []
    base = (
        "init"
        if node.type == "init_declaration"
        else lowering.text(node.child_by_field_name("name"))
    )
    labels: list[str] = []
    for child in node.named_children:
        if child.type == "parameter":
            label = child.child_by_field_name("external_name") or child.child_by_field_name("name")
            labels.append(lowering.text(label))
    return f"{base}({''.join(label + ':' for label in labels)})", labels


def _function(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx:
    name, params = _selector(lowering, node)
    anchor = node.child_by_field_name("name")
    if anchor is None:  # deinit: its keyword
        anchor = next((c for c in node.children if c.type == "deinit"), node)
    scope = f"{name}@{lowering.line(anchor)}"
    decorators: list[str] = []
    for child in node.children:
        if child.type == "modifiers":
            for attribute in child.named_children:
                if attribute.type == "attribute":
                    for part in attribute.named_children:
                        if part.type == "user_type":
                            decorators.append(lowering.text(part))
                            break
    lowering.functions.append(
        FunctionDef(
            name, lowering.span(node), scope, tuple(params), tuple(decorators), ctx.class_name
        )
    )
    inner = ctx.new_scope(scope)
    _siblings(lowering, node, inner)
    return inner


def _type_name(lowering: Lowering, node: Node) -> str:
    name = node.child_by_field_name("name")
    if name is None:
        return ""
    if name.type == "user_type":  # an extension names a type, maybe dotted or generic
        simple = [part for part in name.named_children if part.type == "type_identifier"]
        if simple:
            return lowering.text(simple[-1])
    return lowering.text(name)


def _class(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx:
    bases: list[str] = []
    for child in node.named_children:
        if child.type != "inheritance_specifier":
            continue
        inherited = child.child_by_field_name("inherits_from")
        if inherited is None:
            continue
        simple = [p for p in inherited.named_children if p.type == "type_identifier"]
        bases.append(lowering.text(simple[-1]) if simple else lowering.text(inherited))
    name = _type_name(lowering, node)
    lowering.classes.append(ClassDef(name, lowering.span(node), tuple(bases)))
    inner = dataclasses.replace(ctx, class_name=name, container="class")
    _siblings(lowering, node, inner)
    return inner


def _names_in(kind: str) -> Handler:
    """The identifiers among a ``kind`` node's children: declared (a parameter, a pattern,
    a declaration's name) or read. Read from the parent, since a node's ``parent`` costs a
    walk from the root."""
    declaring = kind in _DECLARING_PARENTS
    reading = kind in _READING_PARENTS or (
        kind.endswith("_expression") and kind != "prefix_expression"  # ``.debug`` is a member
    )

    def names(lowering: Lowering, node: Node, ctx: Ctx) -> None:
        if not node.named_child_count:
            return
        for index, child in enumerate(node.children):
            if child.kind_id not in _IDENTIFIER_IDS:
                continue
            name = lowering.text(child)
            if declaring or node.field_name_for_child(index) in _DECLARING_FIELDS:
                lowering.declared_names.add(name)
            elif reading and not name.startswith("$"):  # ``$0`` and property wrappers
                reads = lowering.memo.setdefault("reads", set())
                assert isinstance(reads, set)
                reads.add(name)

    return names


def _kinds() -> dict[int, str]:
    """Every node type of the grammar by id (any may hold an identifier)."""
    try:
        return ts.kind_names("swift")
    except (ImportError, OSError):  # no grammar: nothing is parsed anyway
        return {}


#: Node types whose children are never a variable's name: leaves, and an import's module.
_NO_NAMES = frozenset(
    {
        "import_declaration",
        "simple_identifier",
        "type_identifier",
        "line_str_text",
        "multi_line_str_text",
        "str_escaped_char",
        "boolean_literal",
        "bang",
        *_NUMBERS,
        *_COMMENTS,
    }
)
_IDENTIFIER_IDS = frozenset(i for i, name in _kinds().items() if name == "simple_identifier")


def _import(lowering: Lowering, node: Node) -> Iterator[Import]:
    for child in node.named_children:
        if child.type == "identifier":
            yield Import("".join(lowering.text(child).split()), None, None, lowering.span(node))
            return


def _for(lowering: Lowering, node: Node) -> tuple[list[Node], tuple[Node, ...]] | None:
    collection = node.child_by_field_name("collection")
    if collection is None:
        return None
    item = node.child_by_field_name("item")
    names: list[Node] = []
    if item is not None:
        bound = item.child_by_field_name("bound_identifier")
        if bound is not None:
            names.append(bound)
    return names, (collection,)


def _statements(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    _siblings(lowering, node, ctx)


def _node_hooks() -> dict[str, Handler]:
    hooks: dict[str, Handler] = {
        "call_expression": _call_scopes,
        "property_declaration": _property,
        "assignment": _assignment,
        "control_transfer_statement": Lowering.enter_keyword_return,
        "if_statement": _if,
        "guard_statement": _guard,
        "switch_statement": _switch,
        "do_statement": _do,
        **dict.fromkeys(_FUNCTIONS, _function),
        "class_declaration": _class,
        "protocol_declaration": _class,
        **dict.fromkeys(
            (
                "source_file",
                "statements",
                "class_body",
                "enum_class_body",
                "protocol_body",
                "function_body",
                "subscript_declaration",
                "protocol_property_declaration",
            ),
            _statements,
        ),
    }
    for kind in set(_kinds().values()) - _NO_NAMES:
        names = _names_in(kind)
        hook = hooks.get(kind)
        hooks[kind] = names if hook is None else _both(names, hook)
    return hooks


def _both(names: Handler, hook: Handler) -> Handler:
    def run(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx | None:
        names(lowering, node, ctx)
        return hook(lowering, node, ctx)

    return run


SPEC = LanguageSpec(
    grammar="swift",
    identifiers=frozenset({"simple_identifier"}),
    self_names=frozenset({"self_expression", "super_expression"}),
    members={
        "navigation_expression": MemberShape(object="target", name="suffix", name_inner="suffix")
    },
    call_hooks={"call_expression": _call},
    call_through=_through,
    wrappers={kind: "expr" for kind in _LOOK_THROUGH},
    chain_through={"postfix_expression": "target", "directly_assignable_expression": 0},
    strings={kind: StringShape(scan=_scan) for kind in _STRINGS},
    numbers=_NUMBERS,
    parse_number=_parse_number,
    literals={"nil_literal": (ValueKind.NULL, "nil")},
    binaries={
        kind: BinaryShape(left="lhs", right="rhs", operator="op")
        for kind in ("additive_expression", "multiplicative_expression")
    },
    choice_operators=frozenset(),
    value_hooks={
        "call_expression": _call_value,
        "tuple_expression": _wrapped,
        "postfix_expression": _wrapped,
        "simple_identifier": _name,
        "navigation_expression": _name,
        "self_expression": _name,
        "super_expression": _name,
        "prefix_expression": _prefix,
        "boolean_literal": _boolean,
        "nil_coalescing_expression": _nil_coalescing,
        "ternary_expression": _ternary,
        "array_literal": _array,
        "dictionary_literal": _dictionary,
        "additive_expression": _concatenation,
    },
    conditionals={
        "ternary_expression": BranchShape(condition="condition", arms=("if_true", "if_false"))
    },
    lambdas=frozenset({"lambda_literal"}),
    loops={
        "for_statement": LoopShape(body=None, iterable_outside=True),
        "while_statement": LoopShape(body=None),
        "repeat_while_statement": LoopShape(body=None),
    },
    loop_headers={"for_statement": _for},
    imports={"import_declaration": _import},
    comments=_COMMENTS,
    node_hooks=_node_hooks(),
    whole_chains=True,
    calls_in_walk_order=True,
)


def parse(path: str, text: str, language: Language) -> FileFacts:
    lowering = Lowering(SPEC, path, text, language)
    facts = lowering.run()
    # A name is read where the grammar reads it (``_identifier``), not at every chain's
    # root: ``.init(x)`` and ``$0.name`` read no global.
    reads = lowering.memo.get("reads", set())
    assert isinstance(reads, set)
    return dataclasses.replace(facts, globals_used=frozenset(reads - lowering.declared_names))
