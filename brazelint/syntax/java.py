"""Java (``.java``), tree-sitter-java.

Decisions the contract leaves open:

- ``new X.Y(…)`` is a call with chain ``("X", "Y")``; ``super(…)`` / ``this(…)`` constructor
  calls have the chain ``("super",)`` / ``("this",)``; an index on the way is passed
  through (``a[0].b()`` → ``("a", "b")``).
- ``if`` / ``else if`` / ``else`` share one id (arms 0, 1, 2, …); each ``switch`` group or
  rule is an arm guarded by ``subject: case 1, case 2``; a ``try`` is arm 0 and each
  ``catch`` the next (only when there is a catch).
- ``for`` loops cover condition, update and body (not the init); enhanced ``for`` covers
  the body only and is a ``Loop`` over the collection.
- Fields are file-level when ``static final`` (interface fields always are).
- Text blocks have their incidental indentation removed, as ``javac`` does.
- ``List.of`` / ``Set.of`` / ``Arrays.asList`` / ``Collections.singletonList`` are LISTs of
  their arguments, ``Map.of(k, v, …)`` a DICT.
- Methods of an anonymous class (``new Runnable() { … }``) belong to no named class.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from brazelint.facts import FileFacts, Import, Span, ValueKind
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
    MemberShape,
    StringShape,
    SwitchShape,
)
from brazelint.syntax.strings import (
    decode_java,
    java_text_block,
    parse_java_number,
    text_block_indent,
)

#: A closure passed to one of these runs once per element (Kotlin's and Java's names).
JVM_ITERATION_METHODS = frozenset(
    {
        "forEach",
        "map",
        "flatMap",
        "filter",
        "compactMap",
        "reduce",
        "onEach",
        "forEachIndexed",
        "mapIndexed",
        "mapNotNull",
        "fold",
    }
)


def jvm_import(path: str, *, wildcard: bool, alias: str | None, span: Span) -> Import:
    """``com.braze.Braze`` → ``Import("com.braze", "Braze", "Braze")``; a wildcard import of
    ``a.b`` → ``Import("a.b", "*", None)``; an alias replaces the bound name."""
    path = "".join(path.split())  # qualified names may be written across lines
    if wildcard:
        return Import(path, "*", alias, span)
    module, _, name = path.rpartition(".")
    return Import(module, name, alias if alias is not None else name, span)


def _import(lowering: Lowering, node: Node) -> Iterator[Import]:
    path = next(
        (c for c in node.named_children if c.type in ("scoped_identifier", "identifier")), None
    )
    if path is None:
        return
    wildcard = any(c.type == "asterisk" for c in node.named_children)
    yield jvm_import(lowering.text(path), wildcard=wildcard, alias=None, span=lowering.span(node))


def _string(lowering: Lowering, node: Node) -> tuple[str, Span]:
    """A literal's text and where its content starts and ends (a text block's content
    starts on the line after its opening delimiter, after the incidental indentation)."""
    source = lowering.text(node)
    row, col = node.start_point
    end_row, end_col = node.end_point
    block = source.startswith('"""')
    if block:
        text = java_text_block(source)
        newline = source.find("\n", 3)
        if newline >= 0:
            start = (row + 1, text_block_indent(source[newline + 1 :].split("\n")))
        else:
            start = (row, col + 3)
    else:
        body = source[1:-1] if len(source) >= 2 and source.endswith('"') else source[1:]
        text = decode_java(body)
        start = (row, col + 1)
    closing = (3 if block else 1) if len(source) >= 2 and source.endswith('"') else 0
    end = (end_row, max(end_col - closing, 0))
    return text, lowering.source.index.byte_span(start, end)


def _enhanced_for(lowering: Lowering, node: Node) -> tuple[list[Node], Expr] | None:
    """``for (T x : xs)``: the bound name and the collection."""
    name = node.child_by_field_name("name")
    iterable = lowering.pick(node, "value")
    if name is None or iterable is None:
        return None
    return [name], iterable


_TRY = SwitchShape(subject=None, cases=frozenset({"block", "catch_clause"}))
_METHOD = FunctionShape(
    name="name",
    parameters="parameters",
    body="body",
    parameter_types={"formal_parameter": "name", "spread_parameter": -1},
)
_BASES = frozenset({"superclass", "super_interfaces", "extends_interfaces"})

