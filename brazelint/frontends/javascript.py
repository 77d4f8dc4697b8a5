"""JavaScript, TypeScript and TSX frontend (tree-sitter).

``.jsx`` files arrive as JAVASCRIPT: the javascript grammar parses JSX. The tree is walked
once, iteratively; flow (scope, branch arms, loops) is tracked with an explicit stack of
saved states that is unwound when the node that changed it is left. Value building is
recursive but depth-capped (``MAX_VALUE_DEPTH``), so deeply nested input cannot exhaust the
Python stack.

Decisions the contract leaves open, written down here:

- A template literal without ``${}`` substitutions is a STRING value (it is certainly one
  string); its ``StringLiteral`` still has ``is_template=True``.
- Unary minus on a number literal (``-1``) is a NUMBER.
- ``export … from "m"`` binds no local name, so its imports have ``alias=None``.
- ``require("m")`` / ``import("m")`` not assigned to a name give ``Import("m", None, None)``;
  ``const y = require("m").x`` gives ``Import("m", "x", "y")``.
- Augmented assignments (``x += 1``) are not assignments (their value is not the new value).
- Class fields are assignments: ``static KEY = v`` → target ``(Class, "KEY")`` (file level
  when the class is), instance ``key = v`` → ``("this", "key")``.
- Functions assigned to something get that something's name, following JavaScript's own
  name inference (variables, object keys, class fields) plus member assignments
  (``exports.handler = () => {}`` → ``handler``). ``FunctionDef.scope`` is the function's own
  scope string (what ``Flow.scope`` says inside it); ``class_name`` is set for methods and
  class fields only.
- Calls are listed in walk order: an outer call before the calls inside it
  (``braze.getUser().setEmail(e)`` → ``setEmail`` then ``getUser``), as ``Flow.order``
  (the start offset) sorts them. A call nested more than ``MAX_VALUE_DEPTH`` levels inside
  another call's arguments is recorded as it was built there (its deepest arguments may be
  UNKNOWN): rebuilding it would make deep nesting quadratic.
- Flow: ``if`` / ``else if`` / ``else`` share one id (the outermost ``if``) with arms 0, 1,
  2, …; an ``else if`` condition sits in the arm it opens. ``try`` is arm 0 and ``catch``
  arm 1; ``finally`` is in neither. A ``for (init; cond; step)`` loop covers cond, step and
  body; ``for … of/in`` covers the body only. Branch, loop and guard paths stop growing at
  ``MAX_NESTING``.
- Guards: an ``if`` arm adds its condition without the parentheses (``!`` + condition in
  ``else``; an ``else if`` also carries the ``!`` of the arms before it); a ``switch`` case
  adds ``"<subject> == <case>"`` (``"<subject> default"``); ternaries like ``if``. Arrow
  functions and function expressions keep the guards they are written under (a callback
  inside ``if (__DEV__)`` only exists there); named functions and methods reset them.
- ``xs.map(x => v)`` (an arrow or function expression returning one expression) is a
  COMPREHENSION value (element ``v``, collection ``xs``); the call is still recorded in
  ``calls``. ``+ - * / %`` with no string operand is ARITHMETIC. ``...spread`` in an
  object literal is an entry with key None. ``for … of/in`` headers are ``Loop`` facts and
  every number literal a ``NumberLiteral``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple, cast

from tree_sitter import Node

from brazelint import limits
from brazelint.facts import (
    Argument,
    Assignment,
    Call,
    ClassDef,
    Comment,
    FileFacts,
    Flow,
    FunctionDef,
    Import,
    Loop,
    NumberLiteral,
    ParseProblem,
    Return,
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.frontends import treesitter as ts
from brazelint.frontends.chains import ChainPaths, ChainStep, Path
from brazelint.frontends.collector import FactsCollector
from brazelint.languages import Language

#: Values nested deeper than this become UNKNOWN (keeps value building's recursion bounded).
MAX_VALUE_DEPTH = limits.VALUE_DEPTH

#: Branch paths, guards and loops stop growing at this depth (thousands of nested ``if``s
#: would otherwise cost quadratic time and memory in the flows).
MAX_NESTING = limits.NESTING

#: Flow.guards entries are cut to this many characters (the contract's limit).
MAX_GUARD = limits.GUARD_TEXT

#: Collection methods whose callback runs once per element.
ITER_METHODS = frozenset({"forEach", "map", "flatMap", "filter", "compactMap", "reduce", "onEach"})

_GRAMMAR = {
    Language.JAVASCRIPT: "javascript",
    Language.TYPESCRIPT: "typescript",
    Language.TSX: "tsx",
}

_FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",  # older javascript grammars name function expressions this way
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_CLOSURE_TYPES = frozenset(
    {"function_expression", "function", "generator_function", "arrow_function"}
)
_CLASS_TYPES = frozenset({"class_declaration", "abstract_class_declaration", "class"})
_FIELD_TYPES = frozenset({"public_field_definition", "field_definition"})
#: Wrappers that do not change a value: looked through everywhere.
_TRANSPARENT = frozenset(
    {
        "parenthesized_expression",
        "await_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
_NAME_TYPES = frozenset(
    {
        "identifier",
        "property_identifier",
        "private_property_identifier",
        "shorthand_property_identifier",
    }
)
_STRING_TYPES = frozenset({"string", "template_string"})
_JSX_ELEMENTS = frozenset(
    {"jsx_opening_element", "jsx_closing_element", "jsx_self_closing_element"}
)

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class _State(NamedTuple):
    """The flow context of the node being walked (immutable; replaced, never changed)."""

    scope: str = "<module>"
    branch: tuple[str, ...] = ()
    loops: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()

    def arm(self, statement_id: int, arm: int, *guards: str) -> _State:
        if len(self.branch) >= MAX_NESTING:
            return self
        return self._replace(
            branch=(*self.branch, f"{statement_id}:{arm}"),
            guards=(*self.guards, *(_guard_text(guard) for guard in guards)),
        )

    def guarded(self, *guards: str) -> _State:
        if len(self.guards) >= MAX_NESTING:
            return self
        return self._replace(guards=(*self.guards, *(_guard_text(guard) for guard in guards)))

    def in_loop(self, label: str) -> _State:
        if len(self.loops) >= MAX_NESTING:
            return self
        return self._replace(loops=(*self.loops, label))


def _guard_text(text: str) -> str:
    """A condition's source text on one line, cut to ``MAX_GUARD`` characters."""
    return " ".join(text.split())[:MAX_GUARD]


