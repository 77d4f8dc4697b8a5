"""Objective-C (``.m``) and Objective-C++ (``.mm``), tree-sitter-objc.

Decisions the contract leaves open:

- A message send ``[recv sel:a key:b]`` is a call named by its first selector part
  (``sel``) with the arguments in order, the first unlabelled and each later one labelled
  by its selector part (``key``); ``[[Appboy sharedInstance] changeUser:x]`` has the chain
  ``("Appboy", "sharedInstance", "changeUser")``. Dot syntax (``Braze.sharedInstance.user``)
  is member access; ``obj.prop = x`` is an assignment.
- A method's ``FunctionDef.name`` is its selector (``application:didFinishLaunchingWithOptions:``),
  its ``params`` the parameter names.
- ``#import <BrazeKit/BrazeKit.h>`` → ``Import("BrazeKit", "BrazeKit.h", None)`` (the framework
  is the module), ``#import "Appboy.h"`` → ``Import("Appboy.h", None, None)``, ``@import
  BrazeKit;`` → ``Import("BrazeKit", None, None)``.
- ``#if``/``#ifdef``/``#ifndef`` arms are branch arms whose guard is the directive's
  condition (``DEBUG``, ``!DEBUG`` in the ``#else``).
- ``.mm`` files are Objective-C++, which the grammar does not cover: what parses is read,
  and syntax errors are not reported (they would be the C++ parts).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tree_sitter import Node

from brazelint.facts import FileFacts, Import, Span, ValueKind
from brazelint.languages import Language
from brazelint.syntax.lower import Lowering, lower
from brazelint.syntax.spec import (
    AssignShape,
    BinaryShape,
    BranchShape,
    CallParts,
    CallShape,
    ClassShape,
    DeclShape,
    Expr,
    LanguageSpec,
    LoopShape,
    MemberShape,
    StringShape,
    SwitchShape,
)


def _message(lowering: Lowering, node: Node) -> CallParts:
    """``[receiver first:a second:b, c]``: the receiver, the first selector part and the
    arguments, each labelled by the selector part before it (the first unlabelled)."""
    receiver = node.child_by_field_name("receiver")
    name: Node | None = None
    label: str | None = None
    arguments: list[tuple[str | None, Node]] = []
    for index, child in enumerate(node.children):
        if not child.is_named or child == receiver or child.type == "comment":
            continue
        if node.field_name_for_child(index) == "method":
            if name is None:
                name = child
            else:
                label = lowering.text(child)
            continue
        arguments.append((label if arguments else None, child))
    return receiver, name, arguments


def _selector(lowering: Lowering, node: Node) -> tuple[str, list[str]]:
    """A method's selector (``application:didFinishLaunchingWithOptions:``) and its
    parameter names."""
    parts: list[str] = []
    params: list[str] = []
    for child in node.named_children:
        if child.type == "identifier":
            parts.append(lowering.text(child))
        elif child.type == "method_parameter":
            names = [c for c in child.named_children if c.type == "identifier"]
            if names:
                params.append(lowering.text(names[-1]))
            if parts:
                parts[-1] += ":"
    return "".join(parts) or "<anonymous>", params


def _c_function(lowering: Lowering, node: Node) -> tuple[str, list[str]]:
    """A C function's name and parameter names (``void f(int a, char *b)``)."""
    declarator = node.child_by_field_name("declarator")
    for _ in range(8):  # pointer declarators around the function declarator
        if declarator is None or declarator.type == "function_declarator":
            break
        declarator = declarator.child_by_field_name("declarator")
    if declarator is None:
        return "<anonymous>", []
    name = lowering.declared_name(declarator.child_by_field_name("declarator"))
    params: list[str] = []
    parameters = declarator.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else ():
        if parameter.type == "parameter_declaration":
            found = lowering.declared_name(parameter.child_by_field_name("declarator"))
            if found is not None:
                params.append(found)
    return name or "<anonymous>", params


def _include(lowering: Lowering, node: Node) -> Iterator[Import]:
    path = node.child_by_field_name("path")
    if path is None:
        return
    text = lowering.text(path).strip()
    # The directive's node ends after its line break; the import ends with its path.
    start, end = lowering.span(node), lowering.span(path)
    span = Span(start.line, start.col, end.end_line, end.end_col)
    if text.startswith("<") and text.endswith(">"):
        framework, _, header = text[1:-1].strip().partition("/")
        yield Import(framework, header or None, None, span)
    elif len(text) >= 2 and text[0] == '"':
        yield Import(text[1:-1], None, None, span)


def _module_import(lowering: Lowering, node: Node) -> Iterator[Import]:
    path = node.child_by_field_name("path")
    if path is not None:
        yield Import("".join(lowering.text(path).split()), None, None, lowering.span(node))


