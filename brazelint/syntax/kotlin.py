"""Kotlin (``.kt``, ``.kts``), tree-sitter-kotlin: the tables and the hooks for what they
cannot say. It replaced the hand-written walker (``benchmarks/parity.py kotlin`` compares
the two; tests/test_parity_kotlin.py lists what changed on purpose).

Decisions the contract leaves open (the walker's, kept):

- ``calls`` are ordered by the position of the called name, so a chain reads outermost
  receiver first; ``Flow.order`` is the call node's start offset. A member access whose
  receiver holds calls is a NAME with the calls collapsed
  (``Braze.getInstance(c).currentUser`` → ``Braze.getInstance.currentUser``).
- ``if`` / ``else if`` / ``else`` share one id (arms 0, 1, 2, …); each ``when`` entry is an
  arm guarded ``"<subject> == <conditions>"`` / ``"<subject> else"``; ``try`` is arm 0 and
  each ``catch`` the next (only when there is a catch).
- ``for`` loops cover everything but the iterated collection; ``while`` / ``do`` cover their
  condition too. Lambdas keep the guards of the code they are written in.
- ``val``s in a ``companion object`` or a named ``object`` are file level, and so is every
  top-level property. Getters, setters and ``init`` blocks open scopes ``get@<line>``,
  ``set@<line>``, ``init@<line>`` and are no ``FunctionDef``; a secondary constructor is
  ``FunctionDef("constructor")``.
- ``listOf``/``setOf``/``arrayOf``… (called by a bare name) are LISTs, ``mapOf``/
  ``bundleOf``… with ``a to b`` or ``Pair(a, b)`` DICTs.

Hooks, and why the tables cannot say them:

- calls (``_call``): one ``call_expression`` node for ``f(x)``, ``a.f(x)`` and
  ``x.apply { }``; arguments are labelled only when written ``name = value``;
  ``foo(1) { }`` is a wrapper around the call ``foo(1)``, no second call
  (``_through``); trailing lambdas are no arguments.
- scope functions (``_call_scopes``, ``_implicit_receiver``): inside ``x.apply { }``,
  ``x.run { }`` and ``with(x) { }`` a call with no receiver, and an assignment to a bare
  name, get ``x``'s chain prepended.
- strings (``_scan``): the grammar leaves ``$name`` and ``\\uXXXX`` split across plain
  ``string_content`` pieces, so content is re-scanned.
- ``when`` guards (``subject == a, b``, ``subject else``), ``val``s in a companion or a
  named object being file level, ``mapOf`` with ``to`` / ``Pair``, an ``if`` expression
  as a CHOICE, ``!!`` and ``as`` looked through, ``x::class`` unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from brazelint.facts import (
    Assignment,
    FileFacts,
    Import,
    Return,
    Span,
    Value,
    ValueKind,
)
from brazelint.frontends.positions import offset_in
from brazelint.languages import Language
from brazelint.syntax.java import JVM_ITERATION_METHODS, jvm_import
from brazelint.syntax.lower import Ctx, Lowering, lower
from brazelint.syntax.spec import (
    CHAIN_LIMIT,
    BinaryShape,
    BranchShape,
    CallParts,
    ClassShape,
    Expr,
    FunctionShape,
    LanguageSpec,
    LoopShape,
    MemberShape,
    StringShape,
    SwitchShape,
)
from brazelint.syntax.strings import parse_jvm_number

_STRINGS = frozenset({"string_literal", "multiline_string_literal"})
_LISTS = frozenset(
    {
        "listOf",
        "listOfNotNull",
        "mutableListOf",
        "arrayListOf",
        "arrayOf",
        "setOf",
        "mutableSetOf",
        "hashSetOf",
        "linkedSetOf",
    }
)
_MAPS = frozenset({"mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "bundleOf"})
_RECEIVER_SCOPES = frozenset({"apply", "run"})
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "'": "'", '"': '"', "\\": "\\", "$": "$"}
_CONTENT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)|\\u([0-9A-Fa-f]{4})|\\(.)", re.DOTALL)
_RAW_CONTENT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENTS = frozenset({"line_comment", "block_comment"})
#: A part of a string: literal text, or an expression's source text and its value.
_Piece = tuple[str, Span, Value | None]


def _first(node: Node | None, kind: str) -> Node | None:
    if node is None:
        return None
    for child in node.named_children:
        if child.type == kind:
            return child
    return None


def _after(node: Node, token: str) -> Node | None:
    seen = False
    for child in node.children:
        if seen and child.is_named and child.type not in _COMMENTS:
            return child
        if child.type == token and not child.is_named:
            seen = True
    return None


# -- calls -------------------------------------------------------------------------------------


def _through(lowering: Lowering, node: Node) -> Node | None:
    """``foo(1) { … }``: the call ``foo(1)`` its wrapper holds."""
    first = node.named_child(0)
    if first is None or first.type != "call_expression" or node.named_child_count < 2:
        return None
    for index in range(1, node.named_child_count):
        child = node.named_child(index)
        if child is None or child.type != "annotated_lambda":
            return None
    return first


def _call(lowering: Lowering, node: Node) -> CallParts:
    """Read once per call node (its chain and its facts both ask)."""
    memo = lowering.memo.get("calls")
    if memo is None:
        memo = lowering.memo["calls"] = {}
    assert isinstance(memo, dict)
    parts = memo.get(node.id)
    if parts is None:
        parts = memo[node.id] = _call_parts(lowering, node)
    return parts


def _call_parts(lowering: Lowering, node: Node) -> CallParts:
    callee = node.named_child(0)
    receiver: Node | None = None
    name: Node | None = None
    if callee is not None:
        if callee.type == "identifier":
            name = callee
        elif callee.type == "navigation_expression" and callee.named_child_count >= 2:
            last = callee.named_child(callee.named_child_count - 1)
            if last is not None and last.type == "identifier":
                name = last
                receiver = callee.named_child(0)
        else:
            receiver = callee
    arguments: list[tuple[str | None, Node]] = []
    holder = _first(node, "value_arguments")
    for argument in holder.named_children if holder is not None else ():
        if argument.type != "value_argument":
            continue
        parts = argument.named_children
        if not parts:
            continue
        label = None
        if parts[0].type == "identifier" and any(c.type == "=" for c in argument.children):
            label = lowering.text(parts[0])
        arguments.append((label, parts[-1]))
    return receiver, name, arguments


def _bare_root(lowering: Lowering, node: Node) -> bool:
    """Whether a call's chain starts at a call of a bare name (``setApiKey(k)``,
    ``build().x()``), remembered for the calls passed on the way."""
    memo = lowering.memo
    passed: list[int] = []
    current: Node | None = node
    result = False
    for _ in range(4 * CHAIN_LIMIT):
        if current is None:
            break
        known = memo.get(("bare", current.id))
        if known is not None:
            result = bool(known)
            break
        kind = current.type
        if kind == "call_expression":
            inner = _through(lowering, current)
            if inner is not None:
                current = inner
                continue
            passed.append(current.id)
            callee = current.named_child(0)
            if callee is not None and callee.type == "identifier":
                result = True
                break
            current = callee
        elif kind in ("navigation_expression", "index_expression", "parenthesized_expression"):
            current = current.named_child(0)
        elif kind == "unary_expression" and _not_null(lowering, current):
            current = current.child_by_field_name("argument")
        else:
            break
    for node_id in passed:
        memo[("bare", node_id)] = result
    return result


def _implicit_receiver(
    lowering: Lowering, node: Node, chain: tuple[str, ...], ctx: Ctx
) -> tuple[str, ...]:
    if chain and _bare_root(lowering, node):
        return (*ctx.receiver, *chain)
    return chain


def _call_scopes(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    """Each lambda given to a call (trailing or as an argument) is a scope of its own; an
    iteration method's is a loop body, a scope function's has an implicit receiver."""
    last = node.named_child(node.named_child_count - 1)
    trailing = last is not None and last.type == "annotated_lambda"
    call_node = _through(lowering, node) if trailing else None
    if call_node is None:
        call_node = node
    _, name_node, arguments = _call(lowering, call_node)
    lambdas: list[Node | None] = []
    if trailing:
        lambdas = [
            _first(child, "lambda_literal")
            for child in node.named_children
            if child.type == "annotated_lambda"
        ]
    if arguments:
        lambdas += [value for _, value in arguments if value.type == "lambda_literal"]
    if not lambdas:
        return
    method = lowering.text(name_node) if name_node is not None else ""
    receiver: tuple[str, ...] = ()
    callee = call_node.named_child(0)
    if method in _RECEIVER_SCOPES and callee is not None and callee.type == "navigation_expression":
        target = callee.named_child(0)
        receiver = _chain(lowering, target, ctx) if target is not None else ()
    elif method == "with" and callee is not None and callee.type == "identifier" and arguments:
        receiver = _chain(lowering, arguments[0][1], ctx)
    for lambda_node in lambdas:
        if lambda_node is None:
            continue
        loops: tuple[str, ...] = ()
        if method in JVM_ITERATION_METHODS and name_node is not None:
            loops = (f"iter:{method}@{lowering.line(name_node)}",)
        scope = ctx.new_scope(lowering.lambda_name(lambda_node), loops, closure=True)
        scope = Ctx(
            scope.scope,
            (),
            loops,
            scope.guards,
            None,
            "function",
            scope.directives,
            receiver or ctx.receiver,
        )
        lowering.lambda_scopes[lambda_node.id] = scope


def _chain(lowering: Lowering, node: Node, ctx: Ctx) -> tuple[str, ...]:
    """A chain as a call inside an implicit receiver's block reads it."""
    chain = lowering.chain((node,))
    return _implicit_receiver(lowering, node, chain, ctx) if ctx.receiver else chain


