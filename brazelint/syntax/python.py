"""Python (``.py``), tree-sitter-python: the tables and the hooks for what they cannot say.
It replaced the hand-written walker (``benchmarks/parity.py python`` compares the two;
tests/test_parity_python.py lists what changed on purpose).

Decisions the contract leaves open are the walker's, kept:
imports keep relative dots, ``+`` with a string literal operand is a TEMPLATE even when
every operand is literal, dict keys that are names are computed (None), ``dict(a=1)`` is a
DICT, ``*args`` is a positional UNKNOWN and ``**kwargs`` is skipped, ``globals_used`` is
empty (Python is server context by language).

Hooks, and why the tables cannot say them:

- calls (``_call``): the callee's last name is an ``attribute``'s or the bare name; a
  subscripted callee (``handlers[0](x)``) has no chain; ``f(x for x in xs)`` has the
  generator as its one argument; ``**kwargs`` is no argument.
- strings (``_scan``): prefixes (``r``, ``b``, ``f`` in any case and order), Python's
  escapes, f-string interpolations with ``{{``/``}}``; ``concatenated_string`` joins its
  parts, a TEMPLATE when one of them is an f-string.
- values: ``a + "b"`` flattened through parentheses (``_binary``), ``or`` chains, ``x if c
  else y`` (CHOICE, each arm in its flow), comprehensions (COMPREHENSION), slices (SLICE),
  dict literals with ``**spread`` entries, a member path with a call on the way is
  UNKNOWN (``get_user().email``), ``-1``, and imaginary numbers (no number).
- flow: ``if``/``elif``/``else`` (one id, an ``elif`` condition in the arm it opens),
  ``try`` (body and ``else`` arm 0, each ``except`` the next, ``finally`` none), ``match``
  (each case an arm guarded ``subject == pattern``), ``for``/``while`` (the ``else`` block
  outside the loop) and comprehensions (all but the first iterable in the loop).
- assignments (``_assign``): ``a = b = 1`` is one statement with two targets; module
  level (also inside ``if``/``try``) is file level.
- decorators, and the extent of compound statements (a ``def``, ``class`` or ``for`` ends
  with its last statement, not with comments after it).
- before parsing, lines ended by a lone ``\\r`` and ``type(x).attr = v`` lines are given to
  tree-sitter in a form it reads as Python does (same length); text is read as written.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import cast

from tree_sitter import Node

from brazelint.facts import (
    Assignment,
    ClassDef,
    Comment,
    FileFacts,
    FunctionDef,
    Import,
    NumberLiteral,
    Span,
    Value,
    ValueKind,
)
from brazelint.frontends import treesitter as ts
from brazelint.languages import Language
from brazelint.syntax.lower import OPERAND_LIMIT, Ctx, Lowering
from brazelint.syntax.spec import (
    DEPTH_LIMIT,
    BinaryShape,
    CallParts,
    Expr,
    LanguageSpec,
    LoopShape,
    MemberShape,
    StringShape,
)

_EXTRAS = frozenset({"comment", "line_continuation"})
_NOT_ELEMENTS = frozenset({*_EXTRAS, "ERROR"})
_NAMES = frozenset({"identifier", "true", "false", "none"})
_NUMBER_TYPES = frozenset({"integer", "float"})
_STRING_TYPES = frozenset({"string", "concatenated_string"})
_SEQUENCES = frozenset({"list", "tuple", "set", "expression_list"})
_COMPREHENSIONS = frozenset({"list_comprehension", "set_comprehension", "generator_expression"})
_PARENTHESIZED = frozenset({"tuple", "generator_expression", "tuple_pattern"})
_PATTERNS = frozenset({"pattern_list", "tuple_pattern", "list_pattern"})
_BLOCKS = frozenset(
    {
        "block",
        "function_definition",
        "class_definition",
        "decorated_definition",
        "if_statement",
        "elif_clause",
        "else_clause",
        "for_statement",
        "while_statement",
        "try_statement",
        "except_clause",
        "except_group_clause",
        "finally_clause",
        "with_statement",
        "match_statement",
        "case_clause",
    }
)
_ESCAPE = re.compile(
    r"\\(\r\n|[\n\r\\'\"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
    r"|N\{[^}]*\})"
)
_SIMPLE = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}


# -- small helpers -----------------------------------------------------------------------------


def _strip(node: Node) -> Node:
    """``((a))`` → ``a``."""
    for _ in range(DEPTH_LIMIT * 16):
        if node.type != "parenthesized_expression":
            break
        inner = _only(node)
        if inner is None:
            break
        node = inner
    return node


def _only(node: Node) -> Node | None:
    found: Node | None = None
    for child in node.named_children:
        if child.type in _EXTRAS:
            continue
        if found is not None:
            return None
        found = child
    return found


def _first(node: Node) -> Node | None:
    return next((c for c in node.named_children if c.type not in _EXTRAS), None)


def _bounds(node: Node) -> tuple[int, tuple[int, int], int, tuple[int, int]]:
    """A node's extent without the parentheses around it or of a tuple / generator."""
    node = _strip(node)
    if node.type in _PARENTHESIZED:
        children = node.children
        low, high = 0, len(children)
        if low < high and children[low].type == "(":
            low += 1
        if high > low and children[high - 1].type == ")":
            high -= 1
        while low < high and children[low].type in _EXTRAS:
            low += 1
        while high > low and children[high - 1].type in _EXTRAS:
            high -= 1
        if low < high:
            first, last = children[low], children[high - 1]
            return first.start_byte, first.start_point, last.end_byte, last.end_point
        if high < len(children):
            anchor = children[high]
            return anchor.start_byte, anchor.start_point, anchor.start_byte, anchor.start_point
    return node.start_byte, node.start_point, node.end_byte, node.end_point