SPEC = LanguageSpec(
    grammar="java",
    identifiers=frozenset({"identifier", "type_identifier"}),
    self_names=frozenset({"this", "super"}),
    members={
        "field_access": MemberShape(object="object", name="field"),
        "scoped_type_identifier": MemberShape(object=0, name=-1),
    },
    calls={
        "method_invocation": CallShape(callee="object", arguments="arguments", name="name"),
        "object_creation_expression": CallShape(
            callee="type", arguments="arguments", reads_root=False
        ),
        "explicit_constructor_invocation": CallShape(callee="constructor", arguments="arguments"),
    },
    wrappers={"parenthesized_expression": 0, "cast_expression": "value", "generic_type": 0},
    chain_through={"array_access": "array"},
    strings={"string_literal": StringShape(read=_string)},
    numbers=frozenset(
        {
            "decimal_integer_literal",
            "hex_integer_literal",
            "octal_integer_literal",
            "binary_integer_literal",
            "decimal_floating_point_literal",
            "hex_floating_point_literal",
        }
    ),
    parse_number=parse_java_number,
    unary=frozenset({"unary_expression"}),
    literals={
        "true": (ValueKind.BOOL, "true"),
        "false": (ValueKind.BOOL, "false"),
        "null_literal": (ValueKind.NULL, "null"),
    },
    lists=frozenset({"array_initializer"}),
    list_parts={"array_creation_expression": "value"},
    list_factories=frozenset(
        {("List", "of"), ("Set", "of"), ("Arrays", "asList"), ("Collections", "singletonList")}
    ),
    map_factories=frozenset({("Map", "of")}),
    binaries={"binary_expression": BinaryShape(left="left", right="right", operator="operator")},
    # Java's ``||`` takes and gives booleans only: there is no fallback operator.
    choice_operators=frozenset(),
    conditionals={
        "ternary_expression": BranchShape(
            condition="condition", arms=("consequence", "alternative")
        )
    },
    assignments={
        "assignment_expression": AssignShape(
            target="left",
            value="right",
            target_types=frozenset({"identifier", "field_access"}),
        )
    },
    declarations={"variable_declarator": DeclShape(name="name", value="value")},
    declarator_wrappers={"variable_declarator": "name"},
    returns=frozenset({"return_statement"}),
    functions={
        "method_declaration": _METHOD,
        "constructor_declaration": _METHOD,
        "compact_constructor_declaration": _METHOD,
    },
    annotations={"annotation": "name", "marker_annotation": "name"},
    annotation_holders=frozenset({"modifiers"}),
    scopes={"static_initializer": "static"},
    bindings={
        "formal_parameter": "name",
        "spread_parameter": -1,
        "catch_formal_parameter": "name",
        "resource": "name",
    },
    anonymous_classes={"object_creation_expression": "class_body"},
    packages=frozenset({"package_declaration"}),
    lambdas=frozenset({"lambda_expression"}),
    lambda_parameters={"lambda_expression": "parameters"},
    classes={
        "class_declaration": ClassShape(name="name", base_lists=_BASES),
        "enum_declaration": ClassShape(name="name", base_lists=_BASES),
        "record_declaration": ClassShape(name="name", base_lists=_BASES),
        "interface_declaration": ClassShape(name="name", base_lists=_BASES, constants=True),
        "annotation_type_declaration": ClassShape(name="name", constants=True),
    },
    type_names=frozenset({"type_identifier"}),
    qualified_types=frozenset({"scoped_type_identifier"}),
    type_argument_types=frozenset({"type_arguments"}),
    ifs={"if_statement": BranchShape(condition="condition", arms=("consequence", "alternative"))},
    switches={
        "switch_expression": SwitchShape(
            subject="condition",
            cases=frozenset({"switch_block_statement_group", "switch_rule"}),
            body="body",
            labels="switch_label",
        ),
        "try_statement": _TRY,
        "try_with_resources_statement": _TRY,
    },
    loops={
        "for_statement": LoopShape(body=None, before=("init",)),
        "while_statement": LoopShape(body=None),
        "do_statement": LoopShape(body=None),
        "enhanced_for_statement": LoopShape(body="body"),
    },
    loop_headers={"enhanced_for_statement": _enhanced_for},
    imports={"import_declaration": _import},
    comments=frozenset({"line_comment", "block_comment"}),
    iteration_methods=JVM_ITERATION_METHODS,
    static_keywords=frozenset({"static", "final"}),
    static_all=True,
    modifier_lists=frozenset({"modifiers"}),
)


def parse(path: str, text: str, language: Language) -> FileFacts:
    return lower(SPEC, path, text, language)