def parse(path: str, text: str, language: Language) -> FileFacts:
    """Facts for one JavaScript / TypeScript / TSX file. Never raises on bad input."""
    grammar = _GRAMMAR.get(language, "javascript")
    try:
        source = ts.parse_source(grammar, text, _tolerated)
        if source.problems and source.tree is not None and language is Language.JAVASCRIPT:
            # Flow-typed JavaScript (`type Props = {…}`, `(p: Props): void`) is not
            # JavaScript to the javascript grammar; the TSX grammar reads its annotations
            # (and JSX). Whichever tree has fewer errors is the file.
            typed = ts.parse_source("tsx", text, _tolerated)
            if typed.tree is not None and len(typed.problems) < len(source.problems):
                source, grammar = typed, "tsx"
    except Exception as error:  # a broken grammar wheel must not take the whole run down
        return FileFacts(path, language, problems=(ParseProblem(f"parser unavailable: {error}"),))
    if source.tree is None:
        return FileFacts(path, language, problems=tuple(source.problems))
    extractor = _Extractor(source)
    extractor.run(_dispatch(grammar))
    return extractor.freeze(path, language, source.problems + extractor.problems)


# --- small helpers on nodes ------------------------------------------------------------------


def _tolerated(node: Node) -> bool:
    """A generic tagged template (``styled.View<{ a?: boolean }>`…```, valid TypeScript
    since 2.9): the typescript grammars build the right call, with the template as its
    argument, but through a ``non_null_expression`` whose ``!`` they mark MISSING."""
    parent = node.parent
    if not node.is_missing or node.type != "!" or parent is None:
        return False
    if parent.type != "non_null_expression" or parent.named_child_count < 1:
        return False
    inner = parent.named_children[0]
    call = parent.parent
    return (
        inner.type == "instantiation_expression"
        and call is not None
        and call.type == "call_expression"
        and (arguments := call.child_by_field_name("arguments")) is not None
        and arguments.type == "template_string"
    )


#: The chains of the calls ``_required_module`` can accept.
_IMPORT_CHAINS = frozenset({("require",), ("import",)})

#: Arithmetic operators (tree-sitter node types) that make an ARITHMETIC value.
_ARITHMETIC = frozenset({"+", "-", "*", "/", "%"})
#: Operators whose value is one operand or the other (``facts.ValueKind.CHOICE``).
_FALLBACKS = frozenset({"||", "??"})


def _returned_expression(function: Node) -> Node | None:
    """What a callback returns when that is one expression: the body of ``x => expr`` or
    the value of the only ``return`` statement in a block body."""
    body = function.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    statements = _named(body)
    if len(statements) != 1 or statements[0].type != "return_statement":
        return None
    returned = _named(statements[0])
    return returned[0] if returned else None


def _named(node: Node) -> list[Node]:
    """Named children without comments (comments can sit anywhere as extras)."""
    return [child for child in node.named_children if child.type != "comment"]


def _unwrap(node: Node) -> Node:
    """Look through parentheses, ``await``, ``as``, ``satisfies``, ``!`` and ``<T>x``."""
    while node.type in _TRANSPARENT:
        children = _named(node)
        if not children:
            break
        # ``<T>x`` puts the type first; every other wrapper puts the expression first.
        node = children[-1] if node.type == "type_assertion" else children[0]
    return node


def _decode_escape(sequence: str) -> str:
    body = sequence[1:]
    if not body:
        return ""
    first = body[0]
    try:
        if first in "\r\n\u2028\u2029":
            return ""  # a line continuation
        if first == "x" and len(body) == 3:
            return chr(int(body[1:], 16))
        if first == "u":
            digits = body[2:-1] if body.startswith("u{") else body[1:5]
            return chr(int(digits, 16))
        if first in _SIMPLE_ESCAPES and len(body) == 1:
            return _SIMPLE_ESCAPES[first]
        if first.isdigit():
            return chr(int(body, 8))  # legacy octal escape
    except ValueError:
        return body
    return body


