"""Python frontend (tree-sitter).

tree-sitter-python parses a file in well under a millisecond per 5 KB, gives byte positions
for free, recovers from syntax errors by itself and builds deep nesting without recursion, so
the whole file is parsed once and walked once, iteratively (a tree cursor), with the flow
context of each node decided by its parent. Value building is recursive but depth-capped
(``MAX_VALUE_DEPTH``).

The facts are those of the former libcst frontend, position for position. Where libcst and
tree-sitter draw a node's extent differently, the libcst extent is kept:

- Parentheses belong to no node: ``(a)`` is ``a``, the span of ``(1, 2)`` is ``1, 2`` and
  that of a generator expression ``(x for x in y)`` (also as the only argument of a call)
  is ``x for x in y``.
- A function, class or ``for`` statement ends with its last statement, not with comments
  after it that tree-sitter puts into the block.
- Comments end before a ``\\r``.

Where tree-sitter-python (0.25) reads Python differently from Python, Python's reading is
restored: ``type(x).attr = v`` (read as a type alias statement; such lines are parsed with
``TYPE`` in place of ``type``), ``f(g(), *a.b())`` (sometimes read as a call of ``*a.b``),
``x := a if c else b`` (read as ``(x := a) if c else b``), raw strings ending in a
backslash pair (``r"\\\\"``), and lines ended by a lone ``\\r``.

Decisions the contract leaves open, written down here:

- ``import a`` → ``Import("a", None, "a")``; ``import a.b`` → ``Import("a.b", None, None)``
  (it binds ``a``, which is not the module ``a.b``); ``from a import b`` →
  ``Import("a", "b", "b")``; relative imports keep their dots (``from .x import y`` →
  module ``".x"``). Every import of one statement carries the statement's span.
- ``+`` concatenation with a string literal operand is a TEMPLATE even when every operand is
  a literal; implicit concatenation (``"a" "b"``) is one STRING. Each part of an implicit
  concatenation is its own ``StringLiteral``. Bytes literals are decoded as UTF-8.
- Dict keys: string and number literals become strings; names are variables in Python, so
  they are computed keys (None). ``dict(a=1)`` with only keyword arguments is a DICT.
- ``*args`` is a positional UNKNOWN argument (so later positions stay right); ``**kwargs``
  is skipped.
- Chains look through calls and subscripts (``a["k"].f()`` → ``("a", "k", "f")`` for a
  string index, ``("a", "f")`` otherwise); a callee that is itself a subscript
  (``handlers[0](x)``) gives ``()``. NAME values are pure name/attribute paths only;
  ``get_user().email`` is UNKNOWN. A chain keeps its last ``MAX_CHAIN`` parts.
- Flow: ``if``/``elif``/``else`` share one id (the ``if``) with arms 0, 1, 2…; an ``elif``
  condition sits in the arm it opens. ``try`` body and its ``else`` are arm 0, each
  ``except`` clause arm 1, 2…; ``finally`` is in none. ``match`` cases are arms. A ``while``
  loop covers its condition and body; ``for`` and comprehensions cover all but the first
  iterable; loop ``else`` blocks are outside the loop.
- Guards follow the JavaScript frontend: ``if`` arms add their condition (``!`` in ``else``
  and the ``!`` of earlier arms for ``elif``), ternaries likewise, ``match`` cases add
  ``"<subject> == <pattern>"``. Lambdas keep the guards they are written under; ``def``
  resets them.
- Assignments in class bodies are recorded with ``file_level=False``; module-level ones
  (also inside module-level ``if``/``try``) are file level. Augmented assignments, walrus
  and destructuring are not assignments.
- ``FunctionDef.scope`` is the function's own scope string; ``class_name`` is set for
  functions written directly in a class body.
- ``globals_used`` is left empty: Python files are server context by language.
- List/set/generator comprehensions with one ``for`` are COMPREHENSION (element,
  collection); ``xs[a:b]`` without a step is SLICE; ``+ - * / // %`` with no string
  literal operand is ARITHMETIC; ``**spread`` in a dict literal is an entry with key None.
  ``for`` statements are recorded as ``Loop`` facts and every int/float literal as a
  ``NumberLiteral``.
- Syntax errors: each top-most ERROR / MISSING node is one ``ParseProblem("syntax error")``
  (at most ``MAX_PROBLEMS``); whatever tree-sitter recovered around and inside it is still
  read, as in the other tree-sitter frontends. Unparsable pieces inside argument lists,
  lists and dicts are left out of the values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import NamedTuple, cast

from tree_sitter import Node, Parser

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
from brazelint.frontends.collector import FactsCollector
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language

#: Values nested deeper than this become UNKNOWN (keeps value building's recursion bounded).
MAX_VALUE_DEPTH = limits.VALUE_DEPTH
#: Branch, loop and guard paths stop growing here.
MAX_NESTING = limits.NESTING
#: Guard texts are cut to this many characters.
MAX_GUARD = limits.GUARD_TEXT
#: UNKNOWN values carry at most this much source.
MAX_EXCERPT = limits.EXCERPT
#: At most this many problems per file.
MAX_PROBLEMS = ts.MAX_PROBLEMS
#: Call chains keep at most this many parts (the last ones): more than the libcst frontend
#: ever gave (it refused statements with more than 300 operators in a row), few enough that
#: the calls of a 10,000-link ``a.b().c()…`` do not hold 10,000 parts each.
MAX_CHAIN = limits.CHAIN_PARTS

_ITERATION_METHODS = frozenset(
    {"forEach", "map", "flatMap", "filter", "compactMap", "reduce", "onEach"}
)
#: Arithmetic operators that make an ARITHMETIC value (as tree-sitter and Value spell them).
_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%"})
_STRING_TYPES = frozenset({"string", "concatenated_string"})
#: What libcst reads as a ``Name`` (``None.__class__`` is a name path there).
_NAMES = frozenset({"identifier", "true", "false", "none"})
_NUMBER_TYPES = frozenset({"integer", "float"})
_COMPREHENSIONS = frozenset({"list_comprehension", "set_comprehension", "generator_expression"})
_SEQUENCES = frozenset({"list", "tuple", "set", "expression_list"})
#: Nodes that may sit anywhere between tokens and are no part of the syntax around them.
_EXTRAS = frozenset({"comment", "line_continuation"})
#: Children that hold no element of a list, dict or argument list.
_NOT_ELEMENTS = frozenset({*_EXTRAS, "ERROR"})
#: Nodes whose parentheses are part of them in tree-sitter but not in their extent.
_PARENTHESIZED = frozenset({"tuple", "generator_expression", "tuple_pattern"})
#: Postfix expressions → the field holding their leftmost operand.
_POSTFIX = {"call": "function", "attribute": "object", "subscript": "value"}
_SPLATS = frozenset({"list_splat", "dictionary_splat"})
#: Statements and blocks that can end with comments tree-sitter counts as theirs.
_BLOCKS = frozenset(
    {
        "block",
        "function_definition",
        "class_definition",
        "decorated_definition",
        "if_statement",
        "elif_clause",
        "else_clause",
        "for_statement",
        "while_statement",
        "try_statement",
        "except_clause",
        "except_group_clause",
        "finally_clause",
        "with_statement",
        "match_statement",
        "case_clause",
    }
)
_PATTERNS = frozenset({"pattern_list", "tuple_pattern", "list_pattern"})
_ESCAPE = re.compile(
    r"\\(\r\n|[\n\r\\'\"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
    r"|N\{[^}]*\})"
)
_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}

_Point = tuple[int, int]


def _parser() -> Parser:
    return ts.get_parser("python")


def parse(path: str, text: str, language: Language) -> FileFacts:
    """Facts for one Python file. Never raises on bad input."""
    problems: list[ParseProblem] = []
    collected = FactsCollector()
    try:
        # Python ends lines at a lone "\r" too; tree-sitter and LineIndex only at "\n". The
        # lines are counted and parsed with "\n" there (same length); text is read from
        # ``data``, as written.
        lines = _LONE_CR.sub("\n", text) if "\r" in text else text
        index = LineIndex(lines)
        data = index.data if lines == text else text.encode("utf-8", "surrogatepass")
        root = _parser().parse(_without_misread_type(index.data)).root_node
        problems = ts.collect_problems(root, index, MAX_PROBLEMS)
        extractor = _Extractor(index, data, root)
        collected = extractor
        extractor.run()
        problems.extend(extractor.problems)
    except Exception as error:  # the contract: never raise, whatever the input
        problems.append(ParseProblem(f"python frontend failed: {type(error).__name__}"))
    return collected.freeze(path, language, problems[:MAX_PROBLEMS])


#: A line end Python knows and tree-sitter does not.
_LONE_CR = re.compile(r"\r(?!\n)")
#: A line starting with ``type(``: never a type alias (``type X = …``), but tree-sitter
#: reads ``type(x).attr = v`` as one.
_TYPE_CALL_LINE = re.compile(rb"^([ \t\f]*)type([ \t]*\()", re.MULTILINE)


def _without_misread_type(data: bytes) -> bytes:
    """``data`` with ``type`` at the start of ``type(…)`` lines spelled ``TYPE``, so that
    tree-sitter reads a call. Lengths stay the same and names are read from the original
    bytes, so nothing else changes."""
    if b"type" not in data:
        return data
    return _TYPE_CALL_LINE.sub(rb"\1TYPE\2", data)


# --- flow context -----------------------------------------------------------------------------


class _Context(NamedTuple):
    """The flow context of the node being walked (immutable; replaced, never changed)."""

    scope: str = "<module>"
    branch: tuple[str, ...] = ()
    loops: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    #: The class whose body this is directly in.
    class_name: str | None = None
    #: True at module level (not inside a function or class body).
    file_level: bool = True

    def arm(self, statement_id: int, arm: int, *guards: str) -> _Context:
        if len(self.branch) >= MAX_NESTING:
            return self
        return self._replace(
            branch=(*self.branch, f"{statement_id}:{arm}"),
            guards=(*self.guards, *(_guard_text(g) for g in guards)),
        )

    def guarded(self, *guards: str) -> _Context:
        if len(self.guards) >= MAX_NESTING:
            return self
        return self._replace(guards=(*self.guards, *(_guard_text(g) for g in guards)))

    def in_loop(self, label: str) -> _Context:
        if len(self.loops) >= MAX_NESTING:
            return self
        return self._replace(loops=(*self.loops, label))


def _guard_text(text: str) -> str:
    return " ".join(text.split())[:MAX_GUARD]


# --- small helpers on nodes -------------------------------------------------------------------


def _strip(node: Node) -> Node:
    """Look through parentheses around one expression (``((a))`` → ``a``)."""
    while node.type == "parenthesized_expression":
        inner = _only_child(node)
        if inner is None:
            break
        node = inner
    return node


def _only_child(node: Node) -> Node | None:
    """The one named child that is not a comment, or None."""
    found: Node | None = None
    for child in node.named_children:
        if child.type in _EXTRAS:
            continue
        if found is not None:
            return None
        found = child
    return found


def _first_child(node: Node) -> Node | None:
    for child in node.named_children:
        if child.type not in _EXTRAS:
            return child
    return None


def _misread_splat(node: Node) -> Node | None:
    """The expression after the star of ``*a.b()`` that tree-sitter sometimes reads as a
    call (attribute, subscript) of ``*a.b`` (its leftmost operand is a splat)."""
    current: Node | None = node
    # Bounded: every call of a long ``*a.b().c()…`` chain asks (the star then stays in).
    for _ in range(MAX_CHAIN):
        if current is None or current.type not in _POSTFIX:
            break
        current = current.child_by_field_name(_POSTFIX[current.type])
    if current is not None and current.type in _SPLATS:
        return _first_child(current)
    return None


def _is_imaginary(text: str) -> bool:
    return text[-1:] in ("j", "J")


def _number(kind: str, text: str) -> float | None:
    try:
        if _is_imaginary(text):
            return None
        if kind == "integer":
            return float(int(text, 0))
        return float(text)
    except (ValueError, OverflowError):
        return None


def _content_span(span: Span, opening: int, closing: int) -> Span:
    return Span(span.line, span.col + opening, span.end_line, span.end_col - closing)


def _decode_formatted_text(raw: str, prefix: str) -> str:
    text = raw.replace("{{", "{").replace("}}", "}")
    return text if "r" in prefix.lower() else _unescape(text, is_bytes=False)


def _unescape(body: str, *, is_bytes: bool) -> str:
    """Python's backslash escapes, without ``eval`` and without warnings for unknown ones
    (which, as in Python, stay as written)."""
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        first = escape[0]
        if first in "\r\n":
            return ""  # a backslash-newline continues the string
        if first in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[first]
        if first in "01234567":
            code = int(escape, 8)
            return chr(code & 0xFF if is_bytes else code)
        if first == "x":
            return chr(int(escape[1:], 16))
        if is_bytes:  # \u, \U and \N are not escapes in bytes
            return match.group(0)
        if first in "uU":
            code_point = int(escape[1:], 16)
            return chr(code_point) if code_point <= 0x10FFFF else match.group(0)
        try:
            return unicodedata.lookup(escape[2:-1])
        except KeyError:
            return match.group(0)

    decoded = _ESCAPE.sub(replace, body)
    if is_bytes:
        # Each character stands for one byte here; read the bytes as UTF-8.
        return decoded.encode("latin-1", "replace").decode("utf-8", "replace")
    return decoded


class _StringParts(NamedTuple):
    """Where a string literal's content lies, between its prefix and quotes."""

    prefix: str
    #: Lengths of the opening (prefix and quotes) and the closing quotes (0 when missing).
    opening: int
    closing: int
    start: int
    start_point: _Point
    end: int
    end_point: _Point


