"""What every tree-sitter frontend needs, and nothing language-specific.

Typical use in a frontend::

    from brazelint.frontends import treesitter as ts

    source = ts.parse_source("kotlin", text)      # never raises
    for node, entering in ts.walk(source.tree.root_node):
        if entering and node.type == "call_expression":
            span = source.span(node)
            callee = source.text_of(node.child_by_field_name("function"))
    problems = source.problems                      # ERROR / MISSING nodes, capped at 20

Grammar wheels are imported lazily, on first use of a grammar, and each ``Parser`` is built
once per process. Walking is iterative (a tree cursor), so 10,000-deep nesting is fine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from tree_sitter import Language as TSLanguage
from tree_sitter import Node, Parser, Tree

from brazelint import budget, limits
from brazelint.facts import ParseProblem, Span
from brazelint.frontends.positions import LineIndex

#: Bytes handed to tree-sitter per read when it parses under a budget.
_READ_CHUNK = 1 << 16
#: Real code has under one node per byte; error recovery on a mangled file can make
#: thousands. Past this many nodes per byte (plus a fixed allowance) a tree is refused.
_MAX_NODES_PER_BYTE = 16
_NODES_ALWAYS_ALLOWED = 100_000

#: grammar name → (module of the grammar wheel, function in it returning the language pointer).
GRAMMARS: dict[str, tuple[str, str]] = {
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "swift": ("tree_sitter_swift", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "java": ("tree_sitter_java", "language"),
    "python": ("tree_sitter_python", "language"),
    "objc": ("tree_sitter_objc", "language"),
    "dart": ("tree_sitter_dart", "language"),
}

#: At most this many parse problems are reported per file.
MAX_PROBLEMS = limits.PROBLEMS

#: The longest source excerpt put into a Value or message.
EXCERPT_LIMIT = limits.EXCERPT


@cache
def get_language(grammar: str) -> TSLanguage:
    """The tree-sitter ``Language`` for a grammar name in ``GRAMMARS`` (cached).

    Raises ``KeyError`` for an unknown name and ``ImportError`` when the wheel is missing.
    """
    module_name, function_name = GRAMMARS[grammar]
    module = importlib.import_module(module_name)
    return TSLanguage(getattr(module, function_name)())


@cache
def get_parser(grammar: str) -> Parser:
    """A ``Parser`` for a grammar name (cached; parsers are reused across files, which is
    safe because frontends run one file at a time per process)."""
    return Parser(get_language(grammar))


#: ``Node.kind_id`` of ERROR nodes (tree-sitter's builtin error symbol, outside the
#: grammar's own id range).
ERROR_KIND_ID = 0xFFFF

_Handler = TypeVar("_Handler")


@cache
def kind_names(grammar: str) -> dict[int, str]:
    """Node type by ``Node.kind_id`` for a grammar name (cached).

    ``Node.type`` builds a new string on each access, which costs twice ``Node.kind_id``
    and makes every dict lookup on it hash afresh; hot loops read ``kind_id`` and look
    the (shared, hash-cached) name up here. ``kind_id`` is the public symbol, which has the
    same name and named-ness as the node's own symbol, so the two always agree.
    """
    language = get_language(grammar)
    names = {ERROR_KIND_ID: "ERROR"}
    for kind_id in range(language.node_kind_count):
        name = language.node_kind_for_id(kind_id)
        if name is not None:
            names[kind_id] = name
    return names


@cache
def anonymous_kinds(grammar: str) -> frozenset[int]:
    """The ``Node.kind_id``s of a grammar's anonymous nodes (punctuation, keywords)."""
    language = get_language(grammar)
    return frozenset(
        kind_id
        for kind_id in range(language.node_kind_count)
        if not language.node_kind_is_named(kind_id)
    )


def kind_dispatch(grammar: str, handlers: Mapping[str, _Handler]) -> dict[int, _Handler]:
    """``handlers`` (by node type) re-keyed by ``Node.kind_id`` for a grammar: kinds without
    a handler are absent. Several kind ids can share a name, so every id is looked at."""
    return {
        kind_id: handlers[name] for kind_id, name in kind_names(grammar).items() if name in handlers
    }


def named_dispatch(grammar: str, handlers: Mapping[str, _Handler]) -> dict[int, _Handler | None]:
    """``kind_id`` → handler (None: no handler) for every *named* node kind of a grammar;
    anonymous kinds (punctuation, keywords) are absent, so one lookup tells a walk both
    whether a node is named and what to do with it."""
    language = get_language(grammar)
    return {
        kind_id: handlers.get(name)
        for kind_id, name in kind_names(grammar).items()
        if kind_id == ERROR_KIND_ID or language.node_kind_is_named(kind_id)
    }