def _span(lowering: Lowering, node: Node) -> Span:
    node = _strip(node)
    if node.type not in _PARENTHESIZED:
        return lowering.span(node)
    start_byte, start, end_byte, end = _bounds(node)
    return lowering.source.index.byte_span(start, end, start_byte, end_byte)


def _code(lowering: Lowering, node: Node) -> str:
    start, _, end, _ = _bounds(node)
    return lowering.data[start:end].decode("utf-8", "replace")


def _excerpt(lowering: Lowering, node: Node) -> str:
    start, _, end, _ = _bounds(node)
    end = min(end, start + 4 * ts.EXCERPT_LIMIT)
    return lowering.data[start:end].decode("utf-8", "replace")[: ts.EXCERPT_LIMIT]


def _unknown(lowering: Lowering, node: Node) -> Value:
    return Value(ValueKind.UNKNOWN, _excerpt(lowering, node), _span(lowering, node))


def _statement_span(lowering: Lowering, node: Node) -> Span:
    """A compound statement's span, ending with its last statement."""
    current = node
    for _ in range(DEPTH_LIMIT * 16):
        last = next((c for c in reversed(current.children) if c.type not in _EXTRAS), None)
        if last is None:
            break
        if last.end_byte != current.end_byte or last.type in _BLOCKS:
            current = last
            continue
        break
    return lowering.source.index.byte_span(node.start_point, current.end_point)


def _dotted(lowering: Lowering, node: Node) -> str | None:
    """``a.b.c`` for a pure name / attribute path, else None."""
    parts: list[str] = []
    current = _strip(node)
    while current.type == "attribute":  # iterative: one step per name, however long
        parts.append(lowering.text(current.child_by_field_name("attribute")))
        inner = current.child_by_field_name("object")
        if inner is None:
            return None
        current = _strip(inner)
    if current.type not in _NAMES:
        return None
    parts.append(lowering.text(current))
    return ".".join(reversed(parts))


def _dotted_name(lowering: Lowering, node: Node | None) -> str:
    if node is None:
        return ""
    if node.type == "identifier":
        return lowering.text(node)
    return ".".join(lowering.text(c) for c in node.named_children if c.type == "identifier")


def _imaginary(text: str) -> bool:
    return text[-1:] in ("j", "J")


def parse_python_number(text: str) -> float | None:
    try:
        if _imaginary(text):
            return None
        if "." in text or (("e" in text or "E" in text) and text[:2].lower() != "0x"):
            return float(text)
        return float(int(text, 0))
    except (ValueError, OverflowError):
        try:
            return float(text)
        except (ValueError, OverflowError):
            return None


def unescape(body: str, *, is_bytes: bool) -> str:
    """Python's backslash escapes, without ``eval``; unknown ones stay as written."""
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        first = escape[0]
        if first in "\r\n":
            return ""
        if first in _SIMPLE:
            return _SIMPLE[first]
        if first in "01234567":
            code = int(escape, 8)
            return chr(code & 0xFF if is_bytes else code)
        if first == "x":
            return chr(int(escape[1:], 16))
        if is_bytes:
            return match.group(0)
        if first in "uU":
            code_point = int(escape[1:], 16)
            return chr(code_point) if code_point <= 0x10FFFF else match.group(0)
        try:
            return unicodedata.lookup(escape[2:-1])
        except KeyError:
            return match.group(0)

    decoded = _ESCAPE.sub(replace, body)
    if is_bytes:
        return decoded.encode("latin-1", "replace").decode("utf-8", "replace")
    return decoded


