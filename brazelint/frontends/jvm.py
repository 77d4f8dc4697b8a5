"""The Kotlin frontend's walking machinery: the single walk that tracks scope / branch /
loop context and collects facts, string templates and ``+`` concatenation.

It was shared with Java, which is now a spec (``brazelint/syntax/java.py``); what both JVM
languages still share (import paths, number literals, the iteration methods) lives there
and in ``brazelint/syntax/strings.py``, so that it is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from tree_sitter import Node

from brazelint import limits
from brazelint.facts import (
    Call,
    Comment,
    FileFacts,
    Flow,
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.frontends import treesitter as ts
from brazelint.frontends.collector import FactsCollector
from brazelint.languages import Language

# Re-exported for kotlin.py: written once, with the Java spec and the JVM number family.
from brazelint.syntax.java import JVM_ITERATION_METHODS as ITERATION_METHODS  # noqa: F401
from brazelint.syntax.java import jvm_import as split_import  # noqa: F401
from brazelint.syntax.strings import parse_jvm_number as parse_number  # noqa: F401

#: Value building recurses (calls in arguments, list items, template parts); beyond this depth a
#: value is UNKNOWN. Kept small so that nested facts stay cheap to compare and to pickle.
MAX_VALUE_DEPTH = limits.VALUE_DEPTH

#: Receiver chains are followed at most this many links (a 10,000-link chain is hostile input;
#: its tail is kept).
MAX_CHAIN_LINKS = limits.CHAIN_PARTS

#: A ``+`` concatenation with more operands than this is UNKNOWN.
MAX_CONCAT_OPERANDS = 1000


#: Branch paths, guards and loops stop growing at this depth (10,000 nested ``if``s would
#: otherwise cost quadratic time and memory).
MAX_NESTING = limits.NESTING

#: Flow.guards entries are cut to this many characters.
MAX_GUARD = limits.GUARD_TEXT


def guard_text(text: str) -> str:
    """A condition's source text on one line, cut to ``MAX_GUARD`` characters."""
    return " ".join(text.split())[:MAX_GUARD]


@dataclass(frozen=True, slots=True)
class Ctx:
    """The context a node sits in while walking."""

    scope: str = "<module>"
    branch: tuple[str, ...] = ()
    loops: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    #: Kotlin: the implicit receiver's chain inside ``apply`` / ``run`` / ``with`` blocks.
    prefix: tuple[str, ...] = ()
    #: The class whose body we are directly in (for FunctionDef.class_name).
    class_name: str | None = None
    #: What directly holds declarations here: "file", "class", "companion", "object",
    #: "interface" or "function" (decides Assignment.file_level).
    container: str = "file"

    def flow(self, node: Node) -> Flow:
        return Flow(self.scope, node.start_byte, self.branch, self.loops, self.guards)

    # The methods below build a Ctx directly (fields in declaration order) rather than with
    # dataclasses.replace, which inspects the fields on every call: they run for every
    # branch arm, loop, lambda and function.

    def arm(self, statement_id: int, arm: int, *guards: str) -> Ctx:
        if len(self.branch) >= MAX_NESTING:
            return self
        return Ctx(
            self.scope,
            (*self.branch, f"{statement_id}:{arm}"),
            self.loops,
            (*self.guards, *(guard_text(g) for g in guards)),
            self.prefix,
            self.class_name,
            self.container,
        )

    def in_loop(self, line: int) -> Ctx:
        if len(self.loops) >= MAX_NESTING:
            return self
        return Ctx(
            self.scope,
            self.branch,
            (*self.loops, f"loop@{line}"),
            self.guards,
            self.prefix,
            self.class_name,
            self.container,
        )

    def new_scope(
        self,
        scope: str,
        loops: tuple[str, ...] = (),
        *,
        closure: bool = False,
        keep_class: bool = True,
    ) -> Ctx:
        """Flow resets at each new scope; the implicit receiver stays, and so does the class
        unless ``keep_class`` is False. A closure keeps its guards: a lambda written inside
        ``if (BuildConfig.DEBUG)`` (an ``apply`` block, a callback) still only exists in
        debug builds."""
        return Ctx(
            scope,
            (),
            loops,
            self.guards if closure else (),
            self.prefix,
            self.class_name if keep_class else None,
            "function",
        )

    def in_type(self, class_name: str | None, container: str) -> Ctx:
        """The body of a class, object or companion: branch, loops and implicit receiver
        reset; scope and guards stay."""
        return Ctx(self.scope, (), (), self.guards, (), class_name, container)

    def with_prefix(self, prefix: tuple[str, ...]) -> Ctx:
        return Ctx(
            self.scope,
            self.branch,
            self.loops,
            self.guards,
            prefix,
            self.class_name,
            self.container,
        )


