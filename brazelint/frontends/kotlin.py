"""Kotlin frontend (tree-sitter-kotlin). See docs/frontend-contract.md for the shapes.

Grammar notes that shaped this code (tree_sitter_kotlin 1.1):
- ``true``/``false``/``null`` are plain ``identifier`` nodes;
- a trailing lambda after parentheses (``foo(1) { }``, ``with(x) { }``) is a
  ``call_expression`` wrapping the call ``foo(1)`` plus an ``annotated_lambda``; the wrapper is
  not a second call;
- in ordinary strings a ``$name`` template is *not* an ``interpolation`` node but split
  ``string_content`` pieces (``"$"``, ``"name …"``), and ``\\uXXXX`` is split the same way, so
  string contents are re-scanned here.

Decisions the contract leaves open (kept here so that they can be checked):

- ``calls`` are ordered by the position of the called name, so a chain reads outermost
  receiver first (``Builder()``, ``setApiKey``, ``build``); ``Flow.order`` is still the call
  node's start offset, as the contract says.
- A member access whose receiver contains calls is a ``NAME`` with the calls collapsed
  (``Braze.getInstance(c).currentUser`` → ``Braze.getInstance.currentUser``).
- Scope-function prefixing applies to ``x.apply {}``, ``x.run {}`` and ``with(x) {}`` (not
  ``let``/``also``, whose receiver is ``it``); nested lambdas keep the prefix, named
  functions and classes drop it. ``this.f()`` inside such a block keeps ``this`` as its root.
- ``if`` / ``else if`` / ``else`` share one id (arms 0, 1, 2, …); the condition of an
  ``else if`` sits in the arm it opens. Each ``when`` entry is an arm (guard
  ``"<subject> == <conditions>"``, ``"<subject> else"``). ``try`` is arm 0 and each ``catch``
  the next (only when there is a catch).
- ``for`` loops cover everything but the iterated collection; ``while`` / ``do`` cover their
  condition too. Branch paths and loops stop growing 100 levels deep.
- Lambdas keep the guards of the code they are written in (a callback inside
  ``if (BuildConfig.DEBUG)`` is still debug-only); branch paths and loops reset.
- ``val``s in a ``companion object`` or a named ``object`` are file-level; so is every
  top-level property. Getters, setters and ``init`` blocks open scopes ``get@<line>``,
  ``set@<line>``, ``init@<line>`` but are not ``FunctionDef``s; secondary constructors are
  ``FunctionDef("constructor")``.
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
    Piece,
    parse_number,
    split_import,
)
from brazelint.frontends.positions import offset_in
from brazelint.languages import Language

_STRING_TYPES = frozenset({"string_literal", "multiline_string_literal"})
_LIST_FUNCTIONS = frozenset(
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
_MAP_FUNCTIONS = frozenset({"mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "bundleOf"})
#: Scope functions whose block gets the receiver as ``this``.
_RECEIVER_SCOPE_FUNCTIONS = frozenset({"apply", "run"})
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "'": "'", '"': '"', "\\": "\\", "$": "$"}
#: In string content: a ``$name`` template, a ``\\uXXXX`` escape, or another escape.
_CONTENT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)|\\u([0-9A-Fa-f]{4})|\\(.)", re.DOTALL)
_RAW_CONTENT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
#: Map keys written as these become string keys (``"a" to 1``, ``1 to x``, ``KEY to x``).
_KEY_KINDS = frozenset({ValueKind.STRING, ValueKind.NUMBER, ValueKind.NAME})
_COMMENTS = frozenset({"line_comment", "block_comment"})
#: Names that are in scope in every Kotlin file, so never "globals".
_IMPLICIT_NAMES = frozenset({"it", "field", "true", "false", "null"})
#: Scope names of getters, setters and ``init`` blocks.
_ACCESSOR_LABELS = {"anonymous_initializer": "init", "getter": "get", "setter": "set"}


def parse(path: str, text: str, language: Language) -> FileFacts:
    return _KotlinWalker(path, text, language).run()


def _is_lambda_wrapper(named_children: list[Node]) -> bool:
    """Whether a call_expression with these named children is ``foo(1) { … }``: the call
    ``foo(1)`` wrapped with its trailing lambdas."""
    return (
        len(named_children) >= 2
        and named_children[0].type == "call_expression"
        and all(c.type == "annotated_lambda" for c in named_children[1:])
    )


def _decode_escape(sequence: str) -> str:
    if sequence.startswith("\\u") and len(sequence) == 6:
        try:
            return chr(int(sequence[2:], 16))
        except ValueError:
            return sequence
    return _ESCAPES.get(sequence[1:], sequence)


class _KotlinWalker(JvmWalker):
    def __init__(self, path: str, text: str, language: Language) -> None:
        super().__init__(path, text, language, "kotlin")
        self.declared_names |= _IMPLICIT_NAMES
        #: if_expression ids that continue an ``else if`` chain → (chain id, first arm, base ctx).
        self.else_ifs: dict[int, tuple[int, int, Ctx]] = {}

    # -- the walk (see JvmWalker.handlers; the table is at the end of the class) -------------

    def enter_string(self, node: Node, ctx: Ctx) -> None:
        pieces = self.string_pieces(node, ctx, 0)
        value = self.template(node, pieces)
        self.add_string(
            node, ctx, value.text, self.content_span(node), value.kind is ValueKind.TEMPLATE
        )

    def enter_lambda(self, node: Node, ctx: Ctx) -> Ctx:
        scope = self.lambda_scopes.pop(node.id, None)
        if scope is None:
            return ctx.new_scope(self.lambda_scope(node), closure=True, keep_class=False)
        return scope  # made by enter_call, already without the class

    def enter_anonymous_function(self, node: Node, ctx: Ctx) -> Ctx:
        return ctx.new_scope(self.lambda_scope(node), closure=True, keep_class=False)

    def enter_secondary_constructor(self, node: Node, ctx: Ctx) -> Ctx:
        return self.enter_function(node, ctx, name="constructor")

    def enter_accessor(self, node: Node, ctx: Ctx) -> Ctx:
        label = _ACCESSOR_LABELS[node.type]
        return ctx.new_scope(f"{label}@{self.line(node)}", keep_class=False)

    def enter_companion(self, node: Node, ctx: Ctx) -> Ctx:
        return ctx.in_type(ctx.class_name, "companion")

    def enter_object_literal(self, node: Node, ctx: Ctx) -> Ctx:
        return ctx.in_type(None, "class")

    def enter_try(self, node: Node, ctx: Ctx) -> None:
        # Only a try with a catch branches (the finally block always runs).
        if any(child.type == "catch_block" for child in node.named_children):
            arm = 0
            for child in node.named_children:
                if child.type in ("block", "catch_block"):
                    self.overrides[child.id] = ctx.arm(node.start_byte, arm)
                    arm += 1

    def enter_while(self, node: Node, ctx: Ctx) -> None:
        looped = ctx.in_loop(self.line(node))
        for child in node.named_children:
            self.overrides[child.id] = looped

    def enter_declaring(self, node: Node, ctx: Ctx) -> None:
        name = self.first_named(node, "identifier")
        if name is not None:
            self.declared_names.add(self.text(name))

    def enter_call(self, node: Node, ctx: Ctx) -> None:
        named = node.named_children  # built anew on each access, so read once
        if not named:
            return
        callee = named[0]
        call_node = node
        if _is_lambda_wrapper(named):
            # ``foo(1) { … }``: the inner call_expression is the call; the lambda is its block.
            call_node = callee
        else:
            call = self.call(node, ctx, 0)
            name_node = self.name_node(callee)
            self.add_call(call, node, name_node)
            self.note_root(self.raw_chain(callee))
        lambdas = [
            self.first_named(child, "lambda_literal")
            for child in named
            if child.type == "annotated_lambda"
        ]
        arguments = self.first_named(call_node, "value_arguments")
        if arguments is not None:
            for argument in arguments.named_children:
                expression = argument.named_children[-1] if argument.named_child_count else None
                if expression is not None and expression.type == "lambda_literal":
                    lambdas.append(expression)
        if not lambdas:
            return
        method_callee = call_node.named_children[0]
        method_name_node = self.name_node(method_callee)
        method = self.text(method_name_node) if method_name_node is not None else ""
        for lambda_node in lambdas:
            if lambda_node is None:
                continue
            loops: tuple[str, ...] = ()
            if method in ITERATION_METHODS and method_name_node is not None:
                loops = (f"iter:{method}@{self.line(method_name_node)}",)
            # The class is dropped here rather than when the lambda is entered.
            scope = ctx.new_scope(
                self.lambda_scope(lambda_node), loops, closure=True, keep_class=False
            )
            receiver = self.scope_receiver(call_node, method, ctx)
            if receiver:
                scope = scope.with_prefix(receiver)
            self.lambda_scopes[lambda_node.id] = scope

    def scope_receiver(self, call_node: Node, method: str, ctx: Ctx) -> tuple[str, ...]:
        """The implicit receiver a scope-function block gets: ``x`` in ``x.apply { }``,
        ``x.run { }`` and ``with(x) { }`` (empty when there is none or it has no name)."""
        callee = call_node.named_children[0]
        if method in _RECEIVER_SCOPE_FUNCTIONS and callee.type == "navigation_expression":
            return self.chain(callee.named_children[0], ctx)
        if method == "with" and callee.type == "identifier":
            arguments = self.first_named(call_node, "value_arguments")
            if arguments is not None and arguments.named_child_count:
                first = arguments.named_children[0]
                if first.named_child_count:
                    return self.chain(first.named_children[-1], ctx)
        return ()

    def enter_import(self, node: Node) -> None:
        path_node = self.first_named(node, "qualified_identifier") or self.first_named(
            node, "identifier"
        )
        if path_node is None:
            return
        wildcard = any(child.type == "*" for child in node.children)
        alias_node = None
        seen_as = False
        for child in node.children:
            if child.type == "as":
                seen_as = True
            elif seen_as and child.type == "identifier":
                alias_node = child
        alias = self.text(alias_node) if alias_node is not None else None
        item = split_import(
            self.text(path_node), wildcard=wildcard, alias=alias, span=self.span(node)
        )
        self.imports.append(item)
        if item.alias:
            self.declared_names.add(item.alias)

    def enter_property(self, node: Node, ctx: Ctx) -> None:
        declaration = self.first_named(node, "variable_declaration")
        if declaration is None:
            return  # destructuring (``val (a, b) = …``) is skipped
        name = self.first_named(declaration, "identifier")
        value_node = self.after_token(node, "=")
        if name is None or value_node is None:
            return
        is_val = any(child.type == "val" for child in node.children)
        file_level = ctx.container == "file" or (
            ctx.container in ("companion", "object") and is_val
        )
        self.assignments.append(
            Assignment(
                (self.text(name),),
                self.value(value_node, ctx, 0),
                self.span(node),
                ctx.flow(node),
                file_level,
            )
        )

    def enter_assignment(self, node: Node, ctx: Ctx) -> None:
        if self.text(node.child_by_field_name("operator")) != "=":
            return  # ``x += 1`` does not give x a value we can read
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        if left.type not in ("identifier", "navigation_expression", "this_expression"):
            return  # ``a[0] = v`` has no name to record
        target = self.chain(left, ctx)
        if left.type == "identifier" and ctx.prefix:
            target = ctx.prefix + target  # a property of the scope function's receiver
        if not target:
            return
        self.assignments.append(
            Assignment(
                target,
                self.value(right, ctx, 0),
                self.span(node),
                ctx.flow(node),
                ctx.container == "file",
            )
        )

    def enter_function(self, node: Node, ctx: Ctx, name: str | None = None) -> Ctx:
        if name is None:
            name_node = node.child_by_field_name("name") or self.first_named(node, "identifier")
            name = self.text(name_node) if name_node is not None else "<anonymous>"
        self.declared_names.add(name)
        scope = f"{name}@{self.line(node)}"
        params: list[str] = []
        parameters = self.first_named(node, "function_value_parameters")
        if parameters is not None:
            for parameter in parameters.named_children:
                if parameter.type == "parameter":
                    identifier = self.first_named(parameter, "identifier")
                    if identifier is not None:
                        params.append(self.text(identifier))
        in_class = ctx.container in ("class", "companion", "object", "interface")
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
        if modifiers is None:
            return ()
        names: list[str] = []
        for annotation in modifiers.named_children:
            if annotation.type != "annotation":
                continue
            target = self.first_named(annotation, "constructor_invocation") or annotation
            user_type = self.first_named(target, "user_type")
            if user_type is not None:
                names.append(self.type_name(user_type, simple=False))
        return tuple(names)

    def type_name(self, user_type: Node, *, simple: bool) -> str:
        parts = [self.text(c) for c in user_type.named_children if c.type == "identifier"]
        if not parts:
            return self.text(user_type)
        return parts[-1] if simple else ".".join(parts)

    def enter_class(self, node: Node, ctx: Ctx) -> Ctx:
        name_node = node.child_by_field_name("name") or self.first_named(node, "identifier")
        name = self.text(name_node) if name_node is not None else "<anonymous>"
        self.declared_names.add(name)
        bases: list[str] = []
        specifiers = self.first_named(node, "delegation_specifiers")
        if specifiers is not None:
            for specifier in specifiers.named_children:
                target = specifier.named_children[0] if specifier.named_child_count else None
                if target is not None and target.type in (
                    "constructor_invocation",
                    "explicit_delegation",
                ):
                    target = self.first_named(target, "user_type")
                if target is not None and target.type == "user_type":
                    bases.append(self.type_name(target, simple=True))
        self.classes.append(ClassDef(name, self.span(node), tuple(bases)))
        is_interface = any(child.type == "interface" for child in node.children)
        if node.type == "object_declaration":
            container = "object"
        elif is_interface:
            container = "interface"
        else:
            container = "class"
        return ctx.in_type(name, container)

    def enter_when(self, node: Node, ctx: Ctx) -> None:
        subject_node = self.first_named(node, "when_subject")
        subject = ""
        if subject_node is not None and subject_node.named_child_count:
            subject = self.text(subject_node.named_children[-1])
        entries = [c for c in node.named_children if c.type == "when_entry"]
        for arm, entry in enumerate(entries):
            conditions = [
                self.text(c)
                for i, c in enumerate(entry.children)
                if entry.field_name_for_child(i) == "condition"
            ]
            case = ", ".join(conditions) if conditions else "else"
            guard = f"{subject} == {case}" if subject and conditions else case
            if subject and not conditions:
                guard = f"{subject} else"
            self.overrides[entry.id] = ctx.arm(node.start_byte, arm, guard)

    def enter_if(self, node: Node, ctx: Ctx) -> None:
        statement_id, first_arm, base = self.else_ifs.pop(node.id, (node.start_byte, 0, ctx))
        condition = node.child_by_field_name("condition")
        condition_text = self.text(condition)
        seen_else = False
        for child in node.children:
            if child.type == "else":
                seen_else = True
                continue
            if not child.is_named or child.type in _COMMENTS:
                continue
            if condition is not None and child.id == condition.id:
                continue
            arm = first_arm + (1 if seen_else else 0)
            guard = "!" + condition_text if seen_else else condition_text
            arm_ctx = base.arm(statement_id, arm, guard)
            self.overrides[child.id] = arm_ctx
            if seen_else and child.type == "if_expression":
                # ``else if``: the same statement's next arms, not a nested statement. Its own
                # arms add to the guards of this arm but not to the branch path.
                self.else_ifs[child.id] = (statement_id, arm, replace(arm_ctx, branch=base.branch))

    def enter_for(self, node: Node, ctx: Ctx) -> None:
        looped = ctx.in_loop(self.line(node))
        iterable = self.after_token(node, "in")
        for child in node.named_children:
            if iterable is None or child.id != iterable.id:
                self.overrides[child.id] = looped
            if child.type == "variable_declaration":
                name = self.first_named(child, "identifier")
                if name is not None:
                    self.declared_names.add(self.text(name))

    # -- small tree helpers ------------------------------------------------------------------

    @staticmethod
    def first_named(node: Node, kind: str) -> Node | None:
        for child in node.named_children:
            if child.type == kind:
                return child
        return None

    @staticmethod
    def after_token(node: Node, token: str) -> Node | None:
        """The first named child after the anonymous ``token`` child."""
        seen = False
        for child in node.children:
            if seen and child.is_named and child.type not in _COMMENTS:
                return child
            if child.type == token and not child.is_named:
                seen = True
        return None

    def is_lambda_wrapper(self, node: Node) -> bool:
        return _is_lambda_wrapper(node.named_children)

    def name_node(self, callee: Node) -> Node | None:
        if callee.type == "identifier":
            return callee
        if callee.type == "navigation_expression" and callee.named_child_count >= 2:
            last = callee.named_children[-1]
            return last if last.type == "identifier" else None
        return None

    def literal(self, node: Node) -> Node:
        current = node
        for _ in range(MAX_CHAIN_LINKS):
            if current.type == "parenthesized_expression" and current.named_child_count:
                current = current.named_children[0]
            elif current.type == "unary_expression" and self.is_not_null(current):
                argument = current.child_by_field_name("argument")
                if argument is None:
                    break
                current = argument
            elif current.type == "as_expression":
                left = current.child_by_field_name("left")
                if left is None:
                    break
                current = left
            else:
                break
        return current

    def is_not_null(self, node: Node) -> bool:
        return self.text(node.child_by_field_name("operator")) == "!!"

    # -- chains ------------------------------------------------------------------------------

    def raw_chain(self, node: Node) -> tuple[str, ...]:
        return self.chain_parts(node)[0]

    def chain(self, node: Node, ctx: Ctx) -> tuple[str, ...]:
        """The receiver chain of ``node`` with the scope function's receiver prepended when
        its root is a call with no explicit receiver."""
        names, bare_call = self.chain_parts(node)
        if bare_call and ctx.prefix:
            return ctx.prefix + names
        return names

    def chain_parts(self, node: Node) -> tuple[tuple[str, ...], bool]:
        """(chain, whether the root is a call of a bare name). Calls in the middle collapse;
        ``?.``, ``!!`` and parentheses are looked through. Chains of the calls passed on the
        way down are remembered, so a long chain costs linear time, not quadratic."""
        names: list[str] = []  # outermost name first
        passed: list[tuple[int, int]] = []  # (call node id, len(names) when reached)
        tail: tuple[tuple[str, ...], bool] = ((), False)
        current: Node | None = node
        cut = False
        # A link is one or two nodes (a call, then its navigation), so the walk may take a
        # few steps per name; it stops once the chain holds all the names it keeps.
        for _ in range(4 * MAX_CHAIN_LINKS):
            if current is None:
                break
            if len(names) >= MAX_CHAIN_LINKS:
                cut = True
                break
            kind = current.type
            if kind == "identifier":
                text = self.text(current)
                if text:
                    names.append(text)
                break
            if kind == "navigation_expression":
                count = current.named_child_count
                last = current.named_child(count - 1) if count >= 2 else None
                if last is None or last.type != "identifier":
                    break
                names.append(self.text(last))
                current = current.named_child(0)
            elif kind == "call_expression":
                remembered = self.chain_memo.get(current.id)
                if remembered is not None:
                    tail = remembered
                    break
                passed.append((current.id, len(names)))
                current = current.named_child(0)
                if current is not None and current.type == "identifier":
                    names.append(self.text(current))
                    tail = ((), True)
                    break
            elif kind == "this_expression":
                names.append("this")
                break
            elif kind == "super_expression":
                names.append("super")
                break
            elif kind in ("index_expression", "parenthesized_expression"):
                current = current.named_child(0)
            elif kind == "unary_expression" and self.is_not_null(current):
                current = current.child_by_field_name("argument")
            else:
                break
        chain_tail, bare_call = tail
        bare_call = bare_call and bool(chain_tail or names)
        if not cut:  # a cut walk did not reach the root the calls passed on the way have
            for node_id, count in passed:
                self.chain_memo[node_id] = (
                    (chain_tail + tuple(reversed(names[count:])))[-MAX_CHAIN_LINKS:],
                    bare_call,
                )
        return (chain_tail + tuple(reversed(names)))[-MAX_CHAIN_LINKS:], bare_call

    # -- calls and values --------------------------------------------------------------------

    def call(self, node: Node, ctx: Ctx, depth: int) -> Call:
        built = self.built_calls.get(node.id)
        if built is not None:
            return built
        named = node.named_children  # built anew on each access, so read once
        callee = named[0]
        arguments: list[Argument] = []
        argument_list = next((c for c in named if c.type == "value_arguments"), None)
        if argument_list is not None:
            for argument in argument_list.named_children:
                if argument.type != "value_argument":
                    continue
                parts = argument.named_children
                if not parts:
                    continue
                expression = parts[-1]
                label = None
                first = parts[0]
                if first.type == "identifier" and any(c.type == "=" for c in argument.children):
                    label = self.text(first)
                arguments.append(Argument(self.value(expression, ctx, depth + 1), label))
        name_node = self.name_node(callee)
        call = Call(
            self.chain(node, ctx),
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
        if kind in _STRING_TYPES:
            return self.template(node, self.string_pieces(node, ctx, depth))
        if kind in ("number_literal", "float_literal"):
            text = self.text(node)
            return Value(ValueKind.NUMBER, text, self.span(node), parse_number(text, octal=False))
        if kind == "unary_expression" and self.text(node.child_by_field_name("operator")) == "-":
            argument = node.child_by_field_name("argument")
            if argument is not None and argument.type in ("number_literal", "float_literal"):
                text = self.text(node)
                number = parse_number(self.text(argument), octal=False)
                negated = -number if number is not None else None
                return Value(ValueKind.NUMBER, text, self.span(node), negated)
        if kind == "identifier":
            text = self.text(node)
            if text in ("true", "false"):
                return Value(ValueKind.BOOL, text, self.span(node))
            if text == "null":
                return Value(ValueKind.NULL, text, self.span(node))
            self.read_names.add(text)
            return Value(ValueKind.NAME, text, self.span(node))
        if kind in ("navigation_expression", "this_expression"):
            chain = self.raw_chain(node)
            if chain and not self.text(node).endswith("::class"):
                self.note_root(chain)
                return Value(ValueKind.NAME, ".".join(chain), self.span(node))
            return self.unknown(node)
        if kind == "call_expression":
            return self.call_value(node, ctx, depth)
        if kind == "binary_expression":
            return self.elvis(node, ctx, depth) or self.concatenation(
                node, ctx, depth, _STRING_TYPES
            )
        if kind == "if_expression":
            arms = [
                child
                for child in node.named_children
                if child.type not in _COMMENTS
                and child.id != getattr(node.child_by_field_name("condition"), "id", None)
            ]
            if len(arms) == 2 and any(c.type == "else" for c in node.children):
                # Each arm with the flow enter_if gives it: calls built here keep it.
                condition = self.text(node.child_by_field_name("condition"))
                guards = (condition, "!" + condition)
                items = tuple(
                    self.value(arm, ctx.arm(node.start_byte, index, guards[index]), depth + 1)
                    for index, arm in enumerate(arms)
                )
                return Value(ValueKind.CHOICE, self.excerpt(node), self.span(node), items=items)
        if kind == "collection_literal":
            items = tuple(self.value(c, ctx, depth + 1) for c in node.named_children)
            return Value(ValueKind.LIST, self.excerpt(node), self.span(node), items=items)
        return self.unknown(node)

    def excerpt(self, node: Node) -> str:
        return self.unknown(node).text

    def elvis(self, node: Node, ctx: Ctx, depth: int) -> Value | None:
        """``a ?: b ?: c`` as a CHOICE of its operands."""
        operands: list[Node] = []
        current = node
        while current.type == "binary_expression":
            operator = current.child_by_field_name("operator")
            left = current.child_by_field_name("left")
            right = current.child_by_field_name("right")
            if operator is None or operator.type != "?:" or left is None or right is None:
                break
            operands.append(right)
            current = self.literal(left)
        if current is node:
            return None
        operands.append(current)
        items = tuple(self.value(o, ctx, depth + 1) for o in reversed(operands))
        return Value(ValueKind.CHOICE, self.excerpt(node), self.span(node), items=items)

    def enter_return(self, node: Node, ctx: Ctx) -> None:
        returned = [c for c in node.named_children if c.type not in _COMMENTS]
        if returned and self.text(node).startswith("return"):
            self.returns.append(
                Return(self.value(returned[0], ctx, 0), self.span(node), ctx.flow(node))
            )

    def enter_function_body(self, node: Node, ctx: Ctx) -> None:
        expression = [c for c in node.named_children if c.type not in _COMMENTS]
        if len(expression) == 1 and expression[0].type != "block":
            body = expression[0]
            self.returns.append(Return(self.value(body, ctx, 0), self.span(body), ctx.flow(body)))

    def call_value(self, node: Node, ctx: Ctx, depth: int) -> Value:
        if self.is_lambda_wrapper(node):
            node = node.named_children[0]
        callee = node.named_children[0]
        call = self.call(node, ctx, depth)
        name = self.text(callee) if callee.type == "identifier" else ""
        if name in _LIST_FUNCTIONS:
            items = tuple(argument.value for argument in call.args)
            return Value(ValueKind.LIST, self.excerpt(node), self.span(node), items=items)
        if name in _MAP_FUNCTIONS:
            return self.map_value(node, ctx, depth)
        return Value(ValueKind.CALL, ".".join(self.raw_chain(callee)), self.span(node), call=call)

    def map_value(self, node: Node, ctx: Ctx, depth: int) -> Value:
        """``mapOf("a" to 1, Pair(k, v))`` → DICT; other arguments are skipped."""
        entries: list[tuple[str | None, Value]] = []
        argument_list = self.first_named(node, "value_arguments")
        for argument in argument_list.named_children if argument_list is not None else []:
            if not argument.named_child_count:
                continue
            expression = self.literal(argument.named_children[-1])
            pair: tuple[Node, Node] | None = None
            children = expression.named_children
            if (
                expression.type == "infix_expression"
                and len(children) == 3
                and self.text(children[1]) == "to"
            ):
                pair = (children[0], children[2])
            elif expression.type == "call_expression" and self.text(children[0]) == "Pair":
                pair_arguments = self.first_named(expression, "value_arguments")
                inner = pair_arguments.named_children if pair_arguments is not None else []
                if len(inner) == 2 and all(i.named_child_count for i in inner):
                    pair = (inner[0].named_children[-1], inner[1].named_children[-1])
            if pair is None:
                continue
            key_value = self.value(pair[0], ctx, depth + 1)
            key = key_value.text if key_value.kind in _KEY_KINDS else None
            entries.append((key, self.value(pair[1], ctx, depth + 1)))
        return Value(ValueKind.DICT, self.excerpt(node), self.span(node), entries=tuple(entries))

    # -- strings -----------------------------------------------------------------------------

    def content_span(self, node: Node) -> Span:
        children = node.children
        opening = children[0] if children else node
        closing = children[-1] if len(children) > 1 else node
        start = opening.end_point if opening is not node else node.start_point
        end = closing.start_point if closing is not node else node.end_point
        return self.source.index.byte_span(start, end)

    def string_pieces(self, node: Node, ctx: Ctx, depth: int) -> list[Piece]:
        raw = node.type == "multiline_string_literal"
        pieces: list[Piece] = []
        run: list[Node] = []  # adjacent string_content nodes, scanned together

        def flush() -> None:
            if run:
                pieces.extend(self.content_pieces(run, raw))
                run.clear()

        for child in node.children:
            kind = child.type
            if kind == "string_content":
                if run and run[-1].end_byte != child.start_byte:
                    flush()
                run.append(child)
            elif kind == "escape_sequence":
                flush()
                pieces.append(Piece(_decode_escape(self.text(child)), self.span(child)))
            elif kind == "interpolation":
                flush()
                expression = child.named_children[-1] if child.named_child_count else None
                if expression is None:
                    continue
                value = self.value(expression, ctx, depth + 1)
                pieces.append(Piece(self.text(expression).strip(), value.span, value))
        flush()
        return pieces

    def content_pieces(self, run: list[Node], raw: bool) -> list[Piece]:
        """Literal text and ``$name`` templates in adjacent string_content nodes."""
        text = "".join(self.text(node) for node in run)
        start = self.span(run[0])
        pattern = _RAW_CONTENT if raw else _CONTENT
        pieces: list[Piece] = []
        literal: list[str] = []
        literal_start = 0
        position = 0

        def point(offset: int) -> tuple[int, int]:
            return offset_in(start, text, offset)

        def literal_piece(end: int) -> None:
            if literal:
                line, col = point(literal_start)
                end_line, end_col = point(end)
                pieces.append(Piece("".join(literal), Span(line, col, end_line, end_col)))
                literal.clear()

        for match in pattern.finditer(text):
            if not literal:
                literal_start = position
            literal.append(text[position : match.start()])
            position = match.end()
            if match.group(1) is None:
                literal.append(_decode_escape(match.group(0)))
                continue
            literal_piece(match.start())
            name = match.group(1)
            line, col = point(match.start(1))
            end_line, end_col = point(match.end(1))
            span = Span(line, col, end_line, end_col)
            self.read_names.add(name)
            pieces.append(Piece(name, span, Value(ValueKind.NAME, name, span)))
        if position < len(text):
            if not literal:
                literal_start = position
            literal.append(text[position:])
        literal_piece(len(text))
        return [piece for piece in pieces if piece.value is not None or piece.text]

    handlers: ClassVar[Mapping[str, Handler]] = {
        "call_expression": enter_call,
        **dict.fromkeys(_STRING_TYPES, enter_string),
        **dict.fromkeys(_COMMENTS, JvmWalker.enter_comment),
        "import": JvmWalker.enter_import_node,
        "package_header": JvmWalker.enter_package,
        "property_declaration": enter_property,
        "assignment": enter_assignment,
        "lambda_literal": enter_lambda,
        "anonymous_function": enter_anonymous_function,
        "function_declaration": enter_function,
        "secondary_constructor": enter_secondary_constructor,
        **dict.fromkeys(_ACCESSOR_LABELS, enter_accessor),
        "class_declaration": enter_class,
        "object_declaration": enter_class,
        "companion_object": enter_companion,
        "object_literal": enter_object_literal,
        "if_expression": enter_if,
        "return_expression": enter_return,
        "jump_expression": enter_return,
        "function_body": enter_function_body,
        "when_expression": enter_when,
        "try_expression": enter_try,
        "for_statement": enter_for,
        "while_statement": enter_while,
        "do_while_statement": enter_while,
        **dict.fromkeys(
            ("parameter", "class_parameter", "variable_declaration", "catch_block"),
            enter_declaring,
        ),
    }