# --- extraction -------------------------------------------------------------------------------


_Handler = Callable[["_Extractor", Node, _Context], _Context]


class _Extractor(FactsCollector):
    """Walks one tree once, iteratively, and collects its facts."""

    def __init__(self, index: LineIndex, data: bytes, root: Node) -> None:
        super().__init__()
        self.index = index
        #: The file as written (the tree was parsed from a copy with a few bytes changed).
        self.data = data
        self.root = root
        self.problems: list[ParseProblem] = []
        #: Contexts decided by an ancestor for a descendant (arms, loop bodies, new scopes).
        self._assigned: dict[int, _Context] = {}
        #: Lambdas passed to iteration methods → their ``iter:<method>@<line>`` label.
        self._iter_lambdas: dict[int, str] = {}
        #: Calls already built (as a value or by the walk), so each is built once.
        self._calls: dict[int, Call] = {}
        #: Calls → the chain seen through them (see _chain).
        self._chains: dict[int, tuple[str, ...]] = {}
        #: Function definitions → the dotted names of their decorators.
        self._decorators: dict[int, tuple[str, ...]] = {}
        #: Inner assignments of ``a = b = 1``, recorded with the outer one.
        self._chained: set[int] = set()
        #: String literals → their delimiters (asked for by the walk and by values).
        self._string_memo: dict[int, _StringParts] = {}

    # --- walking ------------------------------------------------------------------------------

    def run(self) -> None:
        cursor = self.root.walk()
        first_child = cursor.goto_first_child
        next_sibling = cursor.goto_next_sibling
        parent = cursor.goto_parent
        node: Node = self.root
        assigned = self._assigned
        dispatch = _dispatch()
        #: The context each entered ancestor gives its children, innermost last.
        saved: list[_Context] = []
        inherited = _Context()
        # This loop runs for every node of the file: one kind lookup says whether the node
        # is named and what handles it; anonymous tokens (about half the nodes) get nothing.
        while True:
            handler = dispatch.get(node.kind_id, _ANONYMOUS)
            if handler is not _ANONYMOUS:
                context = assigned.pop(node.id, inherited) if assigned else inherited
                if handler is not None:
                    try:
                        inner = handler(self, node, context)
                    except Exception as error:  # one odd node must not lose the file
                        self._problem(f"could not read {node.type}: {error!r}", node)
                        inner = context
                else:
                    inner = context
                if first_child():
                    saved.append(inherited)
                    inherited = inner
                    node = cursor.node  # type: ignore[assignment]  # a child exists
                    continue
            elif node.child_count and first_child():
                saved.append(inherited)
                node = cursor.node  # type: ignore[assignment]  # a child exists
                continue
            # Climb until a next sibling exists; the cursor never leaves the root's subtree,
            # so goto_parent() fails exactly when the root has been left.
            while not next_sibling():
                if not parent():
                    return
                inherited = saved.pop()
            node = cursor.node  # type: ignore[assignment]  # on the sibling just reached

    def _problem(self, message: str, node: Node) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ParseProblem(message, self.span(node)))

    # --- positions and text -------------------------------------------------------------------

    def _bounds(self, node: Node) -> tuple[int, _Point, int, _Point]:
        """Start byte, start point, end byte and end point of ``node`` as libcst draws it:
        without parentheses (see the module docstring)."""
        node = _strip(node)
        kind = node.type
        if kind in _PARENTHESIZED:
            children = node.children
            low, high = 0, len(children)
            if low < high and children[low].type == "(":
                low += 1
            if high > low and children[high - 1].type == ")":
                high -= 1
            while low < high and children[low].type in _EXTRAS:
                low += 1
            while high > low and children[high - 1].type in _EXTRAS:
                high -= 1
            if low < high:
                first, last = children[low], children[high - 1]
                return first.start_byte, first.start_point, last.end_byte, last.end_point
            if high < len(children):  # ``()``: an empty extent where the content would be
                anchor = children[high]
                return anchor.start_byte, anchor.start_point, anchor.start_byte, anchor.start_point
        elif kind in _POSTFIX and self._starred(node):
            # ``*a.b()`` read as a call of ``*a.b``: the call itself starts after the star.
            inner = _misread_splat(node)
            if inner is not None:
                return inner.start_byte, inner.start_point, node.end_byte, node.end_point
        return node.start_byte, node.start_point, node.end_byte, node.end_point

    def span(self, node: Node) -> Span:
        start_byte, start, end_byte, end = self._bounds(node)
        return self.index.byte_span(start, end, start_byte, end_byte)

    def _statement_span(self, node: Node) -> Span:
        """A compound statement's span, ending with its last statement (tree-sitter counts
        comments after that as part of the block)."""
        current = node
        while True:
            last: Node | None = None
            for child in reversed(current.children):
                if child.type not in _EXTRAS:
                    last = child
                    break
            if last is None:
                break
            if last.end_byte != current.end_byte or last.type in _BLOCKS:
                current = last
                continue
            break
        return self.index.byte_span(node.start_point, current.end_point)

    def _decode(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "surrogatepass")

    def text(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self._decode(node.start_byte, node.end_byte)

    def code(self, node: Node) -> str:
        """The source of ``node`` without parentheses."""
        start, _, end, _ = self._bounds(node)
        return self._decode(start, end)

    def _code_between(self, nodes: Sequence[Node]) -> str:
        """The source from the first of ``nodes`` to the last."""
        if not nodes:
            return ""
        if len(nodes) == 1:
            return self.code(nodes[0])
        start = self._bounds(nodes[0])[0]
        end = self._bounds(nodes[-1])[2]
        return self._decode(start, end)

    def _excerpt(self, node: Node) -> str:
        start, _, end, _ = self._bounds(node)
        return self._raw_excerpt(start, end)

    def _raw_excerpt(self, start: int, end: int) -> str:
        # Decode only a bounded prefix: a huge node must not cost its whole size per excerpt.
        limit = 4 * MAX_EXCERPT
        if end - start <= limit:
            return self._decode(start, end)[:MAX_EXCERPT]
        chunk = self.data[start : start + limit]
        try:
            return chunk.decode("utf-8", "surrogatepass")[:MAX_EXCERPT]
        except UnicodeDecodeError as error:  # the cut fell inside a character
            return chunk[: error.start].decode("utf-8", "surrogatepass")[:MAX_EXCERPT]

    def _element_kind(self, node: Node) -> str:
        """The node's type, with a misread ``*a.b()`` / ``**a.b()`` (see _misread_splat)
        counted as the splat it is."""
        kind = node.type
        if kind in _POSTFIX and self._starred(node):
            if self.data[node.start_byte + 1 : node.start_byte + 2] == b"*":
                return "dictionary_splat"
            return "list_splat"
        return kind

    def _starred(self, node: Node) -> bool:
        start = node.start_byte
        return self.data[start : start + 1] == b"*"

    def flow(self, order: int, context: _Context) -> Flow:
        return Flow(context.scope, order, context.branch, context.loops, context.guards)

    # --- statements ---------------------------------------------------------------------------

    def _function(self, node: Node, context: _Context) -> _Context:
        name = self.text(node.child_by_field_name("name"))
        span = self._statement_span(node)
        scope = f"{name}@{span.line}"
        self.functions.append(
            FunctionDef(
                name,
                span,
                scope,
                self._parameter_names(node.child_by_field_name("parameters")),
                self._decorators.pop(node.id, ()),
                context.class_name,
            )
        )
        # Defaults, annotations and decorators run in the enclosing scope; the body is new.
        body = node.child_by_field_name("body")
        if body is not None:
            self._assigned[body.id] = _Context(scope=scope, file_level=False)
        return context

    def _decorated(self, node: Node, context: _Context) -> _Context:
        definition = node.child_by_field_name("definition")
        if definition is None or definition.type != "function_definition":
            return context
        names: list[str] = []
        for decorator in node.named_children:
            if decorator.type != "decorator":
                continue
            expression = _first_child(decorator)
            if expression is None:
                continue
            expression = _strip(expression)
            if expression.type == "call":
                function = expression.child_by_field_name("function")
                if function is None:
                    continue
                expression = function
            dotted = self._dotted(expression)
            if dotted is not None:
                names.append(dotted)
        self._decorators[definition.id] = tuple(names)
        return context

    def _parameter_names(self, parameters: Node | None) -> tuple[str, ...]:
        if parameters is None:
            return ()
        names: list[str] = []
        for child in parameters.named_children:
            kind = child.type
            if kind in ("default_parameter", "typed_default_parameter"):
                child = child.child_by_field_name("name") or child
            elif kind == "typed_parameter":
                child = _first_child(child) or child
            if child.type in ("list_splat_pattern", "dictionary_splat_pattern"):
                child = _first_child(child) or child
            if child.type == "identifier":
                names.append(self.text(child))
        return tuple(names)

    def _lambda(self, node: Node, context: _Context) -> _Context:
        span = self.span(node)
        label = self._iter_lambdas.pop(node.id, None)
        body = node.child_by_field_name("body")
        if body is not None:
            self._assigned[body.id] = _Context(
                scope=f"<lambda>@{span.line}:{span.col}",
                loops=(label,) if label else (),
                guards=context.guards,  # a lambda only exists where it is written
                file_level=False,
            )
        return context

    def _class(self, node: Node, context: _Context) -> _Context:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        superclasses = node.child_by_field_name("superclasses")
        if superclasses is not None:
            for argument in superclasses.named_children:
                kind = argument.type
                if kind in ("keyword_argument", "dictionary_splat") or kind in _NOT_ELEMENTS:
                    continue
                expression: Node | None = argument
                if kind == "list_splat":
                    expression = _first_child(argument)
                if expression is None:
                    continue
                expression = _strip(expression)
                if expression.type == "subscript":  # Generic[T] → Generic
                    expression = expression.child_by_field_name("value") or expression
                dotted = self._dotted(expression)
                if dotted is not None:
                    bases.append(dotted.rsplit(".", 1)[-1])
        self.classes.append(ClassDef(name, self._statement_span(node), tuple(bases)))
        body = node.child_by_field_name("body")
        if body is not None:
            self._assigned[body.id] = context._replace(class_name=name, file_level=False)
        return context

    def _if(self, node: Node, context: _Context) -> _Context:
        statement_id = node.start_byte
        condition_node = node.child_by_field_name("condition")
        condition = self.code(condition_node) if condition_node is not None else ""
        consequence = node.child_by_field_name("consequence")
        if consequence is not None:
            self._assigned[consequence.id] = context.arm(statement_id, 0, condition)
        base = context
        arm = 0
        for alternative in node.children_by_field_name("alternative"):
            arm += 1
            negated = base.guarded("!" + condition)
            # An elif's own condition runs in the arm it opens.
            self._assigned[alternative.id] = negated.arm(statement_id, arm)
            if alternative.type != "elif_clause":
                continue
            condition_node = alternative.child_by_field_name("condition")
            condition = self.code(condition_node) if condition_node is not None else ""
            consequence = alternative.child_by_field_name("consequence")
            if consequence is not None:
                self._assigned[consequence.id] = negated.arm(statement_id, arm, condition)
            base = negated
        return context

    def _try(self, node: Node, context: _Context) -> _Context:
        statement_id = node.start_byte
        success = context.arm(statement_id, 0)
        body = node.child_by_field_name("body")
        if body is not None:
            self._assigned[body.id] = success
        index = 0
        for child in node.named_children:
            if child.type in ("except_clause", "except_group_clause"):
                index += 1
                self._assigned[child.id] = context.arm(statement_id, index)
            elif child.type == "else_clause":
                self._assigned[child.id] = success
        return context

    def _match(self, node: Node, context: _Context) -> _Context:
        statement_id = node.start_byte
        subject = self._code_between(node.children_by_field_name("subject"))
        body = node.child_by_field_name("body")
        if body is None:
            return context
        cases = [child for child in body.named_children if child.type == "case_clause"]
        for index, case in enumerate(cases):
            patterns = [child for child in case.named_children if child.type == "case_pattern"]
            if len(patterns) == 1:  # ``case (a, b):`` → ``a, b``, as for expressions
                inner = _only_child(patterns[0])
                if inner is not None and inner.type == "tuple_pattern":
                    patterns = [inner]
            self._assigned[case.id] = context.arm(
                statement_id, index, f"{subject} == {self._code_between(patterns)}"
            )
        return context

    def _for(self, node: Node, context: _Context) -> _Context:
        span = self._statement_span(node)
        label = f"loop@{span.line}"
        body = node.child_by_field_name("body")
        if body is not None:
            self._assigned[body.id] = context.in_loop(label)
        iterable = node.child_by_field_name("right")
        if iterable is not None:
            self.loops.append(
                Loop(
                    label,
                    self._bound_names(node.child_by_field_name("left")),
                    self.value(iterable, context),
                    span,
                    self.flow(node.start_byte, context),
                )
            )
        return context

    def _while(self, node: Node, context: _Context) -> _Context:
        looped = context.in_loop(f"loop@{self.span(node).line}")
        for field in ("condition", "body"):
            child = node.child_by_field_name(field)
            if child is not None:
                self._assigned[child.id] = looped
        return context

    def _comprehension(self, node: Node, context: _Context) -> _Context:
        # The first iterable is evaluated once, before the loop starts.
        for clause in node.named_children:
            if clause.type == "for_in_clause":
                for iterable in clause.children_by_field_name("right"):
                    self._assigned[iterable.id] = context
                break
        return context.in_loop(f"loop@{self.span(node).line}")

    def _if_expression(self, node: Node, context: _Context) -> _Context:
        parts = [child for child in node.named_children if child.type not in _EXTRAS]
        if len(parts) != 3:
            return context
        body, test, orelse = parts
        if body.type == "named_expression":
            # tree-sitter reads ``x := a if c else b`` as ``(x := a) if c else b``; Python
            # (and libcst) as ``x := (a if c else b)``.
            body = body.child_by_field_name("value") or body
        statement_id = body.start_byte
        condition = self.code(test)
        self._assigned[body.id] = context.arm(statement_id, 0, condition)
        self._assigned[orelse.id] = context.arm(statement_id, 1, "!" + condition)
        return context

    def _choice(self, node: Node, span: Span, context: _Context, depth: int) -> Value | None:
        """``a or b or c`` (the left spine flattened) as a CHOICE."""
        operands: list[Node] = []
        current = node
        while current.type == "boolean_operator":
            operator = current.child_by_field_name("operator")
            left = current.child_by_field_name("left")
            right = current.child_by_field_name("right")
            if operator is None or operator.type != "or" or left is None or right is None:
                break
            operands.append(right)
            current = _strip(left)
        if current is node:
            return None
        operands.append(current)
        items = tuple(self.value(o, context, depth + 1) for o in reversed(operands))
        return Value(ValueKind.CHOICE, self._excerpt(node), span, items=items)

    def _return(self, node: Node, context: _Context) -> _Context:
        returned = [child for child in node.named_children if child.type not in _EXTRAS]
        if returned:
            self.returns.append(
                Return(
                    self.value(returned[0], context),
                    self.span(node),
                    self.flow(node.start_byte, context),
                )
            )
        return context

    def _number_literal(self, node: Node, context: _Context) -> _Context:
        text = self.text(node)
        if _is_imaginary(text):
            return context
        self.numbers.append(
            NumberLiteral(
                text, _number(node.type, text), self.span(node), self.flow(node.start_byte, context)
            )
        )
        return context

    def _assign(self, node: Node, context: _Context) -> _Context:
        if node.id in self._chained:
            return context
        targets: list[tuple[str, ...]] = []
        current = node
        while True:
            left = current.child_by_field_name("left")
            targets.append(self._target(left) if left is not None else ())
            right = current.child_by_field_name("right")
            if (
                right is not None
                and right.type == "assignment"
                and current.child_by_field_name("type") is None
            ):
                self._chained.add(right.id)  # a = b = 1: one statement, two targets
                current = right
                continue
            break
        if right is None or not any(targets):
            return context
        value = self.value(right, context)
        span = self.span(node)
        for target in targets:
            if target:
                self.assignments.append(
                    Assignment(
                        target, value, span, self.flow(node.start_byte, context), context.file_level
                    )
                )
        return context

    def _import(self, node: Node, context: _Context) -> _Context:
        span = self.span(node)
        for name in node.children_by_field_name("name"):
            if name.type == "aliased_import":
                module = self._dotted_name(name.child_by_field_name("name"))
                bound: str | None = self.text(name.child_by_field_name("alias")) or None
            else:
                module = self._dotted_name(name)
                bound = None
            if bound is None and "." not in module:
                bound = module
            self.imports.append(Import(module, None, bound, span))
        return context

    def _import_from(self, node: Node, context: _Context) -> _Context:
        span = self.span(node)
        if node.type == "future_import_statement":
            module = "__future__"
        else:
            module_node = node.child_by_field_name("module_name")
            module = ""
            if module_node is not None and module_node.type == "relative_import":
                for child in module_node.named_children:
                    if child.type == "import_prefix":
                        module += "." * self.text(child).count(".")
                    elif child.type == "dotted_name":
                        module += self._dotted_name(child)
            else:
                module = self._dotted_name(module_node)
        if any(child.type == "wildcard_import" for child in node.named_children):
            self.imports.append(Import(module, "*", None, span))
            return context
        for name_node in node.children_by_field_name("name"):
            if name_node.type == "aliased_import":
                name = self._dotted_name(name_node.child_by_field_name("name"))
                alias = self.text(name_node.child_by_field_name("alias")) or name
            else:
                name = alias = self._dotted_name(name_node)
            self.imports.append(Import(module, name, alias, span))
        return context

    def _string(self, node: Node, context: _Context) -> _Context:
        parts = self._string_parts(node)
        span = self.span(node)
        is_template = "f" in parts.prefix.lower()
        if is_template:
            text = "".join(
                _decode_formatted_text(piece, parts.prefix)
                if isinstance(piece, str)
                else "{" + self.code(piece) + "}"
                for piece, _, _ in self._formatted_pieces(node, parts)
            )
        else:
            text = self._decode_simple(node, parts)
        self.strings.append(
            StringLiteral(
                text,
                span,
                _content_span(span, parts.opening, parts.closing),
                is_template,
                self.flow(node.start_byte, context),
            )
        )
        return context

    def _comment(self, node: Node, context: _Context) -> _Context:
        # Lines end at "\r" too: a CRLF file's comments must not carry the "\r".
        text = self.text(node).split("\r", 1)[0]
        line, col = self.index.byte_point(*node.start_point)
        end_byte = node.start_byte + len(text.encode("utf-8", "surrogatepass"))
        span = Span(line, col, line, col + len(text), node.start_byte, end_byte)
        self.comments.append(Comment(text, span))
        return context

    def _call_node(self, node: Node, context: _Context) -> _Context:
        call = self.call(node, context, 0)
        self.calls.append(call)
        if call.name in _ITERATION_METHODS:
            label = f"iter:{call.name}@{(call.name_span or call.span).line}"
            arguments = node.child_by_field_name("arguments")
            if arguments is not None and arguments.type == "argument_list":
                for argument in arguments.named_children:
                    expression: Node | None = argument
                    if argument.type == "keyword_argument":
                        expression = argument.child_by_field_name("value")
                    elif argument.type in ("list_splat", "dictionary_splat"):
                        expression = _first_child(argument)
                    if expression is not None:
                        expression = _strip(expression)
                        if expression.type == "lambda":
                            self._iter_lambdas[expression.id] = label
        return context

    # --- calls and values ---------------------------------------------------------------------

    def call(self, node: Node, context: _Context, depth: int) -> Call:
        cached = self._calls.get(node.id)
        if cached is not None:
            return cached
        chain: tuple[str, ...] = ()
        name_node: Node | None = None
        function = node.child_by_field_name("function")
        if function is not None:
            callee = _strip(function)
            if callee.type in _SPLATS:  # ``*a.b()`` misread (see _misread_splat)
                callee = _strip(_first_child(callee) or callee)
            if callee.type != "subscript":
                chain = self._chain(callee)
            if callee.type in _NAMES:
                name_node = callee
            elif callee.type == "attribute":
                name_node = callee.child_by_field_name("attribute")
        arguments: list[Argument] = []
        argument_list = node.child_by_field_name("arguments")
        if argument_list is not None:
            if argument_list.type == "generator_expression":  # f(x for x in xs)
                arguments.append(Argument(self.value(argument_list, context, depth + 1)))
            else:
                for argument in argument_list.named_children:
                    kind = self._element_kind(argument)
                    if kind == "dictionary_splat" or kind in _NOT_ELEMENTS:
                        continue
                    if kind == "list_splat":
                        # The whole ``*args``, star included.
                        arguments.append(
                            Argument(
                                Value(
                                    ValueKind.UNKNOWN,
                                    self._raw_excerpt(argument.start_byte, argument.end_byte),
                                    self.index.byte_span(argument.start_point, argument.end_point),
                                )
                            )
                        )
                    elif kind == "keyword_argument":
                        value_node = argument.child_by_field_name("value")
                        if value_node is None:
                            continue
                        label = self.text(argument.child_by_field_name("name")) or None
                        arguments.append(
                            Argument(self.value(value_node, context, depth + 1), label)
                        )
                    else:
                        arguments.append(Argument(self.value(argument, context, depth + 1)))
        start, start_point, _, end_point = self._bounds(node)
        call = Call(
            chain,
            tuple(arguments),
            self.index.byte_span(start_point, end_point),
            self.flow(start, context),
            name_span=self.span(name_node) if name_node is not None else None,
        )
        self._calls[node.id] = call
        return call

    def value(self, node: Node, context: _Context, depth: int = 0) -> Value:
        node = _strip(node)
        if depth > MAX_VALUE_DEPTH:
            return self._unknown(node)
        while node.type == "await":
            inner = _first_child(node)
            if inner is None:
                break
            node = _strip(inner)
        kind = node.type
        span = self.span(node)
        if kind == "string":
            if "f" in self._string_parts(node).prefix.lower():
                return self._template([node], span, context, depth)
            return Value(ValueKind.STRING, self._decode_simple(node), span)
        if kind == "concatenated_string":
            return self._concatenated(node, span, context, depth)
        if kind in _NUMBER_TYPES:
            text = self.text(node)
            return Value(ValueKind.NUMBER, text, span, number=_number(kind, text))
        if kind == "unary_operator":
            return self._negative(node, span) or self._unknown(node)
        if kind == "true":
            return Value(ValueKind.BOOL, "true", span)
        if kind == "false":
            return Value(ValueKind.BOOL, "false", span)
        if kind == "none":
            return Value(ValueKind.NULL, "None", span)
        if kind == "identifier":
            return Value(ValueKind.NAME, self.text(node), span)
        if kind == "attribute":
            dotted = self._dotted(node)
            if dotted is not None:
                return Value(ValueKind.NAME, dotted, span)
            return self._unknown(node)
        if kind == "call":
            call = self.call(node, context, depth)
            if call.chain == ("dict",) and call.args and all(a.label for a in call.args):
                entries = tuple((a.label, a.value) for a in call.args)
                return Value(ValueKind.DICT, self._excerpt(node), span, entries=entries)
            return Value(ValueKind.CALL, ".".join(call.chain), span, call=call)
        if kind == "dictionary":
            return Value(
                ValueKind.DICT,
                self._excerpt(node),
                span,
                entries=tuple(self._dict_entries(node, context, depth)),
            )
        if kind in _SEQUENCES:
            items = tuple(
                self.value(element, context, depth + 1)
                for element in node.named_children
                if self._element_kind(element) not in _NOT_ELEMENTS
                and self._element_kind(element) != "list_splat"
            )
            return Value(ValueKind.LIST, self._excerpt(node), span, items=items)
        if kind == "binary_operator":
            operator_node = node.child_by_field_name("operator")
            operator = operator_node.type if operator_node is not None else ""
            if operator == "+":
                operands = self._added_operands(node)
                if any(_strip(o).type in _STRING_TYPES for o in operands):
                    return self._template(operands, span, context, depth)
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if operator in _ARITHMETIC and left is not None and right is not None:
                return Value(
                    ValueKind.ARITHMETIC,
                    self._excerpt(node),
                    span,
                    items=(
                        self.value(left, context, depth + 1),
                        self.value(right, context, depth + 1),
                    ),
                    operator=operator,
                )
            return self._unknown(node)
        if kind == "boolean_operator":
            return self._choice(node, span, context, depth) or self._unknown(node)
        if kind == "conditional_expression":
            parts = [child for child in node.named_children if child.type not in _EXTRAS]
            if len(parts) == 3:
                # Each arm with the flow the walk gives it (``_if_expression``), so that
                # calls built here keep it.
                body, test, orelse = parts
                if body.type == "named_expression":
                    body = body.child_by_field_name("value") or body
                condition = self.code(test)
                items = (
                    self.value(body, context.arm(body.start_byte, 0, condition), depth + 1),
                    self.value(orelse, context.arm(body.start_byte, 1, "!" + condition), depth + 1),
                )
                return Value(ValueKind.CHOICE, self._excerpt(node), span, items=items)
            return self._unknown(node)
        if kind in _COMPREHENSIONS:
            return self._comprehension_value(node, span, context, depth) or self._unknown(node)
        if kind == "subscript":
            return self._slice_value(node, span, context, depth) or self._unknown(node)
        return self._unknown(node)

    def _negative(self, node: Node, span: Span) -> Value | None:
        """``-1`` / ``-2.5`` as a NUMBER."""
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is None or operator.type != "-" or argument is None:
            return None
        argument = _strip(argument)
        if argument.type not in _NUMBER_TYPES:
            return None
        text = self.text(argument)
        if _is_imaginary(text):
            return None
        number = _number(argument.type, text)
        return Value(
            ValueKind.NUMBER, "-" + text, span, number=-number if number is not None else None
        )

    def _comprehension_value(
        self, node: Node, span: Span, context: _Context, depth: int
    ) -> Value | None:
        clauses = [child for child in node.named_children if child.type == "for_in_clause"]
        if len(clauses) != 1:
            return None
        element = node.child_by_field_name("body")
        collection = clauses[0].child_by_field_name("right")
        if element is None or collection is None:
            return None
        # The element is evaluated inside the comprehension's loop (the label the walk gives
        # it too, so calls built here carry the same flow); the collection once, outside it.
        looped = context.in_loop(f"loop@{span.line}")
        return Value(
            ValueKind.COMPREHENSION,
            self._excerpt(node),
            span,
            items=(
                self.value(element, looped, depth + 1),
                self.value(collection, context, depth + 1),
            ),
        )

    def _slice_value(self, node: Node, span: Span, context: _Context, depth: int) -> Value | None:
        """``xs[a:b]`` (no step) as a SLICE; a missing bound is NULL."""
        subscripts = node.children_by_field_name("subscript")
        sliced = node.child_by_field_name("value")
        if len(subscripts) != 1 or subscripts[0].type != "slice" or sliced is None:
            return None
        bounds: list[Node | None] = [None, None, None]
        colons = 0
        for child in subscripts[0].children:
            if child.type == ":":
                colons += 1
            elif child.is_named and child.type not in _EXTRAS and colons < 3:
                bounds[colons] = child
        lower, upper, step = bounds
        if step is not None:
            return None
        missing = Value(ValueKind.NULL, "None", span)
        return Value(
            ValueKind.SLICE,
            self._excerpt(node),
            span,
            items=(
                self.value(sliced, context, depth + 1),
                missing if lower is None else self.value(lower, context, depth + 1),
                missing if upper is None else self.value(upper, context, depth + 1),
            ),
        )

    def _dict_entries(
        self, node: Node, context: _Context, depth: int
    ) -> Iterator[tuple[str | None, Value]]:
        for element in node.named_children:
            if element.type == "dictionary_splat":
                # Keys the dict may hold but that cannot be named (facts.Value.entries).
                spread = _first_child(element)
                if spread is not None:
                    yield None, self.value(spread, context, depth + 1)
                continue
            if element.type != "pair":
                continue
            key = element.child_by_field_name("key")
            value_node = element.child_by_field_name("value")
            if key is None or value_node is None:
                continue
            key = _strip(key)
            key_text: str | None = None
            if key.type == "concatenated_string" or (
                key.type == "string" and "f" not in self._string_parts(key).prefix.lower()
            ):
                key_text = self.value(key, context, depth + 1).string
            elif key.type in _NUMBER_TYPES and not _is_imaginary(self.text(key)):
                key_text = self.text(key)
            yield key_text, self.value(value_node, context, depth + 1)

    def _concatenated(self, node: Node, span: Span, context: _Context, depth: int) -> Value:
        parts = [child for child in node.named_children if child.type == "string"]
        delimiters = [self._string_parts(part) for part in parts]
        if all("f" not in d.prefix.lower() for d in delimiters):
            text = "".join(
                self._decode_simple(part, d) for part, d in zip(parts, delimiters, strict=True)
            )
            return Value(ValueKind.STRING, text, span)
        return self._template(parts, span, context, depth)

    def _template(
        self, operands: Sequence[Node], span: Span, context: _Context, depth: int
    ) -> Value:
        """A TEMPLATE from string pieces and expressions, with nested f-strings spliced in."""
        items: list[Value] = []
        text: list[str] = []
        for operand in operands:
            operand = _strip(operand)
            if operand.type == "string":
                parts = self._string_parts(operand)
                if "f" in parts.prefix.lower():
                    for piece, start, end in self._formatted_pieces(operand, parts):
                        if isinstance(piece, str):
                            decoded = _decode_formatted_text(piece, parts.prefix)
                            items.append(
                                Value(ValueKind.STRING, decoded, self.index.byte_span(start, end))
                            )
                            text.append(decoded)
                        else:
                            items.append(self.value(piece, context, depth + 1))
                            text.append("{" + self.code(piece) + "}")
                    continue
            value = self.value(operand, context, depth + 1)
            if value.kind is ValueKind.TEMPLATE:
                items.extend(value.items)
                text.append(value.text)
            elif value.kind is ValueKind.STRING and operand.type in _STRING_TYPES:
                items.append(value)
                text.append(value.text)
            else:
                items.append(value)
                text.append("{" + self.code(operand) + "}")
        return Value(ValueKind.TEMPLATE, "".join(text), span, items=tuple(items))

    def _unknown(self, node: Node) -> Value:
        return Value(ValueKind.UNKNOWN, self._excerpt(node), self.span(node))

    # --- strings ------------------------------------------------------------------------------

    def _string_parts(self, node: Node) -> _StringParts:
        found = self._string_memo.get(node.id)
        if found is None:
            found = self._string_memo[node.id] = self._read_string_parts(node)
        return found

    def _read_string_parts(self, node: Node) -> _StringParts:
        count = node.child_count
        opening = node.child(0) if count else None
        if opening is not None and opening.type != "string_start":
            opening = None
        closing = node.child(count - 1) if count > 1 else None
        if closing is not None and closing.type != "string_end":
            closing = None
        if opening is None:
            start, start_point, opening_text = node.start_byte, node.start_point, ""
        else:
            start, start_point = opening.end_byte, opening.end_point
            opening_text = self.text(opening)
        prefix = opening_text.rstrip("'\"")
        quote = opening_text[len(prefix) :]
        # tree-sitter puts backslashes before the closing quote of a raw string (r"\\") into
        # string_end: only the quote itself closes.
        if closing is not None and quote and self.text(closing).endswith(quote):
            row, column = closing.end_point
            end, end_point = closing.end_byte - len(quote), (row, column - len(quote))
            closed = len(quote)
        else:
            end, end_point, closed = node.end_byte, node.end_point, 0
        if end < start:
            end, end_point = start, start_point
        return _StringParts(prefix, len(opening_text), closed, start, start_point, end, end_point)

    def _decode_simple(self, node: Node, parts: _StringParts | None = None) -> str:
        if parts is None:
            parts = self._string_parts(node)
        body = self._decode(parts.start, parts.end)
        prefix = parts.prefix.lower()
        if "r" in prefix:
            return body
        return _unescape(body, is_bytes="b" in prefix)

    def _formatted_pieces(
        self, node: Node, parts: _StringParts
    ) -> Iterator[tuple[str | Node, _Point, _Point]]:
        """An f-string's parts in order: raw literal text (between the expressions) and
        expression nodes, each with its start and end point."""
        position, point = parts.start, parts.start_point
        for child in node.children:
            if child.type != "interpolation":
                continue
            if child.start_byte > position:
                yield self._decode(position, child.start_byte), point, child.start_point
            expression = child.child_by_field_name("expression")
            if expression is not None:
                yield expression, expression.start_point, expression.end_point
            position, point = child.end_byte, child.end_point
        if parts.end > position:
            yield self._decode(position, parts.end), point, parts.end_point

    # --- names --------------------------------------------------------------------------------

    def _chain(self, node: Node) -> tuple[str, ...]:
        """The name chain of a callee, with calls collapsed and subscripts looked through.

        The chain seen through each call on the way is remembered, so that the calls of
        ``a.b().c().d()…`` cost one step each rather than a walk to ``a`` each (outer calls
        are met first, so the first walk remembers the chains of all the inner ones).
        """
        parts: list[str] = []  # last part first
        #: Calls passed on the way down, with how many parts come after them.
        calls: list[tuple[int, int]] = []
        base: tuple[str, ...] = ()
        current: Node | None = node
        while current is not None:
            current = _strip(current)
            kind = current.type
            if kind in _NAMES:
                parts.append(self.text(current))
                break
            if kind == "attribute":
                parts.append(self.text(current.child_by_field_name("attribute")))
                current = current.child_by_field_name("object")
            elif kind == "call":
                known = self._chains.get(current.id)
                if known is not None:
                    base = known
                    break
                calls.append((current.id, len(parts)))
                current = current.child_by_field_name("function")
            elif kind == "subscript":
                index = self._string_index(current)
                if index is not None:
                    parts.append(index)
                current = current.child_by_field_name("value")
            elif kind == "await" or kind in _SPLATS:  # splats: ``*a.b()`` misread
                current = _first_child(current)
            else:
                break
        full = (*base, *reversed(parts))
        for call_id, after in calls:
            self._chains[call_id] = full[: len(full) - after][-MAX_CHAIN:]
        return full[-MAX_CHAIN:]

    def _string_index(self, node: Node) -> str | None:
        subscripts = node.children_by_field_name("subscript")
        if len(subscripts) != 1:
            return None
        element = _strip(subscripts[0])
        if element.type != "string":
            return None
        parts = self._string_parts(element)
        if "f" in parts.prefix.lower():
            return None
        return self._decode_simple(element, parts)

    def _dotted(self, node: Node) -> str | None:
        """``a.b.c`` for a pure name / attribute path, else None."""
        parts: list[str] = []
        current = _strip(node)
        while current.type == "attribute":
            parts.append(self.text(current.child_by_field_name("attribute")))
            inner = current.child_by_field_name("object")
            if inner is None:
                return None
            current = _strip(inner)
        if current.type not in _NAMES:
            return None
        parts.append(self.text(current))
        return ".".join(reversed(parts))

    def _dotted_name(self, node: Node | None) -> str:
        """A ``dotted_name`` of an import, without any spaces around its dots."""
        if node is None:
            return ""
        if node.type == "identifier":
            return self.text(node)
        return ".".join(self.text(c) for c in node.named_children if c.type == "identifier")

    def _target(self, node: Node) -> tuple[str, ...]:
        dotted = self._dotted(self._single(node))
        return tuple(dotted.split(".")) if dotted is not None else ()

    @staticmethod
    def _single(node: Node) -> Node:
        """``(x)`` written as a target (a one-name tuple pattern without a comma) → ``x``."""
        node = _strip(node)
        if node.type == "tuple_pattern" and not any(c.type == "," for c in node.children):
            inner = _only_child(node)
            if inner is not None:
                return inner
        return node

    def _bound_names(self, target: Node | None) -> tuple[str, ...]:
        """The plain names a ``for`` target binds: ``x`` → (x,), ``i, x`` → (i, x)."""
        if target is None:
            return ()
        target = self._single(target)
        if target.type == "identifier":
            return (self.text(target),)
        if target.type in _PATTERNS:
            names: list[str] = []
            for element in target.named_children:
                element = self._single(element)
                if element.type == "identifier":
                    names.append(self.text(element))
            return tuple(names)
        return ()

    @staticmethod
    def _added_operands(node: Node) -> list[Node]:
        """The operands of a chain of ``+``, left to right (iteratively: chains can be long)."""
        operands: list[Node] = []
        pending: list[Node] = [node]
        while pending:
            current = _strip(pending.pop())
            if current.type == "binary_operator":
                operator = current.child_by_field_name("operator")
                left = current.child_by_field_name("left")
                right = current.child_by_field_name("right")
                if (
                    operator is not None
                    and operator.type == "+"
                    and left is not None
                    and right is not None
                ):
                    pending.extend((right, left))
                    continue
            operands.append(current)
        return operands


#: Marks anonymous node kinds in the dispatch table.
_ANONYMOUS = cast(_Handler, object())


@cache
def _dispatch() -> dict[int, _Handler | None]:
    """Node kind id → its handler (None for named kinds without one); anonymous kinds are
    absent. Several ids can share a name (aliases), so every id is looked at."""
    language = _parser().language
    assert language is not None  # the parser was built with one
    table: dict[int, _Handler | None] = {
        kind: _HANDLERS.get(language.node_kind_for_id(kind) or "")
        for kind in range(language.node_kind_count)
        if language.node_kind_is_named(kind)
    }
    table[_ERROR_KIND] = None
    return table


#: tree-sitter's kind id of ERROR nodes (its built-in error symbol, -1 as an unsigned short).
_ERROR_KIND = 0xFFFF

_HANDLERS: dict[str, _Handler] = {
    "call": _Extractor._call_node,
    "function_definition": _Extractor._function,
    "decorated_definition": _Extractor._decorated,
    "lambda": _Extractor._lambda,
    "class_definition": _Extractor._class,
    "if_statement": _Extractor._if,
    "conditional_expression": _Extractor._if_expression,
    "try_statement": _Extractor._try,
    "match_statement": _Extractor._match,
    "for_statement": _Extractor._for,
    "while_statement": _Extractor._while,
    "integer": _Extractor._number_literal,
    "float": _Extractor._number_literal,
    "list_comprehension": _Extractor._comprehension,
    "set_comprehension": _Extractor._comprehension,
    "generator_expression": _Extractor._comprehension,
    "dictionary_comprehension": _Extractor._comprehension,
    "assignment": _Extractor._assign,
    "import_statement": _Extractor._import,
    "import_from_statement": _Extractor._import_from,
    "future_import_statement": _Extractor._import_from,
    "string": _Extractor._string,
    "comment": _Extractor._comment,
    "return_statement": _Extractor._return,
}