def _not_null(lowering: Lowering, node: Node) -> bool:
    return lowering.text(node.child_by_field_name("operator")) == "!!"


# -- values ------------------------------------------------------------------------------------


def _unary(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    argument = node.child_by_field_name("argument")
    if argument is None:
        return None
    if _not_null(lowering, node):
        return lowering.value((argument,), ctx, depth)
    return None


def _as(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    left = node.child_by_field_name("left")
    return lowering.value((left,), ctx, depth) if left is not None else None


def _navigation(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    if lowering.text(node).endswith("::class"):
        return lowering.unknown((node,))
    return None


def _if(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    condition = node.child_by_field_name("condition")
    arms = [
        child
        for child in node.named_children
        if child.type not in _COMMENTS and (condition is None or child.id != condition.id)
    ]
    if len(arms) != 2 or not any(c.type == "else" for c in node.children):
        return lowering.unknown((node,))
    text = lowering.text(condition)
    guards = (text, "!" + text)
    items = tuple(
        lowering.value((arm,), ctx.arm(node.start_byte, index, guards[index]), depth + 1)
        for index, arm in enumerate(arms)
    )
    return Value(ValueKind.CHOICE, lowering.unknown((node,)).text, lowering.span(node), items=items)


def _call_value(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value | None:
    inner = _through(lowering, node) or node
    callee = inner.named_child(0)
    name = lowering.text(callee) if callee is not None and callee.type == "identifier" else ""
    if name in _LISTS:
        call = lowering.call(inner, ctx, depth)
        items = tuple(argument.value for argument in call.args)
        return Value(
            ValueKind.LIST, lowering.unknown((inner,)).text, lowering.span(inner), items=items
        )
    if name in _MAPS:
        lowering.call(inner, ctx, depth)
        return _map(lowering, inner, ctx, depth)
    call = lowering.call(inner, ctx, depth)
    # The chain as written (no implicit receiver), remembered since the call was built.
    text = ".".join(lowering.chain((inner,)))
    return Value(ValueKind.CALL, text, lowering.span(inner), call=call)


def _map(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> Value:
    entries: list[tuple[str | None, Value]] = []
    holder = _first(node, "value_arguments")
    for argument in holder.named_children if holder is not None else ():
        if not argument.named_child_count:
            continue
        expression = lowering.unwrap((argument.named_children[-1],))
        if not expression:
            continue
        item = expression[0]
        children = item.named_children
        pair: tuple[Node, Node] | None = None
        if item.type == "infix_expression" and len(children) == 3:
            if lowering.text(children[1]) == "to":
                pair = (children[0], children[2])
        elif item.type == "call_expression" and children and lowering.text(children[0]) == "Pair":
            inner = _first(item, "value_arguments")
            parts = inner.named_children if inner is not None else []
            if len(parts) == 2 and all(p.named_child_count for p in parts):
                pair = (parts[0].named_children[-1], parts[1].named_children[-1])
        if pair is None:
            continue
        key = lowering.value((pair[0],), ctx, depth + 1)
        named = key.kind in (ValueKind.STRING, ValueKind.NUMBER, ValueKind.NAME)
        entries.append((key.text if named else None, lowering.value((pair[1],), ctx, depth + 1)))
    return Value(
        ValueKind.DICT, lowering.unknown((node,)).text, lowering.span(node), entries=tuple(entries)
    )


# -- strings -----------------------------------------------------------------------------------


def _decode(sequence: str) -> str:
    if sequence.startswith("\\u") and len(sequence) == 6:
        try:
            return chr(int(sequence[2:], 16))
        except ValueError:
            return sequence
    return _ESCAPES.get(sequence[1:], sequence)


def _scan(lowering: Lowering, node: Node, ctx: Ctx, depth: int) -> tuple[Value, Span, bool]:
    raw = node.type == "multiline_string_literal"
    pieces: list[_Piece] = []
    run: list[Node] = []

    def flush() -> None:
        if run:
            pieces.extend(_content(lowering, run, raw))
            run.clear()

    for child in node.children:
        kind = child.type
        if kind == "string_content":
            if run and run[-1].end_byte != child.start_byte:
                flush()
            run.append(child)
        elif kind == "escape_sequence":
            flush()
            pieces.append((_decode(lowering.text(child)), lowering.span(child), None))
        elif kind == "interpolation":
            flush()
            expression = child.named_children[-1] if child.named_child_count else None
            if expression is None:
                continue
            value = lowering.value((expression,), ctx, depth + 1)
            pieces.append((lowering.text(expression).strip(), value.span, value))
    flush()
    children = node.children
    opening = children[0] if children else node
    closing = children[-1] if len(children) > 1 else node
    start = opening.end_point if opening is not node else node.start_point
    end = closing.start_point if closing is not node else node.end_point
    content = lowering.source.index.byte_span(start, end)
    span = lowering.span(node)
    if all(value is None for _, _, value in pieces):
        return Value(ValueKind.STRING, "".join(p[0] for p in pieces), span), content, False
    items: list[Value] = []
    text: list[str] = []
    for piece_text, piece_span, value in pieces:
        if value is None:
            items.append(Value(ValueKind.STRING, piece_text, piece_span))
            text.append(piece_text)
        elif value.kind is ValueKind.TEMPLATE:
            items.extend(value.items)
            text.append(value.text)
        else:
            items.append(value)
            text.append("{" + piece_text + "}")
    return Value(ValueKind.TEMPLATE, "".join(text), span, items=tuple(items)), content, True


def _content(lowering: Lowering, run: list[Node], raw: bool) -> list[_Piece]:
    text = "".join(lowering.text(node) for node in run)
    start = lowering.span(run[0])
    pattern = _RAW_CONTENT if raw else _CONTENT
    pieces: list[_Piece] = []
    literal: list[str] = []
    literal_start = 0
    position = 0

    def at(offset: int) -> tuple[int, int]:
        return offset_in(start, text, offset)

    def literal_piece(end: int) -> None:
        if literal:
            line, col = at(literal_start)
            end_line, end_col = at(end)
            pieces.append(("".join(literal), Span(line, col, end_line, end_col), None))
            literal.clear()

    for match in pattern.finditer(text):
        if not literal:
            literal_start = position
        literal.append(text[position : match.start()])
        position = match.end()
        if match.group(1) is None:
            literal.append(_decode(match.group(0)))
            continue
        literal_piece(match.start())
        name = match.group(1)
        line, col = at(match.start(1))
        end_line, end_col = at(match.end(1))
        span = Span(line, col, end_line, end_col)
        lowering.read_names.add(name)
        pieces.append((name, span, Value(ValueKind.NAME, name, span)))
    if position < len(text):
        if not literal:
            literal_start = position
        literal.append(text[position:])
    literal_piece(len(text))
    return [piece for piece in pieces if piece[2] is not None or piece[0]]


# -- declarations and statements ---------------------------------------------------------------


def _property(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    declaration = _first(node, "variable_declaration")
    if declaration is None:
        return  # destructuring (``val (a, b) = …``) is skipped
    name = _first(declaration, "identifier")
    value = _after(node, "=")
    if name is None or value is None:
        return
    is_val = any(child.type == "val" for child in node.children)
    file_level = ctx.container == "file" or (ctx.container == "constants" and is_val)
    lowering.assignments.append(
        Assignment(
            (lowering.text(name),),
            lowering.value((value,), ctx, 0),
            lowering.span(node),
            ctx.flow(node.start_byte),
            file_level,
        )
    )


def _assignment(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    if lowering.text(node.child_by_field_name("operator")) != "=":
        return
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None or right is None:
        return
    if left.type not in ("identifier", "navigation_expression", "this_expression"):
        return
    target = _chain(lowering, left, ctx)
    if left.type == "identifier" and ctx.receiver:
        target = (*ctx.receiver, *target)
    if not target:
        return
    lowering.assignments.append(
        Assignment(
            target,
            lowering.value((right,), ctx, 0),
            lowering.span(node),
            ctx.flow(node.start_byte),
            ctx.container == "file",
        )
    )


def _declaring(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    name = _first(node, "identifier")
    if name is not None:
        lowering.declared_names.add(lowering.text(name))


def _function_body(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    expression = [c for c in node.named_children if c.type not in _COMMENTS]
    if len(expression) == 1 and expression[0].type != "block":
        body = expression[0]
        lowering.returns.append(
            Return(lowering.value((body,), ctx, 0), lowering.span(body), ctx.flow(body.start_byte))
        )


def _companion(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx:
    return Ctx(ctx.scope, (), (), ctx.guards, ctx.class_name, "constants", ctx.directives)


def _object_literal(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx:
    return Ctx(ctx.scope, (), (), ctx.guards, None, "class", ctx.directives)


def _when(lowering: Lowering, node: Node, ctx: Ctx) -> None:
    subject_node = _first(node, "when_subject")
    subject = ""
    if subject_node is not None and subject_node.named_child_count:
        subject = lowering.text(subject_node.named_children[-1])
    entries = [c for c in node.named_children if c.type == "when_entry"]
    for arm, entry in enumerate(entries):
        conditions = [
            lowering.text(c)
            for i, c in enumerate(entry.children)
            if entry.field_name_for_child(i) == "condition"
        ]
        case = ", ".join(conditions) if conditions else "else"
        guard = f"{subject} == {case}" if subject and conditions else case
        if subject and not conditions:
            guard = f"{subject} else"
        lowering.overrides[entry.id] = ctx.arm(node.start_byte, arm, guard)


def _constructor(lowering: Lowering, node: Node) -> tuple[str, list[str]]:
    return "constructor", lowering.parameter_names(node, _FUNCTION)


def _import(lowering: Lowering, node: Node) -> Iterator[Import]:
    path = _first(node, "qualified_identifier") or _first(node, "identifier")
    if path is None:
        return
    wildcard = any(child.type == "*" for child in node.children)
    alias: str | None = None
    seen_as = False
    for child in node.children:
        if child.type == "as":
            seen_as = True
        elif seen_as and child.type == "identifier":
            alias = lowering.text(child)
    yield jvm_import(lowering.text(path), wildcard=wildcard, alias=alias, span=lowering.span(node))


def _for(lowering: Lowering, node: Node) -> tuple[list[Node], Expr] | None:
    iterable = _after(node, "in")
    if iterable is None:
        return None
    targets = [c for c in node.named_children if c.type == "variable_declaration"]
    names = [n for n in (_first(t, "identifier") for t in targets) if n is not None]
    return names, (iterable,)


_FUNCTION = FunctionShape(
    name="name",
    parameters="function_value_parameters",
    body=None,
    parameter_types={"parameter": 0},
)
_TRY = SwitchShape(subject=None, cases=frozenset({"block", "catch_block"}))
_BASES = frozenset({"delegation_specifiers"})
_TYPES = frozenset({"user_type"})

SPEC = LanguageSpec(
    grammar="kotlin",
    identifiers=frozenset({"identifier"}),
    self_names=frozenset({"this_expression", "super_expression"}),
    members={"navigation_expression": MemberShape(object=0, name=-1)},
    call_hooks={"call_expression": _call},
    call_through=_through,
    implicit_receiver=_implicit_receiver,
    wrappers={"parenthesized_expression": 0},
    chain_through={"index_expression": 0, "unary_expression": "argument"},
    strings={kind: StringShape(scan=_scan) for kind in _STRINGS},
    numbers=frozenset({"number_literal", "float_literal"}),
    parse_number=parse_jvm_number,
    unary=frozenset({"unary_expression"}),
    literal_names={
        "true": (ValueKind.BOOL, "true"),
        "false": (ValueKind.BOOL, "false"),
        "null": (ValueKind.NULL, "null"),
    },
    lists=frozenset({"collection_literal"}),
    binaries={"binary_expression": BinaryShape(left="left", right="right", operator="operator")},
    choice_operators=frozenset({"?:"}),
    value_hooks={
        "unary_expression": _unary,
        "as_expression": _as,
        "navigation_expression": _navigation,
        "if_expression": _if,
        "call_expression": _call_value,
    },
    functions={"function_declaration": _FUNCTION},
    function_names={"secondary_constructor": _constructor},
    annotations={"annotation": 0},
    annotation_holders=frozenset({"modifiers"}),
    annotation_wrappers={"constructor_invocation": 0},
    scopes={"getter": "get", "setter": "set", "anonymous_initializer": "init"},
    lambdas=frozenset({"lambda_literal", "anonymous_function"}),
    classes={
        "class_declaration": ClassShape(name="name", base_lists=_BASES, base_types=_TYPES),
        "object_declaration": ClassShape(
            name="name", base_lists=_BASES, constants=True, base_types=_TYPES
        ),
    },
    qualified_types=frozenset({"user_type"}),
    type_argument_types=frozenset({"type_arguments", "value_arguments"}),
    ifs={"if_expression": BranchShape(condition="condition", arms=())},
    switches={"try_expression": _TRY},
    loops={
        "for_statement": LoopShape(body=None, iterable_outside=True),
        "while_statement": LoopShape(body=None),
        "do_while_statement": LoopShape(body=None),
    },
    loop_headers={"for_statement": _for},
    imports={"import": _import},
    packages=frozenset({"package_header"}),
    comments=_COMMENTS,
    iteration_methods=JVM_ITERATION_METHODS,
    implicit_names=frozenset({"it", "field", "true", "false", "null"}),
    node_hooks={
        "call_expression": _call_scopes,
        "property_declaration": _property,
        "assignment": _assignment,
        "return_expression": Lowering.enter_keyword_return,
        "jump_expression": Lowering.enter_keyword_return,
        "function_body": _function_body,
        "companion_object": _companion,
        "object_literal": _object_literal,
        "when_expression": _when,
        **dict.fromkeys(
            ("parameter", "class_parameter", "variable_declaration", "catch_block"), _declaring
        ),
    },
)


def parse(path: str, text: str, language: Language) -> FileFacts:
    return lower(SPEC, path, text, language)
