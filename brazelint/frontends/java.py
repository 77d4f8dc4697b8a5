"""Java frontend (tree-sitter-java). See docs/frontend-contract.md for the shapes.

Decisions the contract leaves open:

- ``new X.Y(…)`` is a call with chain ``("X", "Y")``; ``super(…)`` / ``this(…)`` constructor
  calls have the chain ``("super",)`` / ``("this",)``.
- ``if`` / ``else if`` / ``else`` share one id (arms 0, 1, 2, …); each ``switch`` group or
  rule is an arm; a ``try`` is arm 0 and each ``catch`` the next (only when there is a catch).
- ``for`` loops cover condition, update and body (not the init); enhanced ``for`` covers
  the body only (not the iterated collection).
- Fields are file-level when ``static final`` (interface fields always are).
- Text blocks have their incidental indentation removed, as ``javac`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar

from tree_sitter import Node

from brazelint.facts import (
    Argument,
    Assignment,
    Call,
    ClassDef,
    FileFacts,
    FunctionDef,
    Return,
    Span,
    Value,
    ValueKind,
)
from brazelint.frontends.jvm import (
    ITERATION_METHODS,
    MAX_CHAIN_LINKS,
    MAX_VALUE_DEPTH,
    Ctx,
    Handler,
    JvmWalker,
    parse_number,
    split_import,
)
from brazelint.languages import Language

_STRING_TYPES = frozenset({"string_literal"})
_NUMBER_TYPES = frozenset(
    {
        "decimal_integer_literal",
        "hex_integer_literal",
        "octal_integer_literal",
        "binary_integer_literal",
        "decimal_floating_point_literal",
        "hex_floating_point_literal",
    }
)
_COMMENTS = frozenset({"line_comment", "block_comment"})
_CLASS_TYPES = frozenset(
    {
        "class_declaration",
        "interface_declaration",
        "enum_declaration",
        "record_declaration",
        "annotation_type_declaration",
    }
)
#: ``(receiver, method)`` tails whose call builds a list / a map.
_LIST_FACTORIES = frozenset(
    {("List", "of"), ("Set", "of"), ("Arrays", "asList"), ("Collections", "singletonList")}
)
_MAP_FACTORIES = frozenset({("Map", "of")})
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "s": " ",
    '"': '"',
    "'": "'",
    "\\": "\\",
    "\n": "",  # a backslash at the end of a text-block line joins the lines
}
_ESCAPE = re.compile(r"\\(u+[0-9A-Fa-f]{4}|[0-3][0-7]{0,2}|[4-7][0-7]?|.)", re.DOTALL)


def parse(path: str, text: str, language: Language) -> FileFacts:
    return _JavaWalker(path, text, language).run()


def _unescape(text: str) -> str:
    def replace_escape(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith("u"):
            return chr(int(body.lstrip("u"), 16))
        if body[0].isdigit():
            return chr(int(body, 8))
        return _ESCAPES.get(body, match.group(0))

    return _ESCAPE.sub(replace_escape, text)


def _text_block(source: str) -> str:
    """The value of a text block ``\"\"\"…\"\"\"``: content after the opening line, incidental
    indentation and trailing spaces removed, then escapes interpreted."""
    body = source[3:-3] if source.endswith('"""') and len(source) >= 6 else source[3:]
    _, _, body = body.partition("\n")
    lines = body.split("\n")
    # The closing delimiter's line counts for indentation even when blank.
    significant = [line for line in lines[:-1] if line.strip()] + [lines[-1]]
    indent = min((len(line) - len(line.lstrip()) for line in significant), default=0)
    stripped = [line[indent:].rstrip() for line in lines]
    if not lines[-1].strip():
        stripped[-1] = ""
    return _unescape("\n".join(stripped))