_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_surrogates(text: str) -> str:
    """Join surrogate pairs written as two ``\\u`` escapes into one character."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return text


def _number(text: str) -> float | None:
    digits = text.replace("_", "").removesuffix("n")
    try:
        if digits[:2].lower() in ("0x", "0o", "0b"):
            return float(int(digits, 0))
        return float(digits)
    except ValueError:
        return None


class _Extractor(FactsCollector):
    def __init__(self, source: ts.Source) -> None:
        super().__init__()
        self.source = source
        self.data = source.data
        self.problems: list[ParseProblem] = []

        self.state = _State()
        #: (node id, state before that node changed it); unwound when the node is left.
        self._saved: list[tuple[int, _State]] = []
        #: The state a node gets when it is entered (arms of branches, loop bodies), computed
        #: by the statement that owns it.
        self._pending: dict[int, _State] = {}
        #: ``else if`` continuations: inner if → (outer statement id, its arm, base state).
        self._else_ifs: dict[int, tuple[int, int, _State]] = {}
        #: iter:<method>@<line> labels for closures passed to iteration methods.
        self._iter_closures: dict[int, str] = {}
        #: Roots of declaration patterns (names, parameters, import clauses) and how many of
        #: them enclose the current node.
        self._declaration_roots: set[int] = set()
        self._declaration_depth = 0
        #: Nodes whose identifiers are not reads (JSX tag names).
        self._ignored_roots: set[int] = set()
        self._ignored_depth = 0
        #: require()/import() calls already turned into imports by their declaration.
        self._handled_requires: set[int] = set()
        #: Calls already built as part of an enclosing call's or assignment's value; the walker
        #: reuses them instead of building them again (keeps deep nesting linear). Past
        #: ``MAX_VALUE_DEPTH`` levels of nesting such a call may carry UNKNOWN arguments.
        self._call_memo: dict[int, Call] = {}
        #: While a ``.map`` callback's value is built: the calls it adds to ``_call_memo``.
        self._memo_log: list[int] | None = None
        #: The current node and its ancestors (tree-sitter's ``Node.parent`` costs O(depth)).
        self._stack: list[Node] = []
        #: Decorator names seen in a class body, waiting for the member they decorate.
        self._member_decorators: dict[int, list[str]] = {}
        self._span_memo: dict[int, Span] = {}
        #: ``chain()`` of callees already walked as part of an enclosing call's chain.
        self._chain_paths = ChainPaths()

    # --- walking ---------------------------------------------------------------------------

    def run(self, dispatch: dict[int, _Handler | None]) -> None:
        """Walk the tree once; ``dispatch`` is ``_dispatch()`` of the tree's grammar."""
        tree = self.source.tree
        assert tree is not None  # parse() returns early without a tree
        # ``ts.walk`` with the enter and leave steps inlined: this loop runs once per node
        # (hundreds of thousands per run), so generator and method-call overhead dominated.
        cursor = tree.root_node.walk()
        stack = self._stack
        pending = self._pending
        saved = self._saved
        declaration_roots = self._declaration_roots
        ignored_roots = self._ignored_roots
        node = tree.root_node
        while True:
            pushed = False
            handler = dispatch.get(node.kind_id, _ANONYMOUS)
            named = handler is not _ANONYMOUS
            if named or node.child_count:
                # Entering. Anonymous leaves (punctuation, keywords; about half the nodes)
                # skip this: nothing is dispatched for them and nothing is walked below
                # them, so pushing and popping their state would change nothing.
                node_id = node.id
                stack.append(node)
                if pending:
                    state = pending.pop(node_id, None)
                    if state is not None:
                        saved.append((node_id, self.state))
                        self.state = state
                if node_id in declaration_roots:
                    self._declaration_depth += 1
                if node_id in ignored_roots:
                    self._ignored_depth += 1
                if named and handler is not None:
                    try:
                        handler(self, node)
                    except Exception as error:  # one odd node must not lose the file
                        self.problems.append(
                            ParseProblem(f"could not read {node.type}: {error!r}", self._span(node))
                        )
                if cursor.goto_first_child():
                    node = cursor.node  # type: ignore[assignment]  # a child exists
                    continue
                pushed = True
            elif pending:
                pending.pop(node.id, None)
            # Leave nodes until one has a next sibling; the cursor never leaves the root's
            # subtree, so goto_parent() fails exactly when the root has been left.
            while True:
                if pushed:
                    left_id = stack.pop().id
                    while saved and saved[-1][0] == left_id:
                        self.state = saved.pop()[1]
                    if left_id in declaration_roots:
                        self._declaration_depth -= 1
                    if left_id in ignored_roots:
                        self._ignored_depth -= 1
                if cursor.goto_next_sibling():
                    break
                if not cursor.goto_parent():
                    return
                pushed = True
            node = cursor.node  # type: ignore[assignment]  # on the sibling just reached

    def _push(self, node_id: int) -> None:
        self._saved.append((node_id, self.state))

    def _defer(self, node: Node | None, state: _State) -> None:
        if node is not None:
            self._pending[node.id] = state

    # --- what entering a named node does, by type (see _HANDLERS) ----------------------------

    def _declared_pattern(self, node: Node) -> None:
        # const {a} = …; ({a}) => …
        self.declared_names.add(self.text(node))

    def _comment(self, node: Node) -> None:
        self.comments.append(Comment(self.text(node), self._span(node)))

    def _field_definition(self, node: Node) -> None:
        self._take_member_decorators(1)  # field decorators are not recorded anywhere
        self._field(node)

    def _export_clause(self, node: Node) -> None:
        # export {a as b}: names, not reads of globals
        self._mark(node, self._ignored_roots)
        self._ignored_depth += 1  # entered already, so count it here

    def _jsx_element(self, node: Node) -> None:
        self._mark(node.child_by_field_name("name"), self._ignored_roots)

    def _formal_parameters(self, node: Node) -> None:
        # Entered already, so count it here; leaving uncounts it like any other root.
        self._declaration_roots.add(node.id)
        self._declaration_depth += 1

    def _catch_clause(self, node: Node) -> None:
        self._mark(node.child_by_field_name("parameter"), self._declaration_roots)

    def _ternary(self, node: Node) -> None:
        condition = self._condition_text(node.child_by_field_name("condition"))
        base = self.state
        self._defer(
            node.child_by_field_name("consequence"), base.arm(node.start_byte, 0, condition)
        )
        self._defer(
            node.child_by_field_name("alternative"),
            base.arm(node.start_byte, 1, "!" + condition),
        )

    def _try(self, node: Node) -> None:
        base = self.state
        self._defer(node.child_by_field_name("body"), base.arm(node.start_byte, 0))
        self._defer(node.child_by_field_name("handler"), base.arm(node.start_byte, 1))

    def _return(self, node: Node) -> None:
        returned = _named(node)
        if returned and returned[0].type != "comment":
            self.returns.append(Return(self.value(returned[0]), self._span(node), self.flow(node)))

    def _number_literal(self, node: Node) -> None:
        text = self.text(node)
        self.numbers.append(NumberLiteral(text, _number(text), self._span(node), self.flow(node)))

    # --- ancestors (only of the node being entered) ---------------------------------------

    def _up(self, levels: int) -> Node | None:
        """The ancestor ``levels`` above the node being entered (0 is the node itself)."""
        index = len(self._stack) - 1 - levels
        return self._stack[index] if index >= 0 else None

    def _up_through(self, levels: int) -> tuple[Node | None, int]:
        """The first ancestor at or above ``levels`` that is not a transparent wrapper."""
        node = self._up(levels)
        while node is not None and node.type in _TRANSPARENT:
            levels += 1
            node = self._up(levels)
        return node, levels

    def _top_level_at(self, levels: int) -> bool:
        """Whether the statement ``levels`` up sits directly in the program (maybe exported)."""
        parent = self._up(levels + 1)
        if parent is not None and parent.type == "export_statement":
            parent = self._up(levels + 2)
        return parent is not None and parent.type == "program"

    def _class_at(self, levels: int) -> tuple[str | None, bool]:
        """Name of the class ``levels`` up (a class expression takes its variable's name) and
        whether it is declared at file level."""
        node = self._up(levels)
        if node is None:
            return None, False
        name_node = node.child_by_field_name("name")
        name = self.text(name_node) if name_node is not None else None
        if node.type != "class":
            return name, self._top_level_at(levels)
        declarator, declarator_level = self._up_through(levels + 1)
        if declarator is None or declarator.type != "variable_declarator":
            return name, False
        target = declarator.child_by_field_name("name")
        if name is None and target is not None and target.type == "identifier":
            name = self.text(target)
        return name, self._top_level_at(declarator_level + 1)

    def _member_class(self, levels: int) -> tuple[str | None, bool]:
        """The class whose body holds the member ``levels`` up."""
        body = self._up(levels + 1)
        owner = self._up(levels + 2)
        if body is None or body.type != "class_body" or owner is None:
            return None, False
        if owner.type not in _CLASS_TYPES:
            return None, False
        return self._class_at(levels + 2)

    # --- flow --------------------------------------------------------------------------------

    def flow(self, node: Node) -> Flow:
        state = self.state
        return Flow(state.scope, node.start_byte, state.branch, state.loops, state.guards)

    def _condition_text(self, node: Node | None) -> str:
        if node is None:
            return ""
        if node.type == "parenthesized_expression":
            inner = _named(node)
            if len(inner) == 1:
                node = inner[0]
        return self.text(node)

    def _if(self, node: Node) -> None:
        """``if`` / ``else if`` / ``else`` share one id (the outermost ``if``) with arms 0, 1,
        2, …; an ``else if`` condition sits in the arm it opens and carries the negations of
        the conditions before it."""
        statement_id, arm, base = self._else_ifs.pop(node.id, (node.start_byte, 0, self.state))
        condition = self._condition_text(node.child_by_field_name("condition"))
        self._defer(node.child_by_field_name("consequence"), base.arm(statement_id, arm, condition))
        alternative = node.child_by_field_name("alternative")
        if alternative is None:
            return
        negated = base.guarded("!" + condition)
        inner = _named(alternative)
        if len(inner) == 1 and inner[0].type == "if_statement":
            self._defer(inner[0], negated.arm(statement_id, arm + 1))
            self._else_ifs[inner[0].id] = (statement_id, arm + 1, negated)
        else:
            self._defer(alternative, negated.arm(statement_id, arm + 1))

    def _switch(self, node: Node) -> None:
        subject = self._condition_text(node.child_by_field_name("value"))
        body = node.child_by_field_name("body")
        if body is None:
            return
        base = self.state
        arms = [c for c in _named(body) if c.type in ("switch_case", "switch_default")]
        for index, arm in enumerate(arms):
            if arm.type == "switch_default":
                guard = f"{subject} default"
            else:
                guard = f"{subject} == {self.text(arm.child_by_field_name('value'))}"
            self._defer(arm, base.arm(node.start_byte, index, guard))

    def _loop(self, node: Node) -> None:
        label = f"loop@{node.start_point[0] + 1}"
        looped = self.state.in_loop(label)
        if node.type == "for_in_statement":
            left = node.child_by_field_name("left")
            self._mark(left, self._declaration_roots)
            right = node.child_by_field_name("right")
            if right is not None:
                named = left is not None and left.type == "identifier"
                targets = (self.text(left),) if named else ()
                self.loops.append(
                    Loop(label, targets, self.value(right), self._span(node), self.flow(node))
                )
            fields: tuple[str, ...] = ("body",)
        else:
            # ``for (init; cond; step)`` runs init once; the rest runs per iteration.
            fields = ("condition", "increment", "body")
        for field_name in fields:
            for child in node.children_by_field_name(field_name):
                if child.is_named:
                    self._defer(child, looped)

    # --- names -------------------------------------------------------------------------------

    def text(self, node: Node | None) -> str:
        # ts.node_text, inlined: called for most named nodes.
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def _span(self, node: Node) -> Span:
        node_id = node.id
        span = self._span_memo.get(node_id)
        if span is None:
            span = self._span_memo[node_id] = ts.node_span(self.source.index, node)
        return span

    def _mark(self, node: Node | None, roots: set[int]) -> None:
        if node is not None:
            roots.add(node.id)

    def _identifier(self, node: Node) -> None:
        name = self.text(node)
        if self._declaration_depth:
            self.declared_names.add(name)
        elif not self._ignored_depth:
            self.read_names.add(name)

    def chain(self, node: Node | None) -> tuple[tuple[str, ...], Node | None]:
        """The dotted name chain of an expression with calls collapsed, and the node of its
        last part. Parts that cannot be named (``(a || b)``, ``arr[i]``) end or are skipped.
        A chain is walked once, its callees' chains remembered (``chains.ChainPaths``)."""
        paths = self._chain_paths
        steps: list[ChainStep] = []
        callees: list[tuple[int, int]] = []
        below: Path = ((), None)
        callee = False  # whether ``node`` is the callee of a call met on the way down
        while node is not None:
            node = _unwrap(node)
            if node.id in paths:
                known = paths.known(node.id)
                assert known is not None  # only a walk that fails stores None; this never does
                if not steps:
                    return known  # share the tuple with the call that remembered it
                below = known
                break
            if callee:
                callees.append((node.id, len(steps)))
            callee = False
            kind = node.type
            candidate: Node | None = None
            if kind in _NAME_TYPES or kind in ("this", "super", "import"):
                part: str | None = self.text(node)
                candidate = node if part else None
                next_node = None
            elif kind == "member_expression":
                candidate = node.child_by_field_name("property")
                part = self.text(candidate) if candidate is not None else None
                next_node = node.child_by_field_name("object")
            elif kind == "subscript_expression":
                index = node.child_by_field_name("index")
                index = _unwrap(index) if index is not None else None
                part = (
                    self._string_text(index)
                    if index is not None and index.type == "string"
                    else None
                )
                candidate = index if part is not None else None
                next_node = node.child_by_field_name("object")
            elif kind == "call_expression":
                part, next_node = None, node.child_by_field_name("function")
                callee = True
            elif kind == "new_expression":
                part, next_node = None, node.child_by_field_name("constructor")
                callee = True
            else:
                break
            steps.append(ChainStep(part or None, candidate))
            node = next_node
        return paths.finish(steps, callees, below)

    def _full_name(self, node: Node) -> str | None:
        """The dotted path of an identifier / member chain without calls, or None."""
        parts: list[str] = []
        current: Node | None = node
        while current is not None:
            current = _unwrap(current)
            kind = current.type
            if kind in _NAME_TYPES or kind in ("this", "super"):
                parts.append(self.text(current))
                break
            if kind == "member_expression":
                parts.append(self.text(current.child_by_field_name("property")))
            elif kind == "subscript_expression":
                index = current.child_by_field_name("index")
                index = _unwrap(index) if index is not None else None
                if index is None or index.type != "string":
                    return None
                parts.append(self._string_text(index))
            else:
                return None
            current = current.child_by_field_name("object")
        if not parts or not all(parts):
            return None
        return ".".join(reversed(parts))

    # --- calls -------------------------------------------------------------------------------

    def _call_expression(self, node: Node) -> None:
        call = self._call_memo.pop(node.id, None)
        if call is None:
            call = self.build_call(node, 0)
        self.calls.append(call)
        arguments = node.child_by_field_name("arguments")
        if (
            call.chain
            and len(call.chain) >= 2
            and call.chain[-1] in ITER_METHODS
            and arguments is not None
        ):
            name_line = call.name_span.line if call.name_span else node.start_point[0] + 1
            for argument in _named(arguments):
                if argument.type in _FUNCTION_TYPES:
                    self._iter_closures[argument.id] = f"iter:{call.chain[-1]}@{name_line}"
        # Only a ``require(…)`` / ``import(…)`` callee can name a module: skip the rest.
        module = self._required_module(node) if call.chain in _IMPORT_CHAINS else None
        if module is not None and node.id not in self._handled_requires:
            self.imports.append(Import(module, None, None, self._span(node)))

    def build_call(self, node: Node, depth: int) -> Call:
        if node.type == "new_expression":
            callee = node.child_by_field_name("constructor")
        else:
            callee = node.child_by_field_name("function")
        chain, name_node = self.chain(callee)
        arguments = node.child_by_field_name("arguments")
        args: list[Argument] = []
        if arguments is not None:
            if arguments.type == "arguments":
                args = [Argument(self.value(child, depth + 1)) for child in _named(arguments)]
            else:  # a tagged template: tag`text ${x}`
                args = [Argument(self.value(arguments, depth + 1))]
        return Call(
            chain=chain,
            args=tuple(args),
            span=self._span(node),
            flow=self.flow(node),
            name_span=self._span(name_node) if name_node is not None else None,
        )

    def _required_module(self, node: Node | None) -> str | None:
        """``m`` for ``require("m")`` or ``import("m")`` (seen through ``await``/parens)."""
        if node is None:
            return None
        node = _unwrap(node)
        if node.type != "call_expression":
            return None
        function = node.child_by_field_name("function")
        if function is None or not (
            function.type == "import"
            or (function.type == "identifier" and self.text(function) == "require")
        ):
            return None
        arguments = node.child_by_field_name("arguments")
        first = (
            _named(arguments)[:1] if arguments is not None and arguments.type == "arguments" else []
        )
        if not first or first[0].type != "string":
            return None
        return self._string_text(first[0])

    # --- values ------------------------------------------------------------------------------

    def value(self, node: Node, depth: int = 0) -> Value:
        """The ``Value`` of an expression; UNKNOWN beyond ``MAX_VALUE_DEPTH`` levels."""
        node = _unwrap(node)
        if depth > MAX_VALUE_DEPTH:
            return self._unknown(node)
        kind = node.type
        span = self._span(node)
        if kind == "string":
            return Value(ValueKind.STRING, self._string_text(node), span)
        if kind == "template_string":
            return self._template_value(node, depth)
        if kind == "number":
            text = self.text(node)
            return Value(ValueKind.NUMBER, text, span, number=_number(text))
        if kind == "unary_expression":
            operator = node.child_by_field_name("operator")
            argument = node.child_by_field_name("argument")
            if operator is not None and operator.type == "-" and argument is not None:
                argument = _unwrap(argument)
                if argument.type == "number":
                    number = _number(self.text(argument))
                    text = "-" + self.text(argument)
                    return Value(
                        ValueKind.NUMBER, text, span, number=None if number is None else -number
                    )
            return self._unknown(node)
        if kind in ("true", "false"):
            return Value(ValueKind.BOOL, kind, span)
        if kind in ("null", "undefined"):
            return Value(ValueKind.NULL, kind, span)
        if kind in _NAME_TYPES or kind in ("this", "member_expression", "subscript_expression"):
            name = self._full_name(node)
            if name is None:
                return self._unknown(node)
            return Value(ValueKind.NAME, name, span)
        if kind in ("call_expression", "new_expression"):
            return self._call_value(node, depth)
        if kind == "ternary_expression":
            arms = [node.child_by_field_name(f) for f in ("consequence", "alternative")]
            if all(arm is not None for arm in arms):
                # Calls in the arms get their arm's flow from the walk (see _mapped).
                outer_log = self._memo_log
                added: list[int] = []
                self._memo_log = added
                try:
                    items = tuple(self.value(arm, depth + 1) for arm in arms if arm is not None)
                finally:
                    self._memo_log = outer_log
                for key in added:
                    self._call_memo.pop(key, None)
                return Value(ValueKind.CHOICE, self._excerpt(node), span, items=items)
        if kind == "object":
            return self._object_value(node, depth)
        if kind == "array":
            items = tuple(
                self.value(child, depth + 1)
                for child in _named(node)
                if child.type != "spread_element"
            )
            return Value(ValueKind.LIST, self._excerpt(node), span, items=items)
        if kind == "binary_expression":
            choice = self._fallback(node, depth)
            if choice is not None:
                return choice
            concatenated = self._concatenation(node, depth)
            if concatenated.kind is ValueKind.UNKNOWN:
                return self._arithmetic(node, depth) or concatenated
            return concatenated
        return self._unknown(node)

    def _fallback(self, node: Node, depth: int) -> Value | None:
        """``a || b`` / ``a ?? b`` (left spine flattened: ``a || b || c``) as a CHOICE."""
        operands: list[Node] = []
        current = node
        while current.type == "binary_expression":
            operator = current.child_by_field_name("operator")
            left = current.child_by_field_name("left")
            right = current.child_by_field_name("right")
            if operator is None or operator.type not in _FALLBACKS or left is None or right is None:
                break
            operands.append(right)
            current = _unwrap(left)
        if current is node:
            return None
        operands.append(current)
        items = tuple(self.value(operand, depth + 1) for operand in reversed(operands))
        return Value(ValueKind.CHOICE, self._excerpt(node), self._span(node), items=items)

    def _arithmetic(self, node: Node, depth: int) -> Value | None:
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if operator is None or operator.type not in _ARITHMETIC or left is None or right is None:
            return None
        return Value(
            ValueKind.ARITHMETIC,
            self._excerpt(node),
            self._span(node),
            items=(self.value(left, depth + 1), self.value(right, depth + 1)),
            operator=operator.type,
        )

    def _unknown(self, node: Node) -> Value:
        return Value(ValueKind.UNKNOWN, self._excerpt(node), self._span(node))

    def _excerpt(self, node: Node) -> str:
        # Decode only a bounded prefix: a huge node must not cost its whole size per excerpt.
        end = min(node.end_byte, node.start_byte + 4 * ts.EXCERPT_LIMIT)
        return ts.excerpt(self.data[node.start_byte : end].decode("utf-8", "ignore"))

    def _call_value(self, node: Node, depth: int) -> Value:
        call = self.build_call(node, depth)
        if self._memo_log is not None and node.id not in self._call_memo:
            self._memo_log.append(node.id)
        self._call_memo[node.id] = call
        mapped = self._mapped(node, depth)
        if mapped is not None:
            return mapped
        return Value(ValueKind.CALL, ".".join(call.chain), self._span(node), call=call)

    def _mapped(self, node: Node, depth: int) -> Value | None:
        """``xs.map(x => v)`` as a COMPREHENSION (element ``v``, collection ``xs``)."""
        if node.type != "call_expression":
            return None
        callee = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if callee is None or callee.type != "member_expression" or arguments is None:
            return None
        property_node = callee.child_by_field_name("property")
        collection = callee.child_by_field_name("object")
        if property_node is None or self.text(property_node) != "map" or collection is None:
            return None
        callbacks = _named(arguments) if arguments.type == "arguments" else []
        if not callbacks or callbacks[0].type not in _CLOSURE_TYPES:
            return None
        result = _returned_expression(callbacks[0])
        if result is None:
            return None
        # The callback body is its own scope: calls built here would carry this statement's
        # flow, so they are not memoised and the walk builds them in the right scope. They are
        # logged rather than found by comparing copies of the memo: that copy would cost the
        # memo's size per ``.map`` (quadratic for thousands of them in one value).
        outer_log = self._memo_log
        added: list[int] = []
        self._memo_log = added
        try:
            element = self.value(result, depth + 1)
        finally:
            self._memo_log = outer_log
        for key in added:
            self._call_memo.pop(key, None)
        return Value(
            ValueKind.COMPREHENSION,
            self._excerpt(node),
            self._span(node),
            items=(element, self.value(collection, depth + 1)),
        )

    def _object_value(self, node: Node, depth: int) -> Value:
        entries: list[tuple[str | None, Value]] = []
        for child in _named(node):
            kind = child.type
            if kind == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                if value_node is None:
                    continue
                entries.append((self._key(key_node), self.value(value_node, depth + 1)))
            elif kind == "shorthand_property_identifier":
                name = self.text(child)
                entries.append((name, Value(ValueKind.NAME, name, self._span(child))))
            elif kind == "method_definition":
                entries.append((self._key(child.child_by_field_name("name")), self._unknown(child)))
            elif kind == "spread_element":
                # Keys the object may hold but that cannot be named (facts.Value.entries).
                spread = _named(child)
                if spread:
                    entries.append((None, self.value(spread[0], depth + 1)))
        return Value(ValueKind.DICT, self._excerpt(node), self._span(node), entries=tuple(entries))

    def _key(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if node.type == "string":
            return self._string_text(node)
        if node.type in ("property_identifier", "number", "private_property_identifier"):
            return self.text(node)
        return None  # computed keys

    def _concatenation(self, node: Node, depth: int) -> Value:
        operands: list[Node] = []
        current = node
        # Walk the left spine iteratively: long ``a + b + c + …`` chains nest to the left.
        while current.type == "binary_expression":
            operator = current.child_by_field_name("operator")
            left = current.child_by_field_name("left")
            right = current.child_by_field_name("right")
            if operator is None or operator.type != "+" or left is None or right is None:
                break
            operands.append(right)
            current = left
        if current is node:
            return self._unknown(node)
        operands.append(current)
        operands.reverse()
        if not any(operand.type in _STRING_TYPES for operand in operands):
            return self._unknown(node)
        items: list[Value] = []
        text: list[str] = []
        for operand in operands:
            if operand.type in _STRING_TYPES:
                part = self.value(operand, depth + 1)
                if part.kind is ValueKind.TEMPLATE:
                    items.extend(part.items)
                else:
                    items.append(part)
                text.append(part.text)
            else:
                items.append(self.value(operand, depth + 1))
                text.append("{" + ts.excerpt(self.text(operand)) + "}")
        return Value(ValueKind.TEMPLATE, "".join(text), self._span(node), items=tuple(items))

    # --- strings -----------------------------------------------------------------------------

    def _string_text(self, node: Node) -> str:
        """Decoded content of a ``string`` node (JS escapes; JSX character references)."""
        parts: list[str] = []
        for child in node.children:
            kind = child.type
            if kind == "string_fragment":
                parts.append(self.text(child))
            elif kind == "escape_sequence":
                parts.append(_decode_escape(self.text(child)))
            elif kind == "html_character_reference":
                parts.append(html.unescape(self.text(child)))
            elif child.is_named and kind != "comment":
                parts.append(self.text(child))
        return _fix_surrogates("".join(parts))

    def _template_parts(self, node: Node) -> list[tuple[str, Node, Node] | Node]:
        """Literal runs as (decoded text, first node, last node) and substitution expressions,
        in order."""
        parts: list[tuple[str, Node, Node] | Node] = []
        run: list[str] = []
        run_nodes: list[Node] = []
        for child in node.children:
            kind = child.type
            if kind in ("string_fragment", "escape_sequence"):
                run.append(
                    self.text(child)
                    if kind == "string_fragment"
                    else _decode_escape(self.text(child))
                )
                run_nodes.append(child)
            elif kind == "template_substitution":
                if run_nodes:
                    parts.append((_fix_surrogates("".join(run)), run_nodes[0], run_nodes[-1]))
                    run, run_nodes = [], []
                expressions = _named(child)
                if expressions:
                    parts.append(expressions[0])
        if run_nodes:
            parts.append((_fix_surrogates("".join(run)), run_nodes[0], run_nodes[-1]))
        return parts

    def _template_text(self, parts: list[tuple[str, Node, Node] | Node]) -> str:
        return "".join(
            part[0] if isinstance(part, tuple) else "{" + ts.excerpt(self.text(part)) + "}"
            for part in parts
        )

    def _template_value(self, node: Node, depth: int) -> Value:
        parts = self._template_parts(node)
        text = self._template_text(parts)
        if all(isinstance(part, tuple) for part in parts):
            return Value(ValueKind.STRING, text, self._span(node))
        items: list[Value] = []
        for part in parts:
            if isinstance(part, tuple):
                literal, first, last = part
                span = self.source.index.byte_span(first.start_point, last.end_point)
                items.append(Value(ValueKind.STRING, literal, span))
            else:
                items.append(self.value(part, depth + 1))
        return Value(ValueKind.TEMPLATE, text, self._span(node), items=tuple(items))

    def _string_literal(self, node: Node) -> None:
        is_template = node.type == "template_string"
        if is_template:
            text = self._template_text(self._template_parts(node))
        else:
            text = self._string_text(node)
        start_row, start_col = node.start_point
        end_row, end_col = node.end_point
        # Content sits between the one-byte delimiters; an unterminated literal may lack the
        # closing one, so never let the content end before it starts.
        content_start = (start_row, start_col + 1)
        content_end = (
            (end_row, end_col - 1)
            if node.child_count and node.children[-1].type in ('"', "'", "`")
            else (end_row, end_col)
        )
        if content_end < content_start:
            content_end = content_start
        content_span = self.source.index.byte_span(content_start, content_end)
        self.strings.append(
            StringLiteral(text, self._span(node), content_span, is_template, self.flow(node))
        )

    # --- declarations ------------------------------------------------------------------------

    def _declarator(self, node: Node) -> None:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        self._mark(name_node, self._declaration_roots)
        if name_node is None:
            return
        if value_node is not None:
            self._require_imports(name_node, value_node)
        if name_node.type != "identifier" or value_node is None:
            return  # destructuring is skipped; ``let x;`` has no value
        self.assignments.append(
            Assignment(
                target=(self.text(name_node),),
                value=self.value(value_node),
                span=self._span(node),
                flow=self.flow(node),
                file_level=self._top_level_at(1),
            )
        )

    def _require_imports(self, target: Node, value_node: Node) -> None:
        value_node = _unwrap(value_node)
        member: str | None = None
        call = value_node
        if value_node.type == "member_expression":  # const y = require("m").x
            property_node = value_node.child_by_field_name("property")
            member = self.text(property_node) if property_node is not None else None
            object_node = value_node.child_by_field_name("object")
            if object_node is None:
                return
            call = _unwrap(object_node)
        module = self._required_module(call)
        if module is None:
            return
        self._handled_requires.add(call.id)
        span = self._span(call)
        if target.type == "identifier":
            self.imports.append(Import(module, member or "*", self.text(target), span))
        elif target.type == "object_pattern" and member is None:
            for child in _named(target):
                if child.type == "shorthand_property_identifier_pattern":
                    name = self.text(child)
                    self.imports.append(Import(module, name, name, span))
                elif child.type == "pair_pattern":
                    key = self._key(child.child_by_field_name("key"))
                    alias = child.child_by_field_name("value")
                    alias_name = (
                        self.text(alias)
                        if alias is not None and alias.type == "identifier"
                        else None
                    )
                    self.imports.append(Import(module, key, alias_name, span))
                elif child.type == "object_assignment_pattern":
                    left = child.child_by_field_name("left")
                    name = self.text(left) if left is not None else None
                    self.imports.append(Import(module, name, name, span))
        else:
            self.imports.append(Import(module, member, None, span))

    def _assignment_expression(self, node: Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        if left.type == "identifier":
            self._require_imports(left, right)
        name = self._full_name(left)
        if name is None:
            return  # destructuring or computed targets
        self.assignments.append(
            Assignment(tuple(name.split(".")), self.value(right), self._span(node), self.flow(node))
        )

    def _field(self, node: Node) -> None:
        name_node = node.child_by_field_name("name") or node.child_by_field_name("property")
        value_node = node.child_by_field_name("value")
        if name_node is None or value_node is None or name_node.type == "computed_property_name":
            return
        is_static = any(child.type == "static" for child in node.children)
        if is_static:
            class_name, file_level = self._member_class(0)
            if class_name is None:
                return
            target: tuple[str, ...] = (class_name, self.text(name_node))
        else:
            target = ("this", self.text(name_node))
            file_level = False
        self.assignments.append(
            Assignment(
                target, self.value(value_node), self._span(node), self.flow(node), file_level
            )
        )

    # --- functions and classes ---------------------------------------------------------------

    def _function(self, node: Node) -> None:
        name = self._function_name(node)
        line, col = self.source.index.byte_point(*node.start_point)
        scope = f"{name}@{line}" if name else f"<lambda>@{line}:{col}"
        self._push(node.id)
        iteration = self._iter_closures.pop(node.id, None)
        # A closure written inside ``if (__DEV__)`` only exists there, so it keeps the guards;
        # a named function or method can be called from anywhere.
        guards = self.state.guards if node.type in _CLOSURE_TYPES else ()
        self.state = _State(scope, (), (iteration,) if iteration else (), guards)
        name_node = node.child_by_field_name("name")
        if node.type in ("function_declaration", "generator_function_declaration"):
            self._mark(name_node, self._declaration_roots)
        parameter = node.child_by_field_name("parameter")  # ``x => …``
        self._mark(parameter, self._declaration_roots)
        body = node.child_by_field_name("body")
        if node.type == "arrow_function" and body is not None and body.type != "statement_block":
            self.returns.append(Return(self.value(body), self._span(body), self.flow(body)))
        decorators = [self._decorator_name(c) for c in node.children if c.type == "decorator"]
        class_name = None
        if node.type == "method_definition":
            class_name = self._member_class(0)[0]
            decorators = self._take_member_decorators(1) + decorators
        else:
            holder, level = self._up_through(1)
            if holder is not None and holder.type in _FIELD_TYPES:
                class_name = self._member_class(level)[0]
        if not name:
            return
        self.functions.append(
            FunctionDef(
                name=name,
                span=self._span(node),
                scope=scope,
                params=self._params(node),
                decorators=tuple(d for d in decorators if d),
                class_name=class_name,
            )
        )

    def _function_name(self, node: Node) -> str | None:
        """The function's own name, else the name JavaScript would infer from what it is
        assigned to (plus member assignments: ``exports.handler = () => {}``)."""
        name_node = node.child_by_field_name("name")
        if name_node is not None:
            if name_node.type == "string":
                return self._string_text(name_node)
            return self.text(name_node)
        parent, _ = self._up_through(1)
        if parent is None:
            return None
        kind = parent.type
        if kind == "variable_declarator":
            target = parent.child_by_field_name("name")
            return self.text(target) if target is not None and target.type == "identifier" else None
        if kind == "pair":
            return self._key(parent.child_by_field_name("key"))
        if kind in _FIELD_TYPES:
            field_name = parent.child_by_field_name("name") or parent.child_by_field_name(
                "property"
            )
            if field_name is None or field_name.type == "computed_property_name":
                return None
            return self.text(field_name)
        if kind == "assignment_expression":
            left = parent.child_by_field_name("left")
            name = self._full_name(left) if left is not None else None
            return name.rsplit(".", 1)[-1] if name else None
        return None

    def _params(self, node: Node) -> tuple[str, ...]:
        single = node.child_by_field_name("parameter")
        if single is not None:
            return (self.text(single),)
        parameters = node.child_by_field_name("parameters")
        if parameters is None:
            return ()
        names: list[str] = []
        for child in _named(parameters):
            pattern = child
            if child.type in ("required_parameter", "optional_parameter"):
                pattern = child.child_by_field_name("pattern") or child
            if pattern.type == "assignment_pattern":
                pattern = pattern.child_by_field_name("left") or pattern
            if pattern.type == "rest_pattern":
                inner = _named(pattern)
                pattern = inner[0] if inner else pattern
            if pattern.type == "this":
                continue  # a TypeScript ``this: T`` annotation, not a parameter
            names.append(ts.excerpt(self.text(pattern)))
        return tuple(names)

    def _decorator_name(self, decorator: Node) -> str:
        inner = _named(decorator)
        if not inner:
            return ""
        chain, _ = self.chain(inner[0])
        return ".".join(chain)

    def _decorator(self, node: Node) -> None:
        # TypeScript puts a class member's decorators before it, as siblings in the class
        # body; keep them until the member is entered.
        body = self._up(1)
        if body is not None and body.type == "class_body":
            self._member_decorators.setdefault(body.id, []).append(self._decorator_name(node))

    def _take_member_decorators(self, levels: int) -> list[str]:
        body = self._up(levels)
        if body is None or body.type != "class_body":
            return []
        return self._member_decorators.pop(body.id, [])

    def _class(self, node: Node) -> None:
        name_node = node.child_by_field_name("name")
        if node.type != "class":
            self._mark(name_node, self._declaration_roots)
        name, _ = self._class_at(0)
        if name is None:
            return
        bases: list[str] = []
        for heritage in node.children:
            if heritage.type != "class_heritage":
                continue
            # javascript: class_heritage holds the expression; typescript: extends_clause
            # and implements_clause
            clauses = [
                c for c in _named(heritage) if c.type in ("extends_clause", "implements_clause")
            ]
            candidates: list[Node] = []
            if clauses:
                for clause in clauses:
                    candidates.extend(c for c in _named(clause) if c.type != "type_arguments")
            else:
                candidates = _named(heritage)
            for candidate in candidates:
                base = self._base_name(candidate)
                if base:
                    bases.append(base)
        self.classes.append(ClassDef(name, self._span(node), tuple(bases)))

    def _base_name(self, node: Node) -> str | None:
        if node.type == "generic_type":
            inner = node.child_by_field_name("name") or (_named(node)[0] if _named(node) else None)
            return self._base_name(inner) if inner is not None else None
        if node.type in ("type_identifier", "identifier"):
            return self.text(node)
        if node.type in ("nested_type_identifier", "member_expression"):
            return self.text(node).rsplit(".", 1)[-1].strip()
        return None

    # --- imports -----------------------------------------------------------------------------

    def _import_statement(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        span = self._span(node)
        for child in _named(node):
            if child.type == "import_require_clause":  # TS: import x = require("m")
                self._mark(child, self._declaration_roots)
                module_node = child.child_by_field_name("source")
                names = [c for c in _named(child) if c.type == "identifier"]
                if module_node is not None:
                    alias = self.text(names[0]) if names else None
                    self.imports.append(Import(self._string_text(module_node), "*", alias, span))
                return
        if source is None:
            return
        module = self._string_text(source)
        clause = next((c for c in _named(node) if c.type == "import_clause"), None)
        if clause is None:
            self.imports.append(Import(module, None, None, span))
            return
        self._mark(clause, self._declaration_roots)
        for child in _named(clause):
            if child.type == "identifier":
                self.imports.append(Import(module, "default", self.text(child), span))
            elif child.type == "namespace_import":
                alias = next((c for c in _named(child) if c.type == "identifier"), None)
                self.imports.append(Import(module, "*", self.text(alias) if alias else None, span))
            elif child.type == "named_imports":
                for specifier in _named(child):
                    if specifier.type != "import_specifier":
                        continue
                    imported = self._specifier_name(specifier.child_by_field_name("name"))
                    alias_node = specifier.child_by_field_name("alias")
                    alias = self._specifier_name(alias_node) if alias_node is not None else imported
                    self.imports.append(Import(module, imported, alias, span))

    def _specifier_name(self, node: Node | None) -> str | None:
        if node is None:
            return None
        return self._string_text(node) if node.type == "string" else self.text(node)

    def _export_statement(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        module = self._string_text(source)
        span = self._span(node)
        clause = next((c for c in _named(node) if c.type == "export_clause"), None)
        if clause is None:  # export * from "m" / export * as ns from "m"
            self.imports.append(Import(module, "*", None, span))
            return
        for specifier in _named(clause):
            if specifier.type == "export_specifier":
                name = self._specifier_name(specifier.child_by_field_name("name"))
                self.imports.append(Import(module, name, None, span))


_Handler = Callable[["_Extractor", Node], None]

#: What entering a named node of each type does (one dict lookup instead of a chain of
#: comparisons, for every node of the file).
_HANDLERS: dict[str, _Handler] = {
    "identifier": _Extractor._identifier,
    "shorthand_property_identifier": _Extractor._identifier,
    "shorthand_property_identifier_pattern": _Extractor._declared_pattern,
    "call_expression": _Extractor._call_expression,
    "new_expression": _Extractor._call_expression,
    **dict.fromkeys(_STRING_TYPES, _Extractor._string_literal),
    "comment": _Extractor._comment,
    **dict.fromkeys(_FUNCTION_TYPES, _Extractor._function),
    **dict.fromkeys(_CLASS_TYPES, _Extractor._class),
    "variable_declarator": _Extractor._declarator,
    "assignment_expression": _Extractor._assignment_expression,
    **dict.fromkeys(_FIELD_TYPES, _Extractor._field_definition),
    "decorator": _Extractor._decorator,
    "import_statement": _Extractor._import_statement,
    "export_statement": _Extractor._export_statement,
    "export_clause": _Extractor._export_clause,
    **dict.fromkeys(_JSX_ELEMENTS, _Extractor._jsx_element),
    "formal_parameters": _Extractor._formal_parameters,
    "catch_clause": _Extractor._catch_clause,
    "if_statement": _Extractor._if,
    "ternary_expression": _Extractor._ternary,
    "switch_statement": _Extractor._switch,
    "try_statement": _Extractor._try,
    "for_statement": _Extractor._loop,
    "for_in_statement": _Extractor._loop,
    "while_statement": _Extractor._loop,
    "do_statement": _Extractor._loop,
    "number": _Extractor._number_literal,
    "return_statement": _Extractor._return,
}


#: Marks anonymous node kinds in ``_dispatch`` lookups.
_ANONYMOUS: _Handler = cast(_Handler, object())


@cache
def _dispatch(grammar: str) -> dict[int, _Handler | None]:
    """``_HANDLERS`` by ``Node.kind_id`` for a grammar, anonymous kinds absent: reading
    ``kind_id`` costs half of ``Node.type``, which also builds a new string every time."""
    return ts.named_dispatch(grammar, _HANDLERS)