# -- strings -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Parts:
    prefix: str
    opening: int
    closing: int
    start: int
    start_point: tuple[int, int]
    end: int
    end_point: tuple[int, int]


def _parts(lowering: Lowering, node: Node) -> _Parts:
    key = ("parts", node.id)
    found = lowering.memo.get(key)
    if isinstance(found, _Parts):
        return found
    count = node.child_count
    opening = node.child(0) if count else None
    if opening is not None and opening.type != "string_start":
        opening = None
    closing = node.child(count - 1) if count > 1 else None
    if closing is not None and closing.type != "string_end":
        closing = None
    if opening is None:
        start, start_point, opening_text = node.start_byte, node.start_point, ""
    else:
        start, start_point = opening.end_byte, opening.end_point
        opening_text = lowering.text(opening)
    prefix = opening_text.rstrip("'\"")
    quote = opening_text[len(prefix) :]
    # The backslashes before the closing quote of a raw string (r"\\") are in string_end.
    if closing is not None and quote and lowering.text(closing).endswith(quote):
        row, column = closing.end_point
        end, end_point = closing.end_byte - len(quote), (row, column - len(quote))
        closed = len(quote)
    else:
        end, end_point, closed = node.end_byte, node.end_point, 0
    if end < start:
        end, end_point = start, start_point
    found = _Parts(prefix, len(opening_text), closed, start, start_point, end, end_point)
    lowering.memo[key] = found
    return found


def _is_f(lowering: Lowering, node: Node) -> bool:
    return "f" in _parts(lowering, node).prefix.lower()


def _simple_text(lowering: Lowering, node: Node) -> str:
    parts = _parts(lowering, node)
    body = lowering.data[parts.start : parts.end].decode("utf-8", "replace")
    prefix = parts.prefix.lower()
    if "r" in prefix:
        return body
    return unescape(body, is_bytes="b" in prefix)


def _formatted_text(raw: str, prefix: str) -> str:
    text = raw.replace("{{", "{").replace("}}", "}")
    return text if "r" in prefix.lower() else unescape(text, is_bytes=False)


def _pieces(
    lowering: Lowering, node: Node, parts: _Parts
) -> Iterator[tuple[str | Node, tuple[int, int], tuple[int, int]]]:
    """An f-string's literal text and expression nodes in order, with their points."""
    data = lowering.data
    position, point = parts.start, parts.start_point
    for child in node.children:
        if child.type != "interpolation":
            continue
        if child.start_byte > position:
            text = data[position : child.start_byte].decode("utf-8", "replace")
            yield text, point, child.start_point
        expression = child.child_by_field_name("expression")
        if expression is not None:
            yield expression, expression.start_point, expression.end_point
        position, point = child.end_byte, child.end_point
    if parts.end > position:
        yield data[position : parts.end].decode("utf-8", "replace"), point, parts.end_point


def _template(
    lowering: Lowering, operands: Sequence[Node], span: Span, ctx: Ctx, depth: int
) -> Value:
    """A TEMPLATE of string pieces and expressions, f-strings spliced in."""
    items: list[Value] = []
    text: list[str] = []
    index = lowering.source.index
    for operand in operands:
        operand = _strip(operand)
        if operand.type == "string" and _is_f(lowering, operand):
            parts = _parts(lowering, operand)
            for piece, start, end in _pieces(lowering, operand, parts):
                if isinstance(piece, str):
                    decoded = _formatted_text(piece, parts.prefix)
                    items.append(Value(ValueKind.STRING, decoded, index.byte_span(start, end)))
                    text.append(decoded)
                else:
                    items.append(lowering.value((piece,), ctx, depth + 1))
                    text.append("{" + _code(lowering, piece) + "}")
            continue
        value = lowering.value((operand,), ctx, depth + 1)
        if value.kind is ValueKind.TEMPLATE:
            items.extend(value.items)
            text.append(value.text)
        elif value.kind is ValueKind.STRING and operand.type in _STRING_TYPES:
            items.append(value)
            text.append(value.text)
        else:
            items.append(value)
            text.append("{" + _code(lowering, operand) + "}")
    return Value(ValueKind.TEMPLATE, "".join(text), span, items=tuple(items))