class _JavaWalker(JvmWalker):
    def __init__(self, path: str, text: str, language: Language) -> None:
        super().__init__(path, text, language, "java")
        self.else_ifs: dict[int, tuple[int, int, Ctx]] = {}

    # -- the walk (see JvmWalker.handlers; the table is at the end of the class) -------------

    def enter_call_node(self, node: Node, ctx: Ctx) -> Ctx | None:
        self.enter_call(node, ctx)
        if node.type == "object_creation_expression" and self.first_named(node, "class_body"):
            # An anonymous class: its methods belong to no named class.
            return replace(ctx, class_name=None, container="class")
        return None

    def enter_constructor_invocation(self, node: Node, ctx: Ctx) -> None:
        call = self.call(node, ctx, 0)
        self.add_call(call, node, node.child_by_field_name("constructor"))

    def enter_string(self, node: Node, ctx: Ctx) -> None:
        value = self.value(node, ctx, 0)
        self.add_string(node, ctx, value.text, self.content_span(node), False)

    def enter_lambda(self, node: Node, ctx: Ctx) -> Ctx:
        scope = self.lambda_scopes.pop(node.id, None)
        return scope or ctx.new_scope(self.lambda_scope(node), closure=True)

    def enter_static_initializer(self, node: Node, ctx: Ctx) -> Ctx:
        return ctx.new_scope(f"static@{self.line(node)}")

    def enter_ternary(self, node: Node, ctx: Ctx) -> None:
        condition = self.condition_text(node.child_by_field_name("condition"))
        for arm, field in enumerate(("consequence", "alternative")):
            child = node.child_by_field_name(field)
            if child is not None:
                guard = condition if arm == 0 else "!" + condition
                self.overrides[child.id] = ctx.arm(node.start_byte, arm, guard)

    def enter_try(self, node: Node, ctx: Ctx) -> None:
        children = node.named_children
        if any(child.type == "catch_clause" for child in children):
            body = node.child_by_field_name("body")
            arms = [body] if body is not None else []
            arms += [child for child in children if child.type == "catch_clause"]
            for arm, child in enumerate(arms):
                self.overrides[child.id] = ctx.arm(node.start_byte, arm)

    def enter_loop(self, node: Node, ctx: Ctx) -> None:
        looped = ctx.in_loop(self.line(node))
        init = set(c.id for c in node.children_by_field_name("init"))
        for child in node.named_children:
            if child.id not in init:
                self.overrides[child.id] = looped

    def enter_enhanced_for(self, node: Node, ctx: Ctx) -> None:
        body = node.child_by_field_name("body")
        if body is not None:
            self.overrides[body.id] = ctx.in_loop(self.line(node))
        self.declare(node.child_by_field_name("name"))

    def enter_parameter(self, node: Node, ctx: Ctx) -> None:
        self.declare(node.child_by_field_name("name") or self.declarator_name(node))

    def declare(self, name: Node | None) -> None:
        if name is not None:
            self.declared_names.add(self.text(name))

    def declarator_name(self, node: Node) -> Node | None:
        declarator = self.first_named(node, "variable_declarator")
        return declarator.child_by_field_name("name") if declarator is not None else None

    def enter_call(self, node: Node, ctx: Ctx) -> None:
        call = self.call(node, ctx, 0)
        name_node = self.call_name_node(node)
        self.add_call(call, node, name_node)
        if node.type != "method_invocation":
            return
        self.note_root(self.chain_parts(node))
        method = self.text(name_node)
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return
        for argument in arguments.named_children:
            if argument.type != "lambda_expression":
                continue
            parameters = argument.child_by_field_name("parameters")
            if parameters is not None:
                if parameters.type == "identifier":
                    self.declare(parameters)
                else:
                    for parameter in parameters.named_children:
                        self.declare(
                            parameter
                            if parameter.type == "identifier"
                            else parameter.child_by_field_name("name")
                        )
            if method in ITERATION_METHODS and name_node is not None:
                loops = (f"iter:{method}@{self.line(name_node)}",)
                scope = ctx.new_scope(self.lambda_scope(argument), loops, closure=True)
                self.lambda_scopes[argument.id] = scope

    def enter_import(self, node: Node) -> None:
        path_node = self.first_named(node, "scoped_identifier") or self.first_named(
            node, "identifier"
        )
        if path_node is None:
            return
        wildcard = self.first_named(node, "asterisk") is not None
        item = split_import(
            self.text(path_node), wildcard=wildcard, alias=None, span=self.span(node)
        )
        self.imports.append(item)
        if item.alias:
            self.declared_names.add(item.alias)

    def enter_declaration(self, node: Node, ctx: Ctx) -> None:
        modifiers = self.first_named(node, "modifiers")
        words = {c.type for c in modifiers.children} if modifiers is not None else set()
        if node.type == "local_variable_declaration":
            file_level = False
        elif ctx.container == "interface" or node.type == "constant_declaration":
            file_level = True
        else:
            file_level = {"static", "final"} <= words
        for declarator in node.children_by_field_name("declarator"):
            name = declarator.child_by_field_name("name")
            value_node = declarator.child_by_field_name("value")
            self.declare(name)
            if name is None or value_node is None:
                continue
            self.assignments.append(
                Assignment(
                    (self.text(name),),
                    self.value(value_node, ctx, 0),
                    self.span(declarator),
                    ctx.flow(declarator),
                    file_level,
                )
            )

    def enter_assignment(self, node: Node, ctx: Ctx) -> None:
        if self.text(node.child_by_field_name("operator")) != "=":
            return  # ``x += 1`` does not give x a value we can read
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None or left.type not in ("identifier", "field_access"):
            return  # ``a[0] = v`` has no name to record
        target = self.chain_parts(left)
        if not target:
            return
        self.assignments.append(
            Assignment(target, self.value(right, ctx, 0), self.span(node), ctx.flow(node))
        )

    def enter_method(self, node: Node, ctx: Ctx) -> Ctx:
        name_node = node.child_by_field_name("name")
        name = self.text(name_node) if name_node is not None else "<anonymous>"
        self.declared_names.add(name)
        scope = f"{name}@{self.line(node)}"
        params: list[str] = []
        parameters = node.child_by_field_name("parameters")
        for parameter in parameters.named_children if parameters is not None else []:
            if parameter.type in ("formal_parameter", "spread_parameter"):
                parameter_name = parameter.child_by_field_name("name") or self.declarator_name(
                    parameter
                )
                if parameter_name is not None:
                    params.append(self.text(parameter_name))
        in_class = ctx.container in ("class", "interface")
        self.functions.append(
            FunctionDef(
                name,
                self.span(node),
                scope,
                tuple(params),
                self.annotations(node),
                ctx.class_name if in_class else None,
            )
        )
        return ctx.new_scope(scope, keep_class=False)

    def annotations(self, node: Node) -> tuple[str, ...]:
        modifiers = self.first_named(node, "modifiers")
        names: list[str] = []
        for child in modifiers.named_children if modifiers is not None else []:
            if child.type in ("annotation", "marker_annotation"):
                name = child.child_by_field_name("name")
                if name is not None:
                    names.append("".join(self.text(name).split()))
        return tuple(names)

    def enter_class(self, node: Node, ctx: Ctx) -> Ctx:
        name_node = node.child_by_field_name("name")
        name = self.text(name_node) if name_node is not None else "<anonymous>"
        self.declared_names.add(name)
        bases: list[str] = []
        for child in node.named_children:
            if child.type == "superclass":
                bases.extend(self.type_names(child))
            elif child.type in ("super_interfaces", "extends_interfaces"):
                for type_list in child.named_children:
                    bases.extend(self.type_names(type_list))
        self.classes.append(ClassDef(name, self.span(node), tuple(bases)))
        container = (
            "interface"
            if node.type
            in (
                "interface_declaration",
                "annotation_type_declaration",
            )
            else "class"
        )
        return ctx.in_type(name, container)  # Java has no implicit receiver to reset

    def type_names(self, node: Node) -> list[str]:
        """Simple names of the types directly in ``node`` (``B<C>`` → ``B``, ``a.B`` → ``B``)."""
        names: list[str] = []
        for child in node.named_children:
            simple = self.simple_type(child)
            if simple:
                names.append(simple)
        return names

    def simple_type(self, node: Node) -> str:
        current = node
        for _ in range(MAX_CHAIN_LINKS):
            if current.type == "type_identifier":
                return self.text(current)
            if current.type == "generic_type" and current.named_child_count:
                current = current.named_children[0]
            elif current.type == "scoped_type_identifier" and current.named_child_count:
                current = current.named_children[-1]
            else:
                return ""
        return ""

    def condition_text(self, node: Node | None) -> str:
        if node is not None and node.type == "parenthesized_expression" and node.named_child_count:
            node = node.named_children[0]
        return self.text(node)

    def enter_if(self, node: Node, ctx: Ctx) -> None:
        statement_id, first_arm, base = self.else_ifs.pop(node.id, (node.start_byte, 0, ctx))
        condition = self.condition_text(node.child_by_field_name("condition"))
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        if consequence is not None:
            self.overrides[consequence.id] = base.arm(statement_id, first_arm, condition)
        if alternative is not None:
            arm_ctx = base.arm(statement_id, first_arm + 1, "!" + condition)
            self.overrides[alternative.id] = arm_ctx
            if alternative.type == "if_statement":
                # ``else if``: the same statement's next arms, not a nested statement.
                continued = replace(arm_ctx, branch=base.branch)
                self.else_ifs[alternative.id] = (statement_id, first_arm + 1, continued)

    def enter_switch(self, node: Node, ctx: Ctx) -> None:
        subject = self.condition_text(node.child_by_field_name("condition"))
        body = node.child_by_field_name("body")
        if body is None:
            return
        arms = [
            c
            for c in body.named_children
            if c.type in ("switch_block_statement_group", "switch_rule")
        ]
        for arm, group in enumerate(arms):
            labels = [self.text(c) for c in group.named_children if c.type == "switch_label"]
            guard = f"{subject}: {', '.join(labels)}"
            self.overrides[group.id] = ctx.arm(node.start_byte, arm, guard)

    # -- tree helpers ------------------------------------------------------------------------

    @staticmethod
    def first_named(node: Node, kind: str) -> Node | None:
        for child in node.named_children:
            if child.type == kind:
                return child
        return None

    def call_name_node(self, node: Node) -> Node | None:
        if node.type == "method_invocation":
            return node.child_by_field_name("name")
        if node.type == "object_creation_expression":
            type_node = node.child_by_field_name("type")
            current = type_node
            for _ in range(MAX_CHAIN_LINKS):
                if current is None or current.type == "type_identifier":
                    break
                if current.type == "generic_type" and current.named_child_count:
                    current = current.named_children[0]
                elif current.type == "scoped_type_identifier" and current.named_child_count:
                    current = current.named_children[-1]
                else:
                    break
            return current
        return node.child_by_field_name("constructor")

    def literal(self, node: Node) -> Node:
        current = node
        for _ in range(MAX_CHAIN_LINKS):
            if current.type == "parenthesized_expression" and current.named_child_count:
                current = current.named_children[0]
            elif current.type == "cast_expression":
                value = current.child_by_field_name("value")
                if value is None:
                    break
                current = value
            else:
                break
        return current

    # -- chains ------------------------------------------------------------------------------

    def type_path(self, node: Node | None) -> list[str]:
        """``a.B<C>`` → ``["a", "B"]``."""
        parts: list[str] = []
        pending = [node] if node is not None else []
        while pending and len(parts) < MAX_CHAIN_LINKS:
            current = pending.pop()
            if current.type in ("type_identifier", "identifier"):
                parts.append(self.text(current))
            elif current.type == "generic_type" and current.named_child_count:
                pending.append(current.named_children[0])
            elif current.type in ("scoped_type_identifier", "scoped_identifier"):
                pending.extend(
                    reversed([c for c in current.named_children if c.type != "annotation"])
                )
        return parts

    def chain_parts(self, node: Node) -> tuple[str, ...]:
        """The receiver chain of a call, field access or name; calls in the middle collapse.
        Chains of the calls passed on the way down are remembered, so a long chain costs
        linear time, not quadratic."""
        names: list[str] = []  # outermost name first
        passed: list[tuple[int, int]] = []  # (call node id, len(names) when reached)
        tail: tuple[str, ...] = ()
        current: Node | None = node
        for _ in range(MAX_CHAIN_LINKS):
            if current is None:
                break
            kind = current.type
            if kind == "identifier":
                names.append(self.text(current))
                break
            if kind == "method_invocation":
                remembered = self.chain_memo.get(current.id)
                if remembered is not None:
                    tail = remembered[0]
                    break
                passed.append((current.id, len(names)))
                name = current.child_by_field_name("name")
                if name is not None:
                    names.append(self.text(name))
                current = current.child_by_field_name("object")
            elif kind == "field_access":
                field = current.child_by_field_name("field")
                if field is not None:
                    names.append(self.text(field))
                current = current.child_by_field_name("object")
            elif kind == "object_creation_expression":
                names.extend(reversed(self.type_path(current.child_by_field_name("type"))))
                break
            elif kind == "explicit_constructor_invocation":
                names.append(self.text(current.child_by_field_name("constructor")))
                break
            elif kind in ("this", "super"):
                names.append(kind)
                break
            elif kind in ("parenthesized_expression", "cast_expression"):
                current = self.literal(current)
                if current.type in ("parenthesized_expression", "cast_expression"):
                    break
            elif kind == "array_access":
                current = current.child_by_field_name("array")
            elif kind == "scoped_identifier":
                names.extend(reversed(self.type_path(current)))
                break
            else:
                break
        for node_id, count in passed:
            chain = tail + tuple(n for n in reversed(names[count:]) if n)
            self.chain_memo[node_id] = (chain, False)
        return tail + tuple(name for name in reversed(names) if name)

    # -- calls and values --------------------------------------------------------------------

    def call(self, node: Node, ctx: Ctx, depth: int) -> Call:
        built = self.built_calls.get(node.id)
        if built is not None:
            return built
        arguments: list[Argument] = []
        argument_list = node.child_by_field_name("arguments")
        for argument in argument_list.named_children if argument_list is not None else []:
            if argument.type in _COMMENTS:
                continue
            arguments.append(Argument(self.value(argument, ctx, depth + 1)))
        name_node = self.call_name_node(node)
        call = Call(
            self.chain_parts(node),
            tuple(arguments),
            self.span(node),
            ctx.flow(node),
            name_span=self.span(name_node) if name_node is not None else None,
        )
        self.built_calls[node.id] = call
        return call

    def value(self, node: Node, ctx: Ctx, depth: int) -> Value:
        if depth > MAX_VALUE_DEPTH:
            return self.unknown(node)
        node = self.literal(node)
        kind = node.type
        span = self.span(node)
        if kind in _STRING_TYPES:
            return Value(ValueKind.STRING, self.string_text(node), span)
        if kind in _NUMBER_TYPES:
            text = self.text(node)
            return Value(ValueKind.NUMBER, text, span, parse_number(text, octal=True))
        if kind == "unary_expression" and self.text(node.child_by_field_name("operator")) == "-":
            operand = node.child_by_field_name("operand")
            if operand is not None and operand.type in _NUMBER_TYPES:
                number = parse_number(self.text(operand), octal=True)
                negated = -number if number is not None else None
                return Value(ValueKind.NUMBER, self.text(node), span, negated)
        if kind in ("true", "false"):
            return Value(ValueKind.BOOL, kind, span)
        if kind == "null_literal":
            return Value(ValueKind.NULL, "null", span)
        if kind in ("identifier", "field_access", "this"):
            chain = self.chain_parts(node)
            if not chain:
                return self.unknown(node)
            self.note_root(chain)
            return Value(ValueKind.NAME, ".".join(chain), span)
        if kind in ("method_invocation", "object_creation_expression"):
            return self.call_value(node, ctx, depth)
        if kind == "binary_expression":
            return self.concatenation(node, ctx, depth, _STRING_TYPES)
        if kind == "ternary_expression":
            arms = [node.child_by_field_name(f) for f in ("consequence", "alternative")]
            if arms[0] is not None and arms[1] is not None:
                # Each arm with the flow enter_ternary gives it: calls built here keep it.
                condition = self.condition_text(node.child_by_field_name("condition"))
                items = (
                    self.value(arms[0], ctx.arm(node.start_byte, 0, condition), depth + 1),
                    self.value(arms[1], ctx.arm(node.start_byte, 1, "!" + condition), depth + 1),
                )
                return Value(ValueKind.CHOICE, self.unknown(node).text, span, items=items)
        if kind == "array_creation_expression":
            initializer = node.child_by_field_name("value")
            if initializer is not None:
                return self.list_value(node, initializer.named_children, ctx, depth)
        if kind == "array_initializer":
            return self.list_value(node, node.named_children, ctx, depth)
        return self.unknown(node)

    def list_value(self, node: Node, elements: list[Node], ctx: Ctx, depth: int) -> Value:
        items = tuple(self.value(e, ctx, depth + 1) for e in elements if e.type not in _COMMENTS)
        return Value(ValueKind.LIST, self.unknown(node).text, self.span(node), items=items)

    def call_value(self, node: Node, ctx: Ctx, depth: int) -> Value:
        call = self.call(node, ctx, depth)
        if node.type == "method_invocation":
            chain = call.chain
            if chain[-2:] in _LIST_FACTORIES:
                items = tuple(argument.value for argument in call.args)
                return Value(ValueKind.LIST, self.unknown(node).text, self.span(node), items=items)
            if chain[-2:] in _MAP_FACTORIES:
                values = [argument.value for argument in call.args]
                entries = tuple(
                    (self.key(values[i]), values[i + 1]) for i in range(0, len(values) - 1, 2)
                )
                return Value(
                    ValueKind.DICT, self.unknown(node).text, self.span(node), entries=entries
                )
        return Value(ValueKind.CALL, ".".join(call.chain), self.span(node), call=call)

    @staticmethod
    def key(value: Value) -> str | None:
        if value.kind in (ValueKind.STRING, ValueKind.NUMBER, ValueKind.NAME):
            return value.text
        return None

    # -- strings -----------------------------------------------------------------------------

    def string_text(self, node: Node) -> str:
        source = self.text(node)
        if source.startswith('"""'):
            return _text_block(source)
        return _unescape(source[1:-1] if len(source) >= 2 and source.endswith('"') else source[1:])

    def content_span(self, node: Node) -> Span:
        source = self.text(node)
        row, col = node.start_point
        end_row, end_col = node.end_point
        closing = 3 if source.startswith('"""') else 1
        if source.startswith('"""'):
            body = source[3:]
            newline = body.find("\n")
            if newline >= 0:
                # Content starts on the line after the opening delimiter, after the indent.
                lines = body[newline + 1 :].split("\n")
                significant = [line for line in lines[:-1] if line.strip()] + [lines[-1]]
                indent = min((len(line) - len(line.lstrip()) for line in significant), default=0)
                start = (row + 1, indent)
            else:
                start = (row, col + 3)
        else:
            start = (row, col + 1)
        if not source.endswith('"') or len(source) < 2:
            closing = 0
        end = (end_row, max(end_col - closing, 0))
        return self.source.index.byte_span(start, end)

    def enter_return(self, node: Node, ctx: Ctx) -> None:
        returned = [c for c in node.named_children if c.type not in _COMMENTS]
        if returned:
            self.returns.append(
                Return(self.value(returned[0], ctx, 0), self.span(node), ctx.flow(node))
            )

    handlers: ClassVar[Mapping[str, Handler]] = {
        "method_invocation": enter_call_node,
        "object_creation_expression": enter_call_node,
        "explicit_constructor_invocation": enter_constructor_invocation,
        **dict.fromkeys(_STRING_TYPES, enter_string),
        **dict.fromkeys(_COMMENTS, JvmWalker.enter_comment),
        "import_declaration": JvmWalker.enter_import_node,
        "package_declaration": JvmWalker.enter_package,
        **dict.fromkeys(
            ("field_declaration", "local_variable_declaration", "constant_declaration"),
            enter_declaration,
        ),
        "assignment_expression": enter_assignment,
        "lambda_expression": enter_lambda,
        **dict.fromkeys(
            ("method_declaration", "constructor_declaration", "compact_constructor_declaration"),
            enter_method,
        ),
        "static_initializer": enter_static_initializer,
        **dict.fromkeys(_CLASS_TYPES, enter_class),
        "if_statement": enter_if,
        "return_statement": enter_return,
        "ternary_expression": enter_ternary,
        "switch_expression": enter_switch,
        "try_statement": enter_try,
        "try_with_resources_statement": enter_try,
        **dict.fromkeys(("for_statement", "while_statement", "do_statement"), enter_loop),
        "enhanced_for_statement": enter_enhanced_for,
        **dict.fromkeys(
            ("formal_parameter", "spread_parameter", "catch_formal_parameter", "resource"),
            enter_parameter,
        ),
    }
