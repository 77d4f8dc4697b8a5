"""A language, as data: which node types of its tree-sitter grammar are calls, names,
strings, branches …, and where in each node the parts are.

``brazelint.syntax.lower`` walks any tree with one of these and produces
``brazelint.facts.FileFacts``; a language module (``syntax/objc.py``, ``syntax/dart.py``)
is a ``LanguageSpec`` plus the few hooks its tables cannot say.

Parts of a node are named by a ``Pick``: a field name (``"function"``), or an index into
the node's *operands* (its named children without comments and operator nodes, with a
postfix run such as Dart's ``a.b().c`` counted as one operand). Every depth and size limit
of the lowering is ``DEPTH_LIMIT`` or derived from it, for every language alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tree_sitter import Node

from brazelint import limits
from brazelint.facts import Import, Span, Value, ValueKind
from brazelint.syntax.strings import parse_number as _parse_number

if TYPE_CHECKING:  # the hooks' argument; lower imports this module, not the other way
    from brazelint.syntax.lower import Ctx, Handler, Lowering

#: How deep values nest, how many names a chain keeps, how many branch arms, loops and
#: guards a statement's flow holds, before the rest is cut (a 10,000-deep nesting or a
#: 200,000-call chain is hostile input; nothing real comes close).
DEPTH_LIMIT = limits.VALUE_DEPTH
#: Names a call's chain keeps (its last ones), as in every frontend.
CHAIN_LIMIT = limits.CHAIN_PARTS

#: A field name, or an index into the node's operands.
Pick = str | int

#: An expression: one node, or a postfix run (a primary and the selectors after it, which
#: some grammars leave as siblings instead of nesting them).
Expr = tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class CallShape:
    """A call node: what is called (its chain is the call's) and its argument list."""

    callee: Pick | None
    arguments: Pick | None
    #: Node types in the argument list that carry a label: type → (label part, value part).
    labelled: Mapping[str, tuple[Pick, Pick]] = field(default_factory=dict)
    #: Node types in the argument list that wrap one positional argument.
    positional: frozenset[str] = frozenset()
    #: For constructors written as names (``new Foo.bar()``): the node types whose text
    #: makes the chain, read from the call's own children, when ``callee`` is None.
    name_parts: frozenset[str] = frozenset()
    #: A method call written ``receiver.name(args)`` as one node (Java): the called name's
    #: part, with ``callee`` the receiver's (None: a call with no receiver).
    name: Pick | None = None
    #: False for constructor calls whose root is a type, not a name read (``new Foo()``).
    reads_root: bool = True


@dataclass(frozen=True, slots=True)
class MemberShape:
    """``object.name``."""

    object: Pick
    name: Pick
    #: When the name part only holds the name (Swift's ``navigation_suffix`` ``.name``):
    #: where in it the name is.
    name_inner: Pick | None = None


@dataclass(frozen=True, slots=True)
class BranchShape:
    """``if``/ternary/``#if``: a condition and arms. ``arms`` are fields of the node in arm
    order; for a ternary the same shape gives the CHOICE's alternatives."""

    condition: Pick | None
    #: Empty for a grammar that names no arm: the operands but the condition are the
    #: arms, those after an ``else`` token the alternative.
    arms: tuple[str, ...]
    #: Node types that wrap an ``else`` arm (``else_clause``): the arm is their content.
    else_wrappers: frozenset[str] = frozenset()
    #: True for ``#if``-style directives: the arm is every operand but the condition and
    #: the alternative (a directive has no body node).
    directive: bool = False


@dataclass(frozen=True, slots=True)
class SwitchShape:
    """A ``switch`` (each case an arm guarded by ``subject: label``), or with no subject a
    ``try`` (the body and each ``catch`` an arm, without guards)."""

    subject: Pick | None
    #: Node types of the arms (found among the node's named children or its body's).
    cases: frozenset[str]
    body: str | None = None
    #: Node type of a case's labels (its guard is ``subject: label, label``); None: the
    #: case's text up to its first ``:``.
    labels: str | None = None


@dataclass(frozen=True, slots=True)
class BinaryShape:
    """A binary operator node. ``operator`` is a field, or None: then the operator is the
    first anonymous child or a child of ``operator_types``."""

    left: Pick
    right: Pick
    operator: str | None = None


@dataclass(frozen=True, slots=True)
class AssignShape:
    target: Pick
    value: Pick
    operator: str | None = "operator"
    #: The node types a target may be (None: any with a name); ``a[0] = v`` is no
    #: assignment when index access is not among them.
    target_types: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class DeclShape:
    """One declared name with its initial value (``int x = 1``, ``final braze = …``).
    ``name`` is followed through ``LanguageSpec.declarator_wrappers`` to an identifier."""

    name: Pick
    value: Pick | None


@dataclass(frozen=True, slots=True)
class FunctionShape:
    """A named function or method. ``body`` is a field, ``"next"`` when the body is the
    next sibling (of the node, or of its parent when that is one of
    ``LanguageSpec.signature_wrappers``), or None for a hook that finds it."""

    name: Pick | None
    parameters: Pick | None
    body: str | None
    #: Node types of one parameter, and where its name is.
    parameter_types: Mapping[str, Pick] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClassShape:
    name: Pick
    #: Parts holding the supertypes; every name of ``LanguageSpec.type_names`` in them
    #: (outside type arguments) is a base.
    bases: tuple[Pick, ...] = ()
    #: Node types among the class's children that hold more supertypes (protocol lists).
    base_lists: frozenset[str] = frozenset()
    #: Every field declared in it is a constant (Java interfaces): file level.
    constants: bool = False
    #: When set, only nodes of these types are bases (each its last name), so that an
    #: expression among the supertypes (Kotlin ``A by b``) gives none.
    base_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LoopShape:
    """A loop; ``body`` is a field, or None: every operand is in the loop but those in
    the ``before`` fields (a ``for``'s init, run once before it)."""

    body: str | None
    before: tuple[str, ...] = ()
    #: Every child is in the loop but the iterable its ``loop_headers`` hook gives (a
    #: ``for x in xs`` evaluates ``xs`` once).
    iterable_outside: bool = False


@dataclass(frozen=True, slots=True)
class StringShape:
    """A string literal whose parts are children: ``content`` text nodes, ``escape``
    nodes decoded with ``syntax.strings.decode_escape``, ``substitution`` nodes holding an
    expression (interpolation). Quote tokens are anonymous children; what lies between an
    opening and a closing quote and is no child is literal text too (adjacent literals
    ``'a' 'b'`` are one string)."""

    escape: frozenset[str] = frozenset({"escape_sequence"})
    substitution: frozenset[str] = frozenset()
    #: Node types whose text inside a substitution is an identifier (Dart ``$name``).
    substitution_names: frozenset[str] = frozenset()
    #: Raw strings (``r'…'``): an opening quote token starting with this has no escapes.
    raw_prefix: str | None = None
    #: A triple-quoted literal drops its first line when that holds only blanks.
    trim_first_line: bool = False
    #: Literals that never interpolate and whose text is a function of their source (Java's
    #: text blocks strip incidental indentation): the hook gives the text and the content
    #: span, and the parts above are not read.
    read: Callable[[Lowering, Node], tuple[str, Span]] | None = None
    #: Literals whose parts the grammar splits where the tables cannot join them (Kotlin
    #: leaves ``$name`` inside plain content): the hook gives the value, the content span
    #: and whether it interpolates.
    scan: Callable[[Lowering, Node, Ctx, int], tuple[Value, Span, bool]] | None = None


#: A postfix step of a run (see ``LanguageSpec.postfix``): ("name", the name node),
#: ("call", the argument list), ("cascade", name node, argument list or None), or
#: ("skip", None) for steps that add nothing (``!``, ``[i]``).
PostfixStep = (
    tuple[Literal["name", "call", "skip"], Node | None]
    | tuple[Literal["cascade"], Node | None, Node | None]
)

#: A call the tables cannot read (Objective-C ``[recv sel:arg key:arg]``): the receiver
#: expression (None: none), the called name's node, and the arguments with their labels.
CallParts = tuple[Node | None, Node | None, list[tuple[str | None, Node]]]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per language
class LanguageSpec:
    grammar: str
    identifiers: frozenset[str]
    #: Receiver keywords kept as the chain's root (``this``, ``self``, ``super``).
    self_names: frozenset[str] = frozenset()
    members: Mapping[str, MemberShape] = field(default_factory=dict)
    calls: Mapping[str, CallShape] = field(default_factory=dict)
    #: Calls read by a hook (a message send).
    call_hooks: Mapping[str, Callable[[Lowering, Node], CallParts]] = field(default_factory=dict)
    #: Node types looked through to the operand they wrap (parentheses, casts, ``await``,
    #: boxing ``@(…)``): type → which operand.
    wrappers: Mapping[str, Pick] = field(default_factory=dict)
    strings: Mapping[str, StringShape] = field(default_factory=dict)
    #: Adjacent string literals written as one node holding them (``@"a" @"b"``).
    string_concatenations: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    #: How a number literal of the language reads (``syntax.strings`` has one per family).
    parse_number: Callable[[str], float | None] = _parse_number
    #: Prefix operators (``-1``): a ``-`` before a number literal makes it negative.
    unary: frozenset[str] = frozenset()
    #: Literal node types: type → (kind, text).
    literals: Mapping[str, tuple[ValueKind, str]] = field(default_factory=dict)
    #: Identifiers that are literals (Objective-C ``YES``, ``nil``).
    literal_names: Mapping[str, tuple[ValueKind, str]] = field(default_factory=dict)
    lists: frozenset[str] = frozenset()
    #: Lists whose elements are in one part (Java ``new T[] {a, b}``): type → that part.
    list_parts: Mapping[str, Pick] = field(default_factory=dict)
    #: Calls that build a list of their arguments, by the last names of their chain
    #: (``("List", "of")``), and calls that build a map of alternating keys and values.
    list_factories: frozenset[tuple[str, ...]] = frozenset()
    map_factories: frozenset[tuple[str, ...]] = frozenset()
    #: Dict/map literal type → (pair type, key part, value part).
    dicts: Mapping[str, tuple[str, Pick, Pick]] = field(default_factory=dict)
    #: Binary nodes whose operators give a CHOICE (``??``, ``||``) or, with ``+ - * / %``,
    #: TEMPLATE / ARITHMETIC.
    binaries: Mapping[str, BinaryShape] = field(default_factory=dict)
    choice_operators: frozenset[str] = frozenset({"??", "||"})
    #: Named node types that are operators (Dart ``additive_operator``), never operands.
    operator_types: frozenset[str] = frozenset()
    conditionals: Mapping[str, BranchShape] = field(default_factory=dict)
    assignments: Mapping[str, AssignShape] = field(default_factory=dict)
    declarations: Mapping[str, DeclShape] = field(default_factory=dict)
    #: Declarator nodes followed to the declared name (``*p``, ``p = 1``): type → part.
    declarator_wrappers: Mapping[str, Pick] = field(default_factory=dict)
    #: Statement types whose operand is a returned value.
    returns: frozenset[str] = frozenset()
    #: Function bodies written ``=> expr``: the expression is returned.
    expression_bodies: frozenset[str] = frozenset()
    functions: Mapping[str, FunctionShape] = field(default_factory=dict)
    #: Function names the tables cannot read (an Objective-C selector): type → hook giving
    #: the name and the parameter names.
    function_names: Mapping[str, Callable[[Lowering, Node], tuple[str, list[str]]]] = field(
        default_factory=dict
    )
    signature_wrappers: frozenset[str] = frozenset()
    #: Annotations written before a function (its siblings): type → the name part.
    annotations: Mapping[str, Pick] = field(default_factory=dict)
    #: A function's first child, when of one of these types, holds its annotations (Java
    #: ``modifiers``).
    annotation_holders: frozenset[str] = frozenset()
    #: An annotation's name part of one of these types holds the name (Kotlin
    #: ``@Suppress("x")`` is a constructor invocation): type → where the name is.
    annotation_wrappers: Mapping[str, Pick] = field(default_factory=dict)
    #: Blocks that are a scope of their own but no function (a static initializer):
    #: type → the scope's name before ``@<line>``.
    scopes: Mapping[str, str] = field(default_factory=dict)
    #: Names bound that no declaration gives (a ``catch`` parameter, a resource, a record
    #: component): type → the name part.
    bindings: Mapping[str, Pick] = field(default_factory=dict)
    #: Expressions that may carry a class body of their own (``new Runnable() { … }``):
    #: type → the body's node type. Its methods belong to no named class.
    anonymous_classes: Mapping[str, str] = field(default_factory=dict)
    #: Declarations whose first operand is the file's package (``package com.x;``).
    packages: frozenset[str] = frozenset()
    #: Anonymous functions / closures: each is a scope of its own.
    lambdas: frozenset[str] = frozenset()
    #: Where a lambda's parameters are (their names are declared, not globals read).
    lambda_parameters: Mapping[str, Pick] = field(default_factory=dict)
    classes: Mapping[str, ClassShape] = field(default_factory=dict)
    type_names: frozenset[str] = frozenset()
    #: Qualified type names (``a.B``): a base is their last part.
    qualified_types: frozenset[str] = frozenset()
    #: Names never taken for a type's base (type-argument containers).
    type_argument_types: frozenset[str] = frozenset()
    ifs: Mapping[str, BranchShape] = field(default_factory=dict)
    switches: Mapping[str, SwitchShape] = field(default_factory=dict)
    loops: Mapping[str, LoopShape] = field(default_factory=dict)
    #: A loop over a collection: type → hook giving the bound name nodes and the iterable.
    loop_headers: Mapping[str, Callable[[Lowering, Node], tuple[list[Node], Expr] | None]] = field(
        default_factory=dict
    )
    imports: Mapping[str, Callable[[Lowering, Node], Iterable[Import]]] = field(
        default_factory=dict
    )
    comments: frozenset[str] = frozenset()
    #: Node types a chain passes through without a name (index access ``a[0].b()``).
    chain_through: Mapping[str, Pick] = field(default_factory=dict)
    #: Postfix runs: node types that continue the operand before them
    #: (Dart ``a`` ``.b`` ``(x)`` are siblings), and the hook that reads one step.
    postfix_types: frozenset[str] = frozenset()
    postfix: Callable[[Lowering, Node], PostfixStep] | None = None
    #: How the argument list of a postfix call step is read.
    postfix_arguments: CallShape | None = None
    #: Methods whose closure argument runs once per element (the contract's list).
    iteration_methods: frozenset[str] = frozenset(
        {"forEach", "map", "flatMap", "filter", "compactMap", "reduce", "onEach"}
    )
    #: Keyword tokens that make a class member static (file level when a constant): any of
    #: them, or with ``static_all`` all of them (Java ``static final``).
    static_keywords: frozenset[str] = frozenset({"static"})
    static_all: bool = False
    #: Children of a declaration whose tokens are its modifiers (Java ``modifiers``).
    modifier_lists: frozenset[str] = frozenset()
    #: Names in scope in every file of the language (Kotlin ``it``): never globals.
    implicit_names: frozenset[str] = frozenset()
    #: A call node that only wraps the call it holds (Kotlin ``foo(1) { … }``: the call
    #: ``foo(1)`` and its trailing lambda): the hook gives that call, or None. The wrapper
    #: is no call of its own; its chain and value are the inner call's.
    call_through: Callable[[Lowering, Node], Node | None] | None = None
    #: Inside a block with an implicit receiver (``Ctx.receiver``): a call's chain as the
    #: language reads it (the receiver prepended when the call names none).
    implicit_receiver: Callable[[Lowering, Node, tuple[str, ...], Ctx], tuple[str, ...]] | None = (
        None
    )
    #: Values the tables cannot read: type → hook giving the value, or None to let the
    #: tables read it.
    value_hooks: Mapping[str, Callable[[Lowering, Node, Ctx, int], Value | None]] = field(
        default_factory=dict
    )
    #: Handlers for what no table says (a declaration's own rules, ``when`` guards): type →
    #: ``hook(lowering, node, ctx)``, run after the tables' handlers, giving the children's
    #: context or None.
    node_hooks: Mapping[str, Handler] = field(default_factory=dict)
    #: A chain passing through a node of ``chain_through`` adds the name this hook gives
    #: for it, if any (Python ``a["k"].f()`` → ``("a", "k", "f")``): type → hook.
    chain_step_names: Mapping[str, Callable[[Lowering, Node], str | None]] = field(
        default_factory=dict
    )
    #: Chains read from their root: one whose root is no name (``"a".uppercased()``,
    #: ``{ … }()``) is empty instead of the names read before it, and a call deep in a
    #: chain cut at ``DEPTH_LIMIT`` reads its own instead of what the cut walk left it.
    whole_chains: bool = False
    #: Calls in the order the walk meets them (a chain's outermost call first) instead of
    #: by the position of their names.
    calls_in_walk_order: bool = False
