"""What the Kotlin and Java frontends share: import-path splitting, number literals, and the
single-walk machinery that tracks scope / branch / loop context and collects facts.

Everything language-specific (node names, string syntax, chains) stays in ``kotlin.py`` and
``java.py``; this module only holds what is the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tree_sitter import Node

from brazelint.facts import (
    Call,
    Comment,
    FileFacts,
    Flow,
    Import,
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.frontends import treesitter as ts
from brazelint.frontends.collector import FactsCollector
from brazelint.languages import Language

#: A closure passed to one of these methods runs once per element, so its body is a loop
#: (the contract's list, plus Kotlin's indexed / null-filtering variants of the same methods).
ITERATION_METHODS = frozenset(
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

#: Value building recurses (calls in arguments, list items, template parts); beyond this depth a
#: value is UNKNOWN. Kept small so that nested facts stay cheap to compare and to pickle.
MAX_VALUE_DEPTH = 32

#: Receiver chains are followed at most this many links (a 10,000-link chain is hostile input;
#: its tail is kept).
MAX_CHAIN_LINKS = 256

#: A ``+`` concatenation with more operands than this is UNKNOWN.
MAX_CONCAT_OPERANDS = 1000


#: Branch paths, guards and loops stop growing at this depth (10,000 nested ``if``s would
#: otherwise cost quadratic time and memory).
MAX_NESTING = 100

#: Flow.guards entries are cut to this many characters.
MAX_GUARD = 200


def guard_text(text: str) -> str:
    """A condition's source text on one line, cut to ``MAX_GUARD`` characters."""
    return " ".join(text.split())[:MAX_GUARD]


def split_import(path: str, *, wildcard: bool, alias: str | None, span: Span) -> Import:
    """``com.braze.Braze`` → ``Import("com.braze", "Braze", "Braze")``; a wildcard import of
    ``a.b`` → ``Import("a.b", "*", None)``; an alias replaces the bound name."""
    path = "".join(path.split())  # qualified names may be written across lines
    if wildcard:
        return Import(path, "*", alias, span)
    module, _, name = path.rpartition(".")
    return Import(module, name, alias if alias is not None else name, span)


def parse_number(text: str, *, octal: bool) -> float | None:
    """The value of a Kotlin/Java number literal (underscores, ``L``/``f``/``d`` suffixes, hex,
    binary; Java's leading-zero octal when ``octal``), or None when it cannot be read."""
    cleaned = text.replace("_", "").lower()
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-+")
    try:
        if cleaned.startswith("0x"):
            if "p" in cleaned or "." in cleaned:
                number = float.fromhex(cleaned.rstrip("fdl"))
            else:
                number = float(int(cleaned.rstrip("lu"), 16))
        elif cleaned.startswith("0b"):
            number = float(int(cleaned.rstrip("lu"), 2))
        else:
            cleaned = cleaned.rstrip("lfdu")
            is_integer = cleaned.isdigit()
            if octal and is_integer and len(cleaned) > 1 and cleaned.startswith("0"):
                number = float(int(cleaned, 8))
            else:
                number = float(cleaned)
    except ValueError:
        return None
    return -number if negative else number


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

    def arm(self, statement_id: int, arm: int, *guards: str) -> Ctx:
        if len(self.branch) >= MAX_NESTING:
            return self
        return replace(
            self,
            branch=(*self.branch, f"{statement_id}:{arm}"),
            guards=(*self.guards, *(guard_text(g) for g in guards)),
        )

    def in_loop(self, line: int) -> Ctx:
        if len(self.loops) >= MAX_NESTING:
            return self
        return replace(self, loops=(*self.loops, f"loop@{line}"))

    def new_scope(self, scope: str, loops: tuple[str, ...] = (), *, closure: bool = False) -> Ctx:
        """Flow resets at each new scope; the implicit receiver and class stay. A closure
        keeps its guards: a lambda written inside ``if (BuildConfig.DEBUG)`` (an ``apply``
        block, a callback) still only exists in debug builds."""
        return replace(
            self,
            scope=scope,
            branch=(),
            loops=loops,
            guards=self.guards if closure else (),
            container="function",
        )


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of a string template: literal text (``value`` None) or an expression."""

    text: str
    span: Span
    value: Value | None = None


class JvmWalker(FactsCollector):
    """Walks one tree once, keeping a context stack; subclasses handle node types in
    ``enter(node, ctx) -> ctx for the children``."""

    def __init__(self, path: str, text: str, language: Language, grammar: str) -> None:
        super().__init__()
        self.path = path
        self.language = language
        self.source = ts.parse_source(grammar, text)
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

    # -- helpers -----------------------------------------------------------------------------

    def text(self, node: Node | None) -> str:
        return ts.node_text(node, self.data)

    def span(self, node: Node) -> Span:
        return self.source.span(node)

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

    def set_arms(self, statement: Node, ctx: Ctx, arms: list[tuple[Node, int]]) -> None:
        for child, arm in arms:
            self.overrides[child.id] = ctx.arm(statement.start_byte, arm)

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

    def enter(self, node: Node, ctx: Ctx) -> Ctx:
        raise NotImplementedError

    def value(self, node: Node, ctx: Ctx, depth: int) -> Value:
        raise NotImplementedError

    def literal(self, node: Node) -> Node:
        """``node`` with parentheses (and similar wrappers) looked through."""
        raise NotImplementedError

    # -- the walk ---------------------------------------------------------------------------

    def run(self) -> FileFacts:
        tree = self.source.tree
        if tree is not None:
            stack: list[Ctx] = []
            for node, entering in ts.walk(tree.root_node):
                if not entering:
                    stack.pop()
                    continue
                ctx = self.overrides.pop(node.id, None) or (stack[-1] if stack else Ctx())
                stack.append(self.enter(node, ctx))
        self.keyed_calls.sort(key=lambda item: (item[0], item[1]))
        self.calls = [call for _, _, call in self.keyed_calls]
        return self.freeze(self.path, self.language, self.source.problems)