def node_text(node: Node | None, data: bytes) -> str:
    """The source text of ``node`` ("" for None), decoded from the UTF-8 ``data`` the tree
    was parsed from."""
    if node is None:
        return ""
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters (an ellipsis marks the cut)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def node_span(index: LineIndex, node: Node) -> Span:
    """1-based line / code-point column span of ``node``. Zero-width nodes (MISSING tokens)
    get a one-column span so that reporters have something to point at."""
    row, col = node.start_point
    end_row, end_col = node.end_point
    start, end = node.start_byte, node.end_byte
    if index.is_ascii:  # byte columns are columns: skip the conversion (nearly every fact)
        if row == end_row and col == end_col:
            return Span(row + 1, col + 1, row + 1, col + 2, start, end)
        return Span(row + 1, col + 1, end_row + 1, end_col + 1, start, end)
    span = index.byte_span((row, col), (end_row, end_col))
    if span.line == span.end_line and span.col == span.end_col:
        # A zero-width node still names a zero-width byte range: an insertion point.
        return Span(span.line, span.col, span.line, span.col + 1, start, end)
    return Span(span.line, span.col, span.end_line, span.end_col, start, end)


def walk(root: Node, descend: Callable[[Node], bool] | None = None) -> Iterator[tuple[Node, bool]]:
    """Depth-first ``(node, entering)`` events over ``root`` and its descendants, without
    recursion: ``(n, True)`` before n's children and ``(n, False)`` after them.

    Anonymous nodes (punctuation, keywords) are included; filter on ``node.is_named`` if
    they are not wanted. ``descend(node)`` returning False skips that node's children (its
    enter and leave events are still produced).
    """
    cursor = root.walk()
    node = cursor.node
    if node is None:
        return
    yield node, True
    while True:
        if (descend is None or descend(node)) and cursor.goto_first_child():
            node = cursor.node
            assert node is not None  # the cursor is on a real child after a successful goto
            yield node, True
            continue
        yield node, False
        # Climb until a next sibling exists; the cursor never leaves ``root``'s subtree,
        # so goto_parent() fails exactly when we are back at ``root``.
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return
            parent = cursor.node
            assert parent is not None
            yield parent, False
        node = cursor.node
        assert node is not None
        yield node, True


def iter_nodes(root: Node, descend: Callable[[Node], bool] | None = None) -> Iterator[Node]:
    """Pre-order iteration (enter events only) over ``root`` and its descendants."""
    for node, entering in walk(root, descend):
        if entering:
            yield node


def collect_problems(
    root: Node,
    index: LineIndex,
    limit: int = MAX_PROBLEMS,
    tolerated: Callable[[Node], bool] | None = None,
) -> list[ParseProblem]:
    """One ``ParseProblem("syntax error", span)`` per top-most ERROR or MISSING node, in
    source order, at most ``limit``. Subtrees without errors are skipped cheaply.
    ``tolerated``: a frontend's test for nodes its grammar marks as errors in valid code
    (a recovery that still built the right tree), which are not problems."""
    problems: list[ParseProblem] = []
    if not root.has_error:
        return problems

    def descend(node: Node) -> bool:
        # Nothing below an ERROR is top-most; subtrees without errors hold none.
        return not node.is_error and node.has_error

    for node in iter_nodes(root, descend):
        if (node.is_error or node.is_missing) and not (tolerated and tolerated(node)):
            problems.append(ParseProblem("syntax error", node_span(index, node)))
            if len(problems) >= limit:
                break
    return problems


@dataclass
class Source:
    """One parsed file: its text, the UTF-8 bytes tree-sitter saw, a ``LineIndex`` and the
    tree (None only when the parser itself failed; ``problems`` then says why)."""

    text: str
    data: bytes
    index: LineIndex
    tree: Tree | None
    problems: list[ParseProblem] = field(default_factory=list)

    def span(self, node: Node) -> Span:
        return node_span(self.index, node)

    def text_of(self, node: Node | None) -> str:
        return node_text(node, self.data)


def parse_source(
    grammar: str, text: str, tolerated: Callable[[Node], bool] | None = None
) -> Source:
    """Parse ``text`` with the named grammar. Never raises for bad input: parser failures
    and syntax errors land in ``Source.problems`` (an unknown grammar name or a missing
    wheel still raise, since those are programming / installation errors)."""
    index = LineIndex(text)
    data = index.data
    parser = get_parser(grammar)
    try:
        with budget.native_parse() as on_progress:
            if on_progress is None:
                tree = parser.parse(data)
            else:
                # tree-sitter calls a progress callback only when it reads through one.
                tree = parser.parse(
                    lambda offset, _point: data[offset : offset + _READ_CHUNK],
                    progress_callback=on_progress,
                )
    except (ValueError, RuntimeError) as error:  # e.g. parser cancelled or out of memory
        # A cancelled parse resumes where it stopped on the next call unless reset.
        parser.reset()
        what = budget.exceeded()
        if what is not None:
            raise budget.Exceeded(what) from None
        return Source(text, data, index, None, [ParseProblem(f"parser failed: {error}")])
    nodes = tree.root_node.descendant_count
    if nodes > _MAX_NODES_PER_BYTE * len(data) + _NODES_ALWAYS_ALLOWED:
        # Error recovery can build millions of nodes for a few kilobytes (a 1.6 kB Kotlin
        # mutant: 7 million); walking them would cost seconds and gigabytes for nothing.
        problem = ParseProblem(
            f"parser failed: syntax tree too large ({nodes} nodes for {len(data)} bytes)"
        )
        return Source(text, data, index, None, [problem])
    problems = collect_problems(tree.root_node, index, tolerated=tolerated)
    return Source(text, data, index, tree, problems)
