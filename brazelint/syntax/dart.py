"""Dart and Flutter (``.dart``), tree-sitter-dart.

The grammar leaves a postfix expression as siblings (``braze`` ``.changeUser`` ``(x)``):
those runs are read by ``_postfix``, one step at a time, and a step with arguments is a
call. Cascades (``braze..changeUser(a)..logCustomEvent(b)``) call each method on the
receiver.

Decisions the contract leaves open:

- ``import 'package:braze_plugin/braze_plugin.dart';`` brings every public name into scope:
  ``Import("braze_plugin.braze_plugin", "*", None)`` (a package URI as a dotted module,
  package first; ``dart:`` and relative URIs as written); ``as b`` gives the alias ``"b"``;
  ``show A, B`` gives one ``Import(module, "A", "A")`` per name.
- Named arguments (``setEmail(email: x)``) are labelled arguments.
- A function's body (a sibling of its signature in this grammar) is its scope; an
  expression body ``=> expr`` is a Return.
- Top-level declarations and ``static`` members are file level.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from brazelint.facts import FileFacts, Import, ValueKind
from brazelint.languages import Language
from brazelint.syntax.lower import Lowering, lower
from brazelint.syntax.spec import (
    AssignShape,
    BinaryShape,
    BranchShape,
    CallShape,
    ClassShape,
    DeclShape,
    Expr,
    FunctionShape,
    LanguageSpec,
    LoopShape,
    PostfixStep,
    StringShape,
    SwitchShape,
)

_NAME_SELECTORS = frozenset(
    {"unconditional_assignable_selector", "conditional_assignable_selector"}
)


def _first_of(node: Node | None, kinds: frozenset[str] | str) -> Node | None:
    if node is None:
        return None
    # named_child(i), not named_children: the binding keeps a node's children list alive
    # with the node, and a 200,000-step run would keep them all.
    for index in range(node.named_child_count):
        child = node.named_child(index)
        if child is not None and child.type in kinds:
            return child
    return None


def _postfix(lowering: Lowering, node: Node) -> PostfixStep:
    """One step of a postfix run: ``.name`` / ``?.name``, ``(args)``, ``..name(args)``;
    ``!`` and ``[i]`` add nothing."""
    kind = node.type
    if kind == "selector":
        inner = node.named_child(0)
        if inner is None:
            return ("skip", None)
        if inner.type == "argument_part":
            return ("call", _first_of(inner, "arguments"))
        node, kind = inner, inner.type
    if kind in _NAME_SELECTORS:
        return ("name", _first_of(node, "identifier"))
    if kind == "cascade_section":
        name = _first_of(_first_of(node, "cascade_selector"), "identifier")
        return ("cascade", name, _first_of(_first_of(node, "argument_part"), "arguments"))
    return ("skip", None)


def _module(uri: str) -> str:
    """``package:braze_plugin/braze_plugin.dart`` → ``braze_plugin.braze_plugin``: a package
    import as a dotted module path, the package first (as Python's and Kotlin's are, so a
    module is matched by its package the same way in every language). ``dart:async`` and
    relative paths (``src/events.dart``) stay as written."""
    if not uri.startswith("package:"):
        return uri
    path = uri.removeprefix("package:").removesuffix(".dart")
    return ".".join(part for part in path.split("/") if part)


def _import(lowering: Lowering, node: Node) -> Iterator[Import]:
    uri = _first_of(_first_of(node, "configurable_uri"), "uri")
    literal = _first_of(uri, "string_literal")
    if literal is None:
        return
    text = lowering.text(literal)
    module = _module(text.lstrip("r").strip("'\""))
    span = lowering.span(node)
    alias_node = None
    shown: list[str] = []
    after_as = False
    for child in node.children:
        if not child.is_named:
            after_as = child.type == "as"
            continue
        if child.type == "identifier" and after_as:
            alias_node = child
        elif child.type == "combinator" and lowering.text(child).startswith("show"):
            shown += [lowering.text(c) for c in child.named_children if c.type == "identifier"]
    alias = lowering.text(alias_node) if alias_node is not None else None
    if shown and alias is None:
        for name in shown:
            yield Import(module, name, name, span)
    else:
        yield Import(module, "*", alias, span)


def _for_in(lowering: Lowering, node: Node) -> tuple[list[Node], Expr] | None:
    parts = _first_of(node, "for_loop_parts")
    if parts is None:
        return None
    name = parts.child_by_field_name("name")
    iterable = lowering.pick(parts, "value")
    if name is None or iterable is None:
        return None
    return [name], iterable


_ARGUMENTS = CallShape(
    callee=None,
    arguments=None,
    labelled={"named_argument": (0, 1)},
    positional=frozenset({"argument"}),
)
_CONSTRUCTOR = CallShape(
    callee=None,
    arguments=-1,
    labelled=_ARGUMENTS.labelled,
    positional=_ARGUMENTS.positional,
    name_parts=frozenset({"type_identifier", "identifier"}),
)
_SIGNATURE = FunctionShape(
    name="name",
    parameters="formal_parameter_list",
    body="next",
    parameter_types={"formal_parameter": -1, "constructor_param": -1},
)

SPEC = LanguageSpec(
    grammar="dart",
    identifiers=frozenset({"identifier", "type_identifier"}),
    self_names=frozenset({"this", "super"}),
    calls={"new_expression": _CONSTRUCTOR, "const_object_expression": _CONSTRUCTOR},
    postfix_types=frozenset({"selector", "cascade_section", *_NAME_SELECTORS}),
    postfix=_postfix,
    postfix_arguments=_ARGUMENTS,
    wrappers={
        "parenthesized_expression": 0,
        "assignable_expression": 0,
        "type_cast_expression": 0,
        "await_expression": 0,
    },
    strings={
        "string_literal": StringShape(
            substitution=frozenset({"template_substitution"}),
            substitution_names=frozenset({"identifier_dollar_escaped"}),
            raw_prefix="r",
            trim_first_line=True,
        )
    },
    numbers=frozenset(
        {"decimal_integer_literal", "hex_integer_literal", "decimal_floating_point_literal"}
    ),
    unary=frozenset({"unary_expression"}),
    literals={
        "true": (ValueKind.BOOL, "true"),
        "false": (ValueKind.BOOL, "false"),
        "null_literal": (ValueKind.NULL, "null"),
    },
    lists=frozenset({"list_literal"}),
    dicts={"set_or_map_literal": ("pair", "key", "value")},
    binaries={
        "if_null_expression": BinaryShape(left=0, right=1),
        "additive_expression": BinaryShape(left=0, right=1),
        "multiplicative_expression": BinaryShape(left=0, right=1),
    },
    # Dart's ``||`` takes and gives bools only: the fallback is ``??``.
    choice_operators=frozenset({"??"}),
    operator_types=frozenset({"additive_operator", "multiplicative_operator"}),
    conditionals={
        "conditional_expression": BranchShape(condition=0, arms=("consequence", "alternative"))
    },
    assignments={"assignment_expression": AssignShape(target="left", value="right")},
    declarations={
        "initialized_variable_definition": DeclShape(name="name", value="value"),
        "initialized_identifier": DeclShape(name=0, value=1),
        "static_final_declaration": DeclShape(name=0, value=1),
    },
    returns=frozenset({"return_statement"}),
    expression_bodies=frozenset({"function_body", "function_expression_body"}),
    functions={
        "function_signature": _SIGNATURE,
        "getter_signature": _SIGNATURE,
        "setter_signature": _SIGNATURE,
        "constructor_signature": _SIGNATURE,
        "factory_constructor_signature": _SIGNATURE,
    },
    signature_wrappers=frozenset({"method_signature"}),
    annotations={"annotation": "name"},
    lambdas=frozenset({"function_expression"}),
    lambda_parameters={"function_expression": "parameters"},
    classes={
        "class_definition": ClassShape(name="name", bases=("superclass", "interfaces")),
        "mixin_declaration": ClassShape(name=0, bases=("interfaces",)),
        "enum_declaration": ClassShape(name="name"),
        "extension_declaration": ClassShape(name="name"),
    },
    type_names=frozenset({"type_identifier"}),
    type_argument_types=frozenset({"type_arguments"}),
    ifs={"if_statement": BranchShape(condition=0, arms=("consequence", "alternative"))},
    switches={
        "switch_statement": SwitchShape(
            subject="condition",
            cases=frozenset({"switch_statement_case", "switch_statement_default"}),
            body="body",
        ),
        # The body and each catch's block (a sibling of its catch_clause) are the arms.
        "try_statement": SwitchShape(subject=None, cases=frozenset({"block"})),
    },
    loops={
        "for_statement": LoopShape(body="body"),
        "while_statement": LoopShape(body="body"),
        "do_statement": LoopShape(body="body"),
    },
    loop_headers={"for_statement": _for_in},
    imports={"import_specification": _import},
    comments=frozenset({"comment", "documentation_comment"}),
    iteration_methods=frozenset(
        {"forEach", "map", "where", "expand", "fold", "reduce", "any", "every"}
    ),
)


def parse(path: str, text: str, language: Language) -> FileFacts:
    return lower(SPEC, path, text, language)