def _for_in(lowering: Lowering, node: Node) -> tuple[list[Node], Expr] | None:
    """``for (id item in items)``: the bound name and the collection."""
    children = node.children
    for index, child in enumerate(children):
        if not child.is_named and child.type == "in":
            before = [
                c
                for c in children[:index]
                if c.is_named and c.type in ("identifier", "pointer_declarator")
            ]
            after = next((c for c in children[index + 1 :] if c.is_named), None)
            if after is None:
                return None
            return before[-1:], lowering.expr(after)
    return None


_STRING = StringShape()

SPEC = LanguageSpec(
    grammar="objc",
    identifiers=frozenset({"identifier", "field_identifier", "type_identifier"}),
    self_names=frozenset({"self", "super"}),
    members={"field_expression": MemberShape(object="argument", name="field")},
    calls={"call_expression": CallShape(callee="function", arguments="arguments")},
    call_hooks={"message_expression": _message},
    wrappers={
        "parenthesized_expression": 0,
        "cast_expression": "value",
        "at_expression": 0,  # boxing: @1, @YES, @(x)
        "comma_expression": -1,
    },
    strings={"string_literal": _STRING},
    string_concatenations=frozenset({"concatenated_string"}),
    numbers=frozenset({"number_literal"}),
    unary=frozenset({"unary_expression"}),
    literals={
        "true": (ValueKind.BOOL, "true"),
        "false": (ValueKind.BOOL, "false"),
        "null": (ValueKind.NULL, "nil"),
        "nil": (ValueKind.NULL, "nil"),
    },
    literal_names={
        "YES": (ValueKind.BOOL, "true"),
        "NO": (ValueKind.BOOL, "false"),
        "nil": (ValueKind.NULL, "nil"),
        "Nil": (ValueKind.NULL, "nil"),
        "NULL": (ValueKind.NULL, "nil"),
    },
    lists=frozenset({"array_literal"}),
    dicts={"dictionary_literal": ("dictionary_pair", 0, 1)},
    binaries={"binary_expression": BinaryShape(left="left", right="right", operator="operator")},
    # C's ``||`` gives 0 or 1, never an operand: the fallback is ``a ?: b``.
    choice_operators=frozenset(),
    conditionals={
        "conditional_expression": BranchShape(
            condition="condition", arms=("consequence", "alternative")
        )
    },
    assignments={"assignment_expression": AssignShape(target="left", value="right")},
    declarations={"init_declarator": DeclShape(name="declarator", value="value")},
    declarator_wrappers={
        "pointer_declarator": "declarator",
        "array_declarator": "declarator",
        "block_pointer_declarator": "declarator",
        "parenthesized_declarator": 0,
    },
    returns=frozenset({"return_statement"}),
    function_names={"method_definition": _selector, "function_definition": _c_function},
    lambdas=frozenset({"block_literal"}),
    classes={
        "class_interface": ClassShape(
            name=0,
            bases=("superclass",),
            base_lists=frozenset({"parameterized_arguments", "protocol_reference_list"}),
        ),
        "class_implementation": ClassShape(name=0, bases=("superclass",)),
        "protocol_declaration": ClassShape(
            name=0, base_lists=frozenset({"protocol_reference_list"})
        ),
    },
    type_names=frozenset({"type_identifier"}),
    ifs={
        "if_statement": BranchShape(
            condition="condition",
            arms=("consequence", "alternative"),
            else_wrappers=frozenset({"else_clause"}),
        ),
        "preproc_if": BranchShape(condition="condition", arms=("alternative",), directive=True),
        "preproc_elif": BranchShape(condition="condition", arms=("alternative",), directive=True),
        "preproc_ifdef": BranchShape(condition="name", arms=("alternative",), directive=True),
        "preproc_elifdef": BranchShape(condition="name", arms=("alternative",), directive=True),
    },
    switches={
        "switch_statement": SwitchShape(
            subject="condition", cases=frozenset({"case_statement"}), body="body"
        ),
        "try_statement": SwitchShape(
            subject=None, cases=frozenset({"compound_statement", "catch_clause"})
        ),
    },
    loops={
        "for_statement": LoopShape(body=None),
        "while_statement": LoopShape(body="body"),
        "do_statement": LoopShape(body="body"),
    },
    loop_headers={"for_statement": _for_in},
    imports={"preproc_include": _include, "module_import": _module_import},
    comments=frozenset({"comment"}),
    iteration_methods=frozenset(
        {"enumerateObjectsUsingBlock", "enumerateKeysAndObjectsUsingBlock", "forEach", "map"}
    ),
)


def parse(path: str, text: str, language: Language) -> FileFacts:
    facts = lower(SPEC, path, text, language)
    if path.lower().endswith(".mm") and facts.problems:
        # Objective-C++: the grammar cannot read the C++ parts; they are not mistakes.
        kept = tuple(p for p in facts.problems if p.message != "syntax error")
        facts = replace(facts, problems=kept)
    return facts