#: ``handler(walker, node, ctx)``: see ``JvmWalker.handlers``.
Handler = Callable[[Any, Node, Ctx], Ctx | None]


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of a string template: literal text (``value`` None) or an expression."""

    text: str
    span: Span
    value: Value | None = None


class JvmWalker(FactsCollector):
    """Walks one tree once, keeping a context stack; subclasses handle node types in
    ``handlers`` (node type → ``handler(walker, node, ctx) -> ctx for the children``)."""

    def __init__(self, path: str, text: str, language: Language, grammar: str) -> None:
        super().__init__()
        self.path = path
        self.language = language
        self.source = ts.parse_source(grammar, text)
        self.grammar = grammar
        self.data = self.source.data
        #: Calls with (sort key, tie break): they are put in name order when frozen.
        self.keyed_calls: list[tuple[int, int, Call]] = []
        #: Context for a particular node, set by an ancestor (branch arms, loop bodies, lambdas).
        self.overrides: dict[int, Ctx] = {}
        #: Scopes for lambdas passed to iteration methods and scope functions, by node id.
        self.lambda_scopes: dict[int, Ctx] = {}
        #: Receiver chains of call nodes already followed (see the frontends' chain_parts).
        self.chain_memo: dict[int, tuple[tuple[str, ...], bool]] = {}
        #: Calls already built (by value building or by the walk), by node id.
        self.built_calls: dict[int, Call] = {}
        #: Spans already computed, by node id.
        self.spans: dict[int, Span] = {}

    # -- helpers -----------------------------------------------------------------------------

    def text(self, node: Node | None) -> str:
        # ts.node_text, inlined: called for most named nodes.
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def span(self, node: Node) -> Span:
        # Memoised: a call's span is also its value's, a name's its chain's and argument's.
        node_id = node.id
        span = self.spans.get(node_id)
        if span is None:
            span = self.spans[node_id] = ts.node_span(self.source.index, node)
        return span

    def unknown(self, node: Node) -> Value:
        # Decode only what the excerpt can show: a huge node (10,000 nested calls) would
        # otherwise be decoded once per level.
        end = min(node.end_byte, node.start_byte + 4 * ts.EXCERPT_LIMIT + 4)
        # 4 bytes per character at most, so a cut text is still longer than the limit and
        # excerpt() marks the cut.
        text = self.data[node.start_byte : end].decode("utf-8", "replace")
        return Value(ValueKind.UNKNOWN, ts.excerpt(text), self.span(node))

    def line(self, node: Node) -> int:
        return node.start_point[0] + 1

    def lambda_scope(self, node: Node) -> str:
        line, col = self.source.index.byte_point(node.start_point[0], node.start_point[1])
        return f"<lambda>@{line}:{col}"

    def add_call(self, call: Call, node: Node, name_node: Node | None) -> None:
        key = (name_node or node).start_byte
        self.keyed_calls.append((key, node.start_byte, call))

    def add_comment(self, node: Node) -> None:
        self.comments.append(Comment(self.text(node), self.span(node)))

    def add_string(
        self, node: Node, ctx: Ctx, text: str, content_span: Span, is_template: bool
    ) -> None:
        self.strings.append(
            StringLiteral(text, self.span(node), content_span, is_template, ctx.flow(node))
        )

    def note_root(self, chain: tuple[str, ...]) -> None:
        if chain and chain[0] not in ("this", "super"):
            self.read_names.add(chain[0])

    def template(self, node: Node, pieces: list[Piece]) -> Value:
        """STRING when every piece is literal, else TEMPLATE with the pieces in order."""
        if all(piece.value is None for piece in pieces):
            return Value(ValueKind.STRING, "".join(p.text for p in pieces), self.span(node))
        items: list[Value] = []
        text: list[str] = []
        for piece in pieces:
            if piece.value is None:
                items.append(Value(ValueKind.STRING, piece.text, piece.span))
                text.append(piece.text)
            elif piece.value.kind is ValueKind.TEMPLATE:
                items.extend(piece.value.items)
                text.append(piece.value.text)
            else:
                items.append(piece.value)
                text.append("{" + piece.text + "}")
        return Value(ValueKind.TEMPLATE, "".join(text), self.span(node), items=tuple(items))

    def plus_operands(self, node: Node) -> list[Node] | None:
        """The operands of a ``a + b + c`` tree in order (None when there are too many)."""
        operands: list[Node] = []
        pending = [node]
        while pending:
            current = pending.pop()
            operator = current.child_by_field_name("operator")
            if current.type == "binary_expression" and self.text(operator) == "+":
                right = current.child_by_field_name("right")
                left = current.child_by_field_name("left")
                if left is None or right is None:
                    return None
                pending.append(right)
                pending.append(left)
                continue
            operands.append(current)
            if len(operands) > MAX_CONCAT_OPERANDS:
                return None
        return operands

    def concatenation(
        self, node: Node, ctx: Ctx, depth: int, string_types: frozenset[str]
    ) -> Value:
        """``"a" + b`` as TEMPLATE when any operand is a string literal, else UNKNOWN."""
        operands = self.plus_operands(node)
        if operands is None or not any(self.literal(o).type in string_types for o in operands):
            return self.unknown(node)
        pieces: list[Piece] = []
        for operand in operands:
            value = self.value(operand, ctx, depth + 1)
            if value.kind is ValueKind.STRING:
                pieces.append(Piece(value.text, value.span))
            else:
                pieces.append(Piece(self.text(operand), value.span, value))
        return self.template(node, pieces)

    # -- to be provided by subclasses -----------------------------------------------------------

    #: What entering a node of each type does: ``handler(walker, node, ctx)`` collects facts
    #: and returns the context for the node's children (None: the same as the node's).
    #: A dict, so the walk finds a node's handler with one lookup.
    handlers: ClassVar[Mapping[str, Handler]] = {}

    def value(self, node: Node, ctx: Ctx, depth: int) -> Value:
        raise NotImplementedError

    # Handlers both languages share.

    def enter_comment(self, node: Node, ctx: Ctx) -> None:
        self.add_comment(node)

    def enter_import_node(self, node: Node, ctx: Ctx) -> None:
        self.enter_import(node)

    def enter_package(self, node: Node, ctx: Ctx) -> None:
        named = [child for child in node.named_children if child.type != "comment"]
        if named and self.package is None:
            self.package = "".join(self.text(named[0]).split())

    def literal(self, node: Node) -> Node:
        """``node`` with parentheses (and similar wrappers) looked through."""
        raise NotImplementedError

    # -- the walk ---------------------------------------------------------------------------

    def run(self) -> FileFacts:
        tree = self.source.tree
        if tree is not None:
            self._walk(tree.root_node)
        self.keyed_calls.sort(key=lambda item: (item[0], item[1]))
        self.calls = [call for _, _, call in self.keyed_calls]
        return self.freeze(self.path, self.language, self.source.problems)

    def _walk(self, root: Node) -> None:
        """``ts.walk`` inlined with the context stack: this loop runs once per node."""
        handlers = _kind_handlers(type(self), self.grammar)
        overrides = self.overrides
        cursor = root.walk()
        #: The context of each ancestor's children; the root's parent gets a fresh one.
        stack: list[Ctx] = [Ctx()]
        node = root
        while True:
            ctx = stack[-1]
            if overrides:
                ctx = overrides.pop(node.id, None) or ctx
            handler = handlers.get(node.kind_id)
            if handler is not None:
                ctx = handler(self, node, ctx) or ctx
            if cursor.goto_first_child():
                stack.append(ctx)
                node = cursor.node  # type: ignore[assignment]  # a child exists
                continue
            # Climb until a next sibling exists; the cursor never leaves the root's subtree,
            # so goto_parent() fails exactly when the walk is over.
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return
                stack.pop()
            node = cursor.node  # type: ignore[assignment]  # on the sibling just reached


@cache
def _kind_handlers(walker: type[JvmWalker], grammar: str) -> dict[int, Handler]:
    """``walker.handlers`` by ``Node.kind_id``: the walk looks a handler up for every node,
    and ``kind_id`` costs half of ``Node.type`` (which also builds a new string each time)."""
    return ts.kind_dispatch(grammar, walker.handlers)