def _scan(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> tuple[Value, Span, bool]:
    parts = _parts(lowering, node)
    span = lowering.span(node)
    content = Span(span.line, span.col + parts.opening, span.end_line, span.end_col - parts.closing)
    if "f" in parts.prefix.lower():
        value = _template(lowering, [node], span, ctx, depth)
        return value, content, True
    return Value(ValueKind.STRING, _simple_text(lowering, node), span), content, False


def _concatenated(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    parts = [c for c in node.named_children if c.type == "string"]
    span = lowering.span(node)
    if not any(_is_f(lowering, p) for p in parts):
        return Value(ValueKind.STRING, "".join(_simple_text(lowering, p) for p in parts), span)
    return _template(lowering, parts, span, ctx, depth)


# -- calls -------------------------------------------------------------------------------------


def _call(lowering: Lowering, node: Node) -> CallParts:
    """Read once: the chain and the call itself both ask."""
    key = ("call", node.id)
    found = lowering.memo.get(key)
    if found is None:
        found = lowering.memo[key] = _call_parts(lowering, node)
    return cast(CallParts, found)


def _call_parts(lowering: Lowering, node: Node) -> CallParts:
    receiver: Node | None = None
    name: Node | None = None
    function = node.child_by_field_name("function")
    if function is not None:
        callee = _strip(function)
        if callee.type in _NAMES:
            name = callee
        elif callee.type == "attribute":
            receiver = callee.child_by_field_name("object")
            name = callee.child_by_field_name("attribute")
        elif callee.type != "subscript":
            receiver = callee
    labelled: list[tuple[str | None, Node]] = []
    arguments = node.child_by_field_name("arguments")
    if arguments is not None:
        if arguments.type == "generator_expression":
            labelled.append((None, arguments))
        else:
            for argument in arguments.named_children:
                kind = argument.type
                if kind == "dictionary_splat" or kind in _NOT_ELEMENTS:
                    continue
                if kind == "keyword_argument":
                    value = argument.child_by_field_name("value")
                    if value is not None:
                        label = lowering.text(argument.child_by_field_name("name")) or None
                        labelled.append((label, value))
                else:
                    labelled.append((None, argument))
    return receiver, name, labelled


def _splat(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    """``*args``: the whole argument, star included (positions only, as the walker had)."""
    end = min(node.end_byte, node.start_byte + 4 * ts.EXCERPT_LIMIT)
    text = lowering.data[node.start_byte : end].decode("utf-8", "replace")[: ts.EXCERPT_LIMIT]
    span = lowering.source.index.byte_span(node.start_point, node.end_point)
    return Value(ValueKind.UNKNOWN, text, span)


def _string_index(lowering: Lowering, node: Node) -> str | None:
    """``a["k"]`` in a chain: the key, when it is one plain string literal."""
    subscripts = node.children_by_field_name("subscript")
    if len(subscripts) != 1:
        return None
    element = _strip(subscripts[0])
    if element.type != "string" or _is_f(lowering, element):
        return None
    return _simple_text(lowering, element)


def _call_value(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    call = lowering.call(node, ctx, depth)
    if call.chain == ("dict",) and call.args and all(a.label for a in call.args):
        entries = tuple((a.label, a.value) for a in call.args)
        return Value(ValueKind.DICT, _excerpt(lowering, node), lowering.span(node), entries=entries)
    return None


# -- values ------------------------------------------------------------------------------------


def _number_value(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    text = lowering.text(node)
    return Value(ValueKind.NUMBER, text, lowering.span(node), parse_python_number(text))


def _unary(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    operator = node.child_by_field_name("operator")
    argument = node.child_by_field_name("argument")
    if operator is None or operator.type != "-" or argument is None:
        return _unknown(lowering, node)
    argument = _strip(argument)
    text = lowering.text(argument)
    if argument.type not in _NUMBER_TYPES or _imaginary(text):
        return _unknown(lowering, node)
    number = parse_python_number(text)
    return Value(
        ValueKind.NUMBER,
        "-" + text,
        lowering.span(node),
        number=-number if number is not None else None,
    )


def _attribute(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    dotted = _dotted(lowering, node)
    if dotted is None:
        return _unknown(lowering, node)
    return Value(ValueKind.NAME, dotted, lowering.span(node))


def _added(node: Node) -> list[Node]:
    operands: list[Node] = []
    pending = [node]
    while pending:
        current = _strip(pending.pop())
        if current.type == "binary_operator":
            operator = current.child_by_field_name("operator")
            left = current.child_by_field_name("left")
            right = current.child_by_field_name("right")
            if operator is not None and operator.type == "+" and left and right:
                pending.extend((right, left))
                continue
        operands.append(current)
    return operands


def _binary(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    operator = node.child_by_field_name("operator")
    if operator is not None and operator.type == "+":
        operands = _added(node)
        if len(operands) <= OPERAND_LIMIT and any(o.type in _STRING_TYPES for o in operands):
            return _template(lowering, operands, lowering.span(node), ctx, depth)
    return None


def _boolean(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    """``a or b or c`` (the left spine flattened) as a CHOICE."""
    operands: list[Node] = []
    current = node
    for _ in range(DEPTH_LIMIT * 16):
        if current.type != "boolean_operator":
            break
        operator = current.child_by_field_name("operator")
        left = current.child_by_field_name("left")
        right = current.child_by_field_name("right")
        if operator is None or operator.type != "or" or left is None or right is None:
            break
        operands.append(right)
        current = _strip(left)
    if current is node:
        return _unknown(lowering, node)
    operands.append(current)
    items = tuple(lowering.value((o,), ctx, depth + 1) for o in reversed(operands))
    return Value(ValueKind.CHOICE, _excerpt(lowering, node), lowering.span(node), items=items)


def _conditional_parts(node: Node) -> tuple[Node, Node, Node] | None:
    parts = [c for c in node.named_children if c.type not in _EXTRAS]
    if len(parts) != 3:
        return None
    body, test, orelse = parts
    if body.type == "named_expression":  # ``x := a if c else b`` misread
        body = body.child_by_field_name("value") or body
    return body, test, orelse


def _conditional(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    found = _conditional_parts(node)
    if found is None:
        return _unknown(lowering, node)
    body, test, orelse = found
    condition = _code(lowering, test)
    items = (
        lowering.value((body,), ctx.arm(body.start_byte, 0, condition), depth + 1),
        lowering.value((orelse,), ctx.arm(body.start_byte, 1, "!" + condition), depth + 1),
    )
    return Value(ValueKind.CHOICE, _excerpt(lowering, node), lowering.span(node), items=items)


def _comprehension(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    clauses = [c for c in node.named_children if c.type == "for_in_clause"]
    element = node.child_by_field_name("body")
    collection = clauses[0].child_by_field_name("right") if len(clauses) == 1 else None
    if element is None or collection is None:
        return _unknown(lowering, node)
    span = _span(lowering, node)
    looped = ctx.in_loop(span.line)
    return Value(
        ValueKind.COMPREHENSION,
        _excerpt(lowering, node),
        span,
        items=(
            lowering.value((element,), looped, depth + 1),
            lowering.value((collection,), ctx, depth + 1),
        ),
    )


def _subscript(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    """``xs[a:b]`` (no step) as a SLICE; a missing bound is NULL."""
    subscripts = node.children_by_field_name("subscript")
    sliced = node.child_by_field_name("value")
    if len(subscripts) != 1 or subscripts[0].type != "slice" or sliced is None:
        return _unknown(lowering, node)
    bounds: list[Node | None] = [None, None, None]
    colons = 0
    for child in subscripts[0].children:
        if child.type == ":":
            colons += 1
        elif child.is_named and child.type not in _EXTRAS and colons < 3:
            bounds[colons] = child
    low, high, step = bounds
    if step is not None:
        return _unknown(lowering, node)
    span = lowering.span(node)
    missing = Value(ValueKind.NULL, "None", span)
    return Value(
        ValueKind.SLICE,
        _excerpt(lowering, node),
        span,
        items=(
            lowering.value((sliced,), ctx, depth + 1),
            missing if low is None else lowering.value((low,), ctx, depth + 1),
            missing if high is None else lowering.value((high,), ctx, depth + 1),
        ),
    )


def _sequence(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    items = tuple(
        lowering.value((element,), ctx, depth + 1)
        for element in node.named_children
        if element.type not in _NOT_ELEMENTS and element.type != "list_splat"
    )
    return Value(ValueKind.LIST, _excerpt(lowering, node), _span(lowering, node), items=items)


def _dictionary(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    entries: list[tuple[str | None, Value]] = []
    for element in node.named_children:
        if element.type == "dictionary_splat":
            spread = _first(element)
            if spread is not None:
                entries.append((None, lowering.value((spread,), ctx, depth + 1)))
            continue
        if element.type != "pair":
            continue
        key = element.child_by_field_name("key")
        value = element.child_by_field_name("value")
        if key is None or value is None:
            continue
        key = _strip(key)
        key_text: str | None = None
        if key.type == "concatenated_string" or (key.type == "string" and not _is_f(lowering, key)):
            key_text = lowering.value((key,), ctx, depth + 1).string
        elif key.type in _NUMBER_TYPES and not _imaginary(lowering.text(key)):
            key_text = lowering.text(key)
        entries.append((key_text, lowering.value((value,), ctx, depth + 1)))
    return Value(
        ValueKind.DICT, _excerpt(lowering, node), lowering.span(node), entries=tuple(entries)
    )


# -- statements --------------------------------------------------------------------------------


def _number(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    text = lowering.text(node)
    if _imaginary(text):
        return
    lowering.numbers.append(
        NumberLiteral(
            text, parse_python_number(text), lowering.span(node), ctx.flow(node.start_byte)
        )
    )


def _target(lowering: Lowering, node: Node) -> tuple[str, ...]:
    node = _strip(node)
    if node.type == "tuple_pattern" and not any(c.type == "," for c in node.children):
        node = _only(node) or node
    dotted = _dotted(lowering, node)
    return tuple(dotted.split(".")) if dotted is not None else ()


def _assign(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    chained = lowering.memo.setdefault("chained", set())
    assert isinstance(chained, set)
    if node.id in chained:
        return
    targets: list[tuple[str, ...]] = []
    current = node
    right: Node | None = None
    for _ in range(DEPTH_LIMIT * 16):
        left = current.child_by_field_name("left")
        targets.append(_target(lowering, left) if left is not None else ())
        right = current.child_by_field_name("right")
        if (
            right is not None
            and right.type == "assignment"
            and current.child_by_field_name("type") is None
        ):
            chained.add(right.id)
            current = right
            continue
        break
    if right is None or not any(targets):
        return
    value = lowering.value((right,), ctx, 0)
    span = lowering.span(node)
    for target in targets:
        if target:
            lowering.assignments.append(
                Assignment(target, value, span, ctx.flow(node.start_byte), ctx.container == "file")
            )


def _guarded(ctx: Ctx, guard: str) -> Ctx:
    if len(ctx.guards) >= DEPTH_LIMIT:
        return ctx
    return dataclasses.replace(ctx, guards=(*ctx.guards, " ".join(guard.split())[:200]))


def _if(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    statement = node.start_byte
    condition_node = node.child_by_field_name("condition")
    condition = _code(lowering, condition_node) if condition_node is not None else ""
    consequence = node.child_by_field_name("consequence")
    if consequence is not None:
        lowering.overrides[consequence.id] = ctx.arm(statement, 0, condition)
    base = ctx
    for arm, alternative in enumerate(node.children_by_field_name("alternative"), 1):
        negated = _guarded(base, "!" + condition)
        lowering.overrides[alternative.id] = negated.arm(statement, arm)
        if alternative.type != "elif_clause":
            continue
        condition_node = alternative.child_by_field_name("condition")
        condition = _code(lowering, condition_node) if condition_node is not None else ""
        consequence = alternative.child_by_field_name("consequence")
        if consequence is not None:
            lowering.overrides[consequence.id] = negated.arm(statement, arm, condition)
        base = negated


def _conditional_flow(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    found = _conditional_parts(node)
    if found is None:
        return
    body, test, orelse = found
    condition = _code(lowering, test)
    lowering.overrides[body.id] = ctx.arm(body.start_byte, 0, condition)
    lowering.overrides[orelse.id] = ctx.arm(body.start_byte, 1, "!" + condition)


def _try(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    statement = node.start_byte
    success = ctx.arm(statement, 0)
    body = node.child_by_field_name("body")
    if body is not None:
        lowering.overrides[body.id] = success
    index = 0
    for child in node.named_children:
        if child.type in ("except_clause", "except_group_clause"):
            index += 1
            lowering.overrides[child.id] = ctx.arm(statement, index)
        elif child.type == "else_clause":
            lowering.overrides[child.id] = success


def _code_between(lowering: Lowering, nodes: Sequence[Node]) -> str:
    if not nodes:
        return ""
    if len(nodes) == 1:
        return _code(lowering, nodes[0])
    start, end = _bounds(nodes[0])[0], _bounds(nodes[-1])[2]
    return lowering.data[start:end].decode("utf-8", "replace")


def _match(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    subject = _code_between(lowering, node.children_by_field_name("subject"))
    body = node.child_by_field_name("body")
    if body is None:
        return
    cases = [c for c in body.named_children if c.type == "case_clause"]
    for index, case in enumerate(cases):
        patterns = [c for c in case.named_children if c.type == "case_pattern"]
        if len(patterns) == 1:
            inner = _only(patterns[0])
            if inner is not None and inner.type == "tuple_pattern":
                patterns = [inner]
        lowering.overrides[case.id] = ctx.arm(
            node.start_byte, index, f"{subject} == {_code_between(lowering, patterns)}"
        )


def _bound(lowering: Lowering, target: Node | None) -> list[Node]:
    if target is None:
        return []
    target = _strip(target)
    if target.type == "tuple_pattern" and not any(c.type == "," for c in target.children):
        target = _only(target) or target
    if target.type == "identifier":
        return [target]
    if target.type in _PATTERNS:
        found = []
        for element in target.named_children:
            element = _strip(element)
            if element.type == "tuple_pattern" and not any(c.type == "," for c in element.children):
                element = _only(element) or element
            if element.type == "identifier":
                found.append(element)
        return found
    return []


def _for_header(lowering: Lowering, node: Node) -> tuple[list[Node], Expr] | None:
    iterable = node.child_by_field_name("right")
    if iterable is None:
        return None
    return _bound(lowering, node.child_by_field_name("left")), (iterable,)


def _for(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    if lowering.loops and lowering.loops[-1].flow.order == node.start_byte:
        loop = lowering.loops[-1]
        lowering.loops[-1] = dataclasses.replace(loop, span=_statement_span(lowering, node))


def _comprehension_flow(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx:
    for clause in node.named_children:
        if clause.type == "for_in_clause":
            for iterable in clause.children_by_field_name("right"):
                lowering.overrides[iterable.id] = ctx
            break
    return ctx.in_loop(_span(lowering, node).line)


def _decorated(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    definition = node.child_by_field_name("definition")
    if definition is None or definition.type != "function_definition":
        return
    names: list[str] = []
    for decorator in node.named_children:
        if decorator.type != "decorator":
            continue
        expression = _first(decorator)
        if expression is None:
            continue
        expression = _strip(expression)
        if expression.type == "call":
            function = expression.child_by_field_name("function")
            if function is None:
                continue
            expression = function
        dotted = _dotted(lowering, expression)
        if dotted is not None:
            names.append(dotted)
    lowering.memo[("decorators", definition.id)] = tuple(names)


def _function(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    """Defaults, annotations and decorators run in the enclosing scope; the body is new."""
    name = lowering.text(node.child_by_field_name("name"))
    found = lowering.memo.pop(("decorators", node.id), ())
    scope = f"{name}@{node.start_point[0] + 1}"
    lowering.functions.append(
        FunctionDef(
            name,
            _statement_span(lowering, node),
            scope,
            _parameters(lowering, node.child_by_field_name("parameters")),
            found if isinstance(found, tuple) else (),
            ctx.class_name if ctx.container == "class" else None,
        )
    )
    body = node.child_by_field_name("body")
    if body is not None:
        lowering.overrides[body.id] = ctx.new_scope(scope)


def _parameters(lowering: Lowering, parameters: Node | None) -> tuple[str, ...]:
    if parameters is None:
        return ()
    names: list[str] = []
    for child in parameters.named_children:
        kind = child.type
        if kind in ("default_parameter", "typed_default_parameter"):
            child = child.child_by_field_name("name") or child
        elif kind == "typed_parameter":
            child = _first(child) or child
        if child.type in ("list_splat_pattern", "dictionary_splat_pattern"):
            child = _first(child) or child
        if child.type == "identifier":
            names.append(lowering.text(child))
    return tuple(names)


def _class(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    bases: list[str] = []
    superclasses = node.child_by_field_name("superclasses")
    if superclasses is not None:
        for argument in superclasses.named_children:
            kind = argument.type
            if kind in ("keyword_argument", "dictionary_splat") or kind in _NOT_ELEMENTS:
                continue
            expression: Node | None = argument
            if kind == "list_splat":
                expression = _first(argument)
            if expression is None:
                continue
            expression = _strip(expression)
            if expression.type == "subscript":
                expression = expression.child_by_field_name("value") or expression
            dotted = _dotted(lowering, expression)
            if dotted is not None:
                bases.append(dotted.rsplit(".", 1)[-1])
    name = lowering.text(node.child_by_field_name("name"))
    lowering.classes.append(ClassDef(name, _statement_span(lowering, node), tuple(bases)))
    body = node.child_by_field_name("body")
    if body is not None:
        lowering.overrides[body.id] = dataclasses.replace(ctx, class_name=name, container="class")


def _import(lowering: Lowering, node: Node) -> Iterator[Import]:
    span = lowering.span(node)
    for name in node.children_by_field_name("name"):
        if name.type == "aliased_import":
            module = _dotted_name(lowering, name.child_by_field_name("name"))
            bound: str | None = lowering.text(name.child_by_field_name("alias")) or None
        else:
            module = _dotted_name(lowering, name)
            bound = None
        if bound is None and "." not in module:
            bound = module
        yield Import(module, None, bound, span)


def _import_from(lowering: Lowering, node: Node) -> Iterator[Import]:
    span = lowering.span(node)
    if node.type == "future_import_statement":
        module = "__future__"
    else:
        module_node = node.child_by_field_name("module_name")
        module = ""
        if module_node is not None and module_node.type == "relative_import":
            for child in module_node.named_children:
                if child.type == "import_prefix":
                    module += "." * lowering.text(child).count(".")
                elif child.type == "dotted_name":
                    module += _dotted_name(lowering, child)
        else:
            module = _dotted_name(lowering, module_node)
    if any(c.type == "wildcard_import" for c in node.named_children):
        yield Import(module, "*", None, span)
        return
    for name_node in node.children_by_field_name("name"):
        if name_node.type == "aliased_import":
            name = _dotted_name(lowering, name_node.child_by_field_name("name"))
            alias = lowering.text(name_node.child_by_field_name("alias")) or name
        else:
            name = alias = _dotted_name(lowering, name_node)
        yield Import(module, name, alias, span)


SPEC = LanguageSpec(
    grammar="python",
    identifiers=frozenset({"identifier"}),
    members={"attribute": MemberShape(object="object", name="attribute")},
    call_hooks={"call": _call},
    wrappers={"parenthesized_expression": 0, "await": 0},
    chain_through={"subscript": "value"},
    chain_step_names={"subscript": _string_index},
    strings={"string": StringShape(scan=_scan)},
    literals={
        "true": (ValueKind.BOOL, "true"),
        "false": (ValueKind.BOOL, "false"),
        "none": (ValueKind.NULL, "None"),
    },
    binaries={
        "binary_operator": BinaryShape(left="left", right="right", operator="operator"),
    },
    choice_operators=frozenset({"or"}),
    returns=frozenset({"return_statement"}),
    lambdas=frozenset({"lambda"}),
    lambda_parameters={"lambda": "parameters"},
    loops={
        "for_statement": LoopShape(body="body"),
        "while_statement": LoopShape(body=None, before=("alternative",)),
    },
    loop_headers={"for_statement": _for_header},
    imports={
        "import_statement": _import,
        "import_from_statement": _import_from,
        "future_import_statement": _import_from,
    },
    comments=frozenset({"comment"}),
    value_hooks={
        "call": _call_value,
        "list_splat": _splat,
        "concatenated_string": _concatenated,
        "integer": _number_value,
        "float": _number_value,
        "unary_operator": _unary,
        "attribute": _attribute,
        "binary_operator": _binary,
        "boolean_operator": _boolean,
        "conditional_expression": _conditional,
        "list_comprehension": _comprehension,
        "set_comprehension": _comprehension,
        "generator_expression": _comprehension,
        "subscript": _subscript,
        "list": _sequence,
        "tuple": _sequence,
        "set": _sequence,
        "expression_list": _sequence,
        "dictionary": _dictionary,
    },
    node_hooks={
        "integer": _number,
        "float": _number,
        "assignment": _assign,
        "if_statement": _if,
        "conditional_expression": _conditional_flow,
        "try_statement": _try,
        "match_statement": _match,
        "for_statement": _for,
        "list_comprehension": _comprehension_flow,
        "set_comprehension": _comprehension_flow,
        "generator_expression": _comprehension_flow,
        "dictionary_comprehension": _comprehension_flow,
        "decorated_definition": _decorated,
        "function_definition": _function,
        "class_definition": _class,
    },
)

#: A line end Python knows and tree-sitter does not.
_LONE_CR = re.compile(r"\r(?!\n)")
#: ``type(x).attr = v`` is read by tree-sitter as a type alias; ``TYPE(`` is a call.
_TYPE_CALL_LINE = re.compile(r"^([ \t\f]*)type([ \t]*\()", re.MULTILINE)


def parse(path: str, text: str, language: Language) -> FileFacts:
    """Facts for one Python file. Never raises on bad input."""
    readable = _LONE_CR.sub("\n", text) if "\r" in text else text
    if "type" in readable:
        readable = _TYPE_CALL_LINE.sub(r"\1TYPE\2", readable)
    lowering = Lowering(SPEC, path, readable, language)
    if readable != text:  # names and strings are read as written
        lowering.data = text.encode("utf-8", "surrogatepass")
    facts = lowering.run()
    comments = tuple(_comment(c) for c in facts.comments)
    # In the order they are written, an outer call before the calls in it (``a.b().c()``:
    # ``c`` first), as the walker gave them.
    calls = tuple(sorted(facts.calls, key=lambda c: (c.span.start_byte, -c.span.end_byte)))
    return dataclasses.replace(facts, calls=calls, comments=comments, globals_used=frozenset())


def _comment(comment: Comment) -> Comment:
    """Lines end at ``\\r`` too: a CRLF file's comments do not carry it."""
    text = comment.text.split("\r", 1)[0]
    if text == comment.text:
        return comment
    span = comment.span
    end_byte = span.start_byte + len(text.encode("utf-8", "surrogatepass"))
    return Comment(
        text, Span(span.line, span.col, span.line, span.col + len(text), span.start_byte, end_byte)
    )
