"""Python frontend (libcst).

libcst's native parser gives a full concrete syntax tree with comments, and
``PositionProvider`` gives 1-based lines and 0-based code-point columns (shifted to 1-based
here). The tree is walked once, iteratively, with the flow context of each node decided by
its parent; value building is recursive but depth-capped (``MAX_VALUE_DEPTH``).

libcst cannot recover from syntax errors, and its native parser crashes the process (stack
overflow) on a few thousand nested brackets and is quadratic in long operator chains. So:

- Before parsing, a cheap lexical scan measures bracket depth and operator runs and splits
  the file into top-level statement chunks (lines starting at column 0 outside strings).
- A file without risky nesting is parsed whole. If that fails (syntax error, or Python
  recursion in libcst's own visitors), every chunk is parsed on its own with line numbers
  shifted, so facts before and after a broken statement survive. Each chunk that still
  fails becomes one ``ParseProblem`` spanning that chunk; a chunk whose nesting is too deep
  is never handed to libcst at all.

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
  ``get_user().email`` is UNKNOWN.
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
- Comments come from the lexical scan rather than the tree, so comments inside a statement
  that does not parse are still reported.
- List/set/generator comprehensions with one ``for`` are COMPREHENSION (element,
  collection); ``xs[a:b]`` without a step is SLICE; ``+ - * / // %`` with no string
  literal operand is ARITHMETIC; ``**spread`` in a dict literal is an entry with key None.
  ``for`` statements are recorded as ``Loop`` facts and every int/float literal as a
  ``NumberLiteral``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

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
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.frontends.collector import FactsCollector
from brazelint.languages import Language

#: Values nested deeper than this become UNKNOWN (keeps value building's recursion bounded).
MAX_VALUE_DEPTH = 64
#: Branch, loop and guard paths stop growing here.
MAX_NESTING = 100
#: Guard texts are cut to this many characters.
MAX_GUARD = 200
#: UNKNOWN values carry at most this much source.
MAX_EXCERPT = 120
#: At most this many problems per file.
MAX_PROBLEMS = 20
#: Bracket depth beyond which libcst is not trusted (its native parser overflows the stack
#: at a few thousand; CPython itself refuses more than 200).
MAX_BRACKET_DEPTH = 200
#: Operators in one comma-free expression beyond which parsing gets too slow (libcst's
#: parser is quadratic in operator chains such as ``a.b.c…`` or ``1 + 1 + …``).
MAX_OPERATOR_RUN = 300

_ITERATION_METHODS = frozenset(
    {"forEach", "map", "flatMap", "filter", "compactMap", "reduce", "onEach"}
)
_ELSE_KEYWORDS = frozenset({"else", "elif", "except", "finally"})
_OPERATOR_WORDS = frozenset({"not", "and", "or", "if", "else", "lambda", "await", "in", "is"})
_NEWLINE = re.compile(r"\r\n|\r|\n")
_TOKEN = re.compile(
    r"""
    (?P<newline>\r\n|\r|\n)
    |(?P<space>[ \t\f]+|\\(?:\r\n|\r|\n))
    |(?P<comment>\#[^\r\n]*)
    |(?P<string>[rRbBuUfF]{0,2}(?:
        '''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
        |\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
        |'(?:[^'\\\r\n]|\\(?:\r\n|.))*'?
        |"(?:[^"\\\r\n]|\\(?:\r\n|.))*"?))
    |(?P<word>\w+)
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<separator>[,;])
    |(?P<operator>[-+*/%@&|^~<>=!.:])
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
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


def parse(path: str, text: str, language: Language) -> FileFacts:
    source = _Source(text)
    facts = _FileBuilder(source)
    try:
        _read(source, facts)
    except Exception as error:  # the contract: never raise, whatever the input
        facts.problem(f"python frontend failed: {type(error).__name__}", None)
    return facts.build(path, language)


# --- reading the file -------------------------------------------------------------------------


def _read(source: _Source, facts: _FileBuilder) -> None:
    layout = _scan(source.text)
    # Comments are lexical: taking them from the scan keeps those of unparsable statements
    # too, and lets the tree walk skip whitespace nodes altogether.
    for start, text in layout.comments:
        line = source.line_of(start)
        col = start - source.line_starts[line - 1] + 1
        facts.facts.comments.append(Comment(text, Span(line, col, line, col + len(text))))
    whole_error: Exception | None = None
    if not layout.too_complex:
        try:
            facts.add(_Extractor(source, _Piece.parse(source, 0, len(source.text))).run())
        except Exception as error:  # libcst raises more than ParserSyntaxError on odd input
            whole_error = error
        else:
            return
    recorded = len(facts.problems)
    for index, chunk in enumerate(layout.chunks):
        end = layout.chunks[index + 1].start if index + 1 < len(layout.chunks) else len(source.text)
        span = source.region_span(chunk.start, end)
        if span is None:  # nothing but whitespace
            continue
        if chunk.too_complex:
            facts.problem("nesting too deep", span)
            continue
        try:
            extracted = _Extractor(source, _Piece.parse(source, chunk.start, end)).run()
        except (cst.ParserSyntaxError, cst.CSTValidationError):
            # CSTValidationError: parsed but invalid, such as ``"a" b"b"``.
            facts.problem("syntax error", span)
        except RecursionError:
            facts.problem("nesting too deep", span)
        except Exception as error:  # one unreadable statement must not cost the others
            facts.problem(f"could not parse: {type(error).__name__}", span)
        else:
            facts.add(extracted)
    if isinstance(whole_error, cst.ParserSyntaxError) and len(facts.problems) == recorded:
        # Every chunk parsed on its own: the error lies in how they join (rare); report the
        # parser's own position.
        line = min(max(whole_error.raw_line, 1), len(source.line_starts))
        facts.problem("syntax error", Span.point(line, whole_error.raw_column + 1))


class _Chunk(NamedTuple):
    start: int
    too_complex: bool


class _Layout(NamedTuple):
    chunks: list[_Chunk]
    too_complex: bool
    #: (start offset, text) of every comment.
    comments: list[tuple[int, str]]


class _Meter:
    """Bracket depth and the longest run of operators between separators."""

    def __init__(self) -> None:
        self.depth = 0
        self.max_depth = 0
        self.runs = [0]
        self.max_run = 0

    def operator(self) -> None:
        self.runs[-1] += 1
        self.max_run = max(self.max_run, self.runs[-1])

    def open(self) -> None:
        self.operator()
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        self.runs.append(0)

    def close(self) -> None:
        if self.depth > 0:
            self.depth -= 1
            self.runs.pop()

    def separator(self) -> None:
        self.runs[-1] = 0

    def newline(self) -> None:
        if self.depth == 0:
            self.runs[-1] = 0

    @property
    def too_complex(self) -> bool:
        return self.max_depth > MAX_BRACKET_DEPTH or self.max_run > MAX_OPERATOR_RUN


def _scan(text: str) -> _Layout:
    """Split ``text`` into top-level statement chunks and measure nesting, lexically.

    A chunk starts at a line whose first character is at column 0, outside any string, and
    that does not continue a statement (a closing bracket, ``else``/``elif``/``except``/
    ``finally``, a line after a backslash). Inside an unclosed bracket only a line starting
    with a name or ``@`` starts a chunk: that is how the scan recovers from a bracket left
    open by a syntax error. A decorator keeps the definition below it in its chunk.
    """
    whole = _Meter()
    chunk = _Meter()
    starts: list[int] = [0]
    flags: list[bool] = []
    comments: list[tuple[int, str]] = []
    at_line_start = False
    after_decorator = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        token = match.group()
        if at_line_start and kind != "newline":
            at_line_start = False
            if kind not in ("space", "comment") and _starts_statement(kind, token, chunk.depth):
                if not after_decorator:
                    flags.append(chunk.too_complex)
                    starts.append(match.start())
                    chunk = _Meter()
                after_decorator = token == "@"
        if kind == "comment":
            comments.append((match.start(), token))
        elif kind == "newline":
            whole.newline()
            chunk.newline()
            at_line_start = True
        elif kind == "open":
            whole.open()
            chunk.open()
        elif kind == "close":
            whole.close()
            chunk.close()
        elif kind == "separator":
            whole.separator()
            chunk.separator()
        elif kind == "operator" or (kind == "word" and token in _OPERATOR_WORDS):
            whole.operator()
            chunk.operator()
    flags.append(chunk.too_complex)
    chunks = [_Chunk(s, f) for s, f in zip(starts, flags, strict=True)]
    return _Layout(chunks, whole.too_complex, comments)


def _starts_statement(kind: str | None, token: str, depth: int) -> bool:
    if kind == "close" or (kind == "word" and token in _ELSE_KEYWORDS):
        return False
    if depth > 0:
        return (kind == "word" and not token[0].isdigit()) or token == "@"
    return True


# --- positions --------------------------------------------------------------------------------


class _Source:
    """The file's text with line starts (split as libcst splits: ``\\r\\n``, ``\\r``, ``\\n``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        self._ascii = text.isascii()
        self._byte_line_starts: list[int] | None = None

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def char_offset(self, line: int, col0: int) -> int:
        return self.line_starts[line - 1] + col0

    def byte_offset(self, line: int, col0: int) -> int:
        if self._ascii:
            return self.char_offset(line, col0)
        if self._byte_line_starts is None:
            starts = [0]
            for index in range(1, len(self.line_starts)):
                previous = self.text[self.line_starts[index - 1] : self.line_starts[index]]
                starts.append(starts[-1] + len(previous.encode("utf-8", "surrogatepass")))
            self._byte_line_starts = starts
        line_start = self.line_starts[line - 1]
        prefix = self.text[line_start : line_start + col0]
        return self._byte_line_starts[line - 1] + len(prefix.encode("utf-8", "surrogatepass"))

    def slice(self, span: Span) -> str:
        return self.text[
            self.char_offset(span.line, span.col - 1) : self.char_offset(
                span.end_line, span.end_col - 1
            )
        ]

    def region_span(self, start: int, end: int) -> Span | None:
        """The span of the non-blank text in ``text[start:end]``, or None if there is none."""
        region = self.text[start:end]
        stripped = region.strip()
        if not stripped:
            return None
        start += len(region) - len(region.lstrip())
        last = start + len(stripped) - 1
        line = self.line_of(start)
        end_line = self.line_of(last)
        end_col = last - self.line_starts[end_line - 1] + 2
        return Span(line, start - self.line_starts[line - 1] + 1, end_line, end_col)


@dataclass
class _Piece:
    """A parsed stretch of the file: the module, its positions and where it starts."""

    module: cst.Module
    positions: Mapping[cst.CSTNode, CodeRange]
    first_line: int
    #: Columns to add on the piece's first line (a stripped byte-order mark).
    first_col: int

    @staticmethod
    def parse(source: _Source, start: int, end: int) -> _Piece:
        text = source.text[start:end]
        first_col = 0
        if start == 0 and text.startswith("\ufeff"):
            text = text[1:]
            first_col = 1
        module = cst.parse_module(text)
        # The module is not shared, so libcst's defensive deep copy (itself recursive) is
        # not needed.
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        return _Piece(module, positions, source.line_of(start), first_col)


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


# --- extraction -------------------------------------------------------------------------------


class _FileBuilder:
    def __init__(self, source: _Source) -> None:
        self.source = source
        self.facts = FactsCollector()
        self.problems: list[ParseProblem] = []

    def add(self, extracted: FactsCollector) -> None:
        self.facts.extend(extracted)

    def problem(self, message: str, span: Span | None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ParseProblem(message, span))

    def build(self, path: str, language: Language) -> FileFacts:
        return self.facts.freeze(path, language, self.problems)


_Handler = Callable[["_Extractor", cst.CSTNode, _Context], _Context]
#: Nodes with no facts in or under them: whitespace (comments come from the lexical scan)
#: and punctuation. Not descending into them halves the walk.
_SKIPPED = (
    cst.BaseParenthesizableWhitespace,
    cst.Newline,
    cst.TrailingWhitespace,
    cst.EmptyLine,
    cst.Comma,
    cst.Dot,
    cst.Colon,
    cst.Semicolon,
    cst.AssignEqual,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseUnaryOp,
    cst.BaseAugOp,
)
#: Nodes whose children (parentheses, whitespace) hold nothing once they are handled.
_LEAVES = (cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)


def _concrete_types(bases: tuple[type, ...]) -> frozenset[type]:
    """``bases`` and all their subclasses, so the walk tests ``type(n) in …`` rather than
    ``isinstance`` (libcst's bases are ABCs, whose checks dominate the walk's time)."""
    found: set[type] = set()
    pending = list(bases)
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(current.__subclasses__())
    return frozenset(found)


_SKIPPED_TYPES = _concrete_types(_SKIPPED)
_LEAF_TYPES = _concrete_types(_LEAVES)


class _Extractor:
    """Walks one parsed piece once, iteratively, and collects its facts."""

    def __init__(self, source: _Source, piece: _Piece) -> None:
        self.source = source
        self.piece = piece
        self.out = FactsCollector()
        #: Contexts decided by an ancestor for a descendant (arms, loop bodies, new scopes).
        self._assigned: dict[int, _Context] = {}
        #: ``elif`` nodes: (statement id, arm index, context before the arm).
        self._elifs: dict[int, tuple[int, int, _Context]] = {}
        #: Lambdas passed to iteration methods → their ``iter:<method>@<line>`` label.
        self._iter_lambdas: dict[int, str] = {}
        self._calls: dict[int, Call] = {}

    def run(self) -> FactsCollector:
        stack: list[tuple[cst.CSTNode, _Context]] = [(self.piece.module, _Context())]
        while stack:
            node, context = stack.pop()
            handler = _HANDLERS.get(type(node))
            child_context = handler(self, node, context) if handler is not None else context
            if type(node) in _LEAF_TYPES:
                continue
            for child in reversed(node.children):
                if type(child) in _SKIPPED_TYPES:
                    continue
                stack.append((child, self._assigned.pop(id(child), child_context)))
        return self.out

    # --- positions ----------------------------------------------------------------------------

    def span(self, node: cst.CSTNode) -> Span:
        code_range = self.piece.positions[node]
        start, end = code_range.start, code_range.end
        return Span(
            start.line + self.piece.first_line - 1,
            start.column + 1 + (self.piece.first_col if start.line == 1 else 0),
            end.line + self.piece.first_line - 1,
            end.column + 1 + (self.piece.first_col if end.line == 1 else 0),
        )

    def order(self, span: Span) -> int:
        return self.source.byte_offset(span.line, span.col - 1)

    def flow(self, span: Span, context: _Context) -> Flow:
        return Flow(context.scope, self.order(span), context.branch, context.loops, context.guards)

    def code(self, node: cst.CSTNode) -> str:
        return self.source.slice(self.span(node))

    # --- statements ---------------------------------------------------------------------------

    def _function(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.FunctionDef)
        span = self.span(node)
        scope = f"{node.name.value}@{span.line}"
        decorators = []
        for decorator in node.decorators:
            expression = decorator.decorator
            if isinstance(expression, cst.Call):
                expression = expression.func
            dotted = _dotted(expression)
            if dotted is not None:
                decorators.append(dotted)
        self.out.functions.append(
            FunctionDef(
                node.name.value,
                span,
                scope,
                _parameter_names(node.params),
                tuple(decorators),
                context.class_name,
            )
        )
        # Defaults, annotations and decorators run in the enclosing scope; the body is new.
        self._assigned[id(node.body)] = _Context(scope=scope, file_level=False)
        return context

    def _lambda(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Lambda)
        span = self.span(node)
        label = self._iter_lambdas.pop(id(node), None)
        self._assigned[id(node.body)] = _Context(
            scope=f"<lambda>@{span.line}:{span.col}",
            loops=(label,) if label else (),
            guards=context.guards,  # a lambda only exists where it is written
            file_level=False,
        )
        return context

    def _class(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.ClassDef)
        bases = []
        for argument in node.bases:
            expression = argument.value
            if isinstance(expression, cst.Subscript):  # Generic[T] → Generic
                expression = expression.value
            dotted = _dotted(expression)
            if dotted is not None:
                bases.append(dotted.rsplit(".", 1)[-1])
        self.out.classes.append(ClassDef(node.name.value, self.span(node), tuple(bases)))
        self._assigned[id(node.body)] = context._replace(
            class_name=node.name.value, file_level=False
        )
        return context

    def _if(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.If)
        statement_id, arm, base = self._elifs.pop(
            id(node), (self.order(self.span(node)), 0, context)
        )
        condition = self.code(node.test)
        # An elif's own condition runs in the arm it opens (the context its node was given).
        self._assigned[id(node.body)] = base.arm(statement_id, arm, condition)
        orelse = node.orelse
        if orelse is not None:
            negated = base.guarded("!" + condition)
            if isinstance(orelse, cst.If):
                self._elifs[id(orelse)] = (statement_id, arm + 1, negated)
                self._assigned[id(orelse)] = negated.arm(statement_id, arm + 1)
            else:
                self._assigned[id(orelse)] = negated.arm(statement_id, arm + 1)
        return context

    def _try(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Try | cst.TryStar)
        statement_id = self.order(self.span(node))
        success = context.arm(statement_id, 0)
        self._assigned[id(node.body)] = success
        for index, handler in enumerate(node.handlers, start=1):
            self._assigned[id(handler)] = context.arm(statement_id, index)
        if node.orelse is not None:
            self._assigned[id(node.orelse)] = success
        return context

    def _match(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Match)
        statement_id = self.order(self.span(node))
        subject = self.code(node.subject)
        for index, case in enumerate(node.cases):
            self._assigned[id(case)] = context.arm(
                statement_id, index, f"{subject} == {self.code(case.pattern)}"
            )
        return context

    def _for(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.For)
        span = self.span(node)
        label = f"loop@{span.line}"
        self._assigned[id(node.body)] = context.in_loop(label)
        self.out.loops.append(
            Loop(
                label,
                _bound_names(node.target),
                self.value(node.iter, context),
                span,
                self.flow(span, context),
            )
        )
        return context

    def _number_literal(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Integer | cst.Float)
        span = self.span(node)
        self.out.numbers.append(
            NumberLiteral(node.value, _number(node), span, self.flow(span, context))
        )
        return context

    def _while(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.While)
        looped = context.in_loop(f"loop@{self.span(node).line}")
        self._assigned[id(node.test)] = looped
        self._assigned[id(node.body)] = looped
        return context

    def _comprehension(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp)
        # The first iterable is evaluated once, before the loop starts.
        self._assigned[id(node.for_in.iter)] = context
        return context.in_loop(f"loop@{self.span(node).line}")

    def _if_expression(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.IfExp)
        statement_id = self.order(self.span(node))
        condition = self.code(node.test)
        self._assigned[id(node.body)] = context.arm(statement_id, 0, condition)
        self._assigned[id(node.orelse)] = context.arm(statement_id, 1, "!" + condition)
        return context

    def _assign(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Assign)
        targets = [_target(t.target) for t in node.targets]
        if any(targets):
            value = self.value(node.value, context)
            span = self.span(node)
            for target in targets:
                if target:
                    self.out.assignments.append(
                        Assignment(
                            target, value, span, self.flow(span, context), context.file_level
                        )
                    )
        return context

    def _annotated_assign(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.AnnAssign)
        target = _target(node.target)
        if target and node.value is not None:
            span = self.span(node)
            self.out.assignments.append(
                Assignment(
                    target,
                    self.value(node.value, context),
                    span,
                    self.flow(span, context),
                    context.file_level,
                )
            )
        return context

    def _import(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Import)
        span = self.span(node)
        for alias in node.names:
            module = _dotted(alias.name) or ""
            bound = _alias_name(alias)
            if bound is None and "." not in module:
                bound = module
            self.out.imports.append(Import(module, None, bound, span))
        return context

    def _import_from(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.ImportFrom)
        span = self.span(node)
        module = "." * len(node.relative) + (
            (_dotted(node.module) or "") if node.module is not None else ""
        )
        if isinstance(node.names, cst.ImportStar):
            self.out.imports.append(Import(module, "*", None, span))
            return context
        for alias in node.names:
            name = _dotted(alias.name) or ""
            self.out.imports.append(Import(module, name, _alias_name(alias) or name, span))
        return context

    def _simple_string(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.SimpleString)
        span = self.span(node)
        opening = len(node.prefix) + len(node.quote)
        self.out.strings.append(
            StringLiteral(
                _decode_simple(node),
                span,
                _content_span(span, opening, len(node.quote)),
                False,
                self.flow(span, context),
            )
        )
        return context

    def _formatted_string(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.FormattedString)
        span = self.span(node)
        text = "".join(
            _decode_formatted_text(part.value, node.prefix)
            if isinstance(part, cst.FormattedStringText)
            else "{" + self.code(part.expression) + "}"
            for part in node.parts
        )
        self.out.strings.append(
            StringLiteral(
                text,
                span,
                _content_span(span, len(node.start), len(node.end)),
                True,
                self.flow(span, context),
            )
        )
        return context

    def _call_node(self, node: cst.CSTNode, context: _Context) -> _Context:
        assert isinstance(node, cst.Call)
        call = self.call(node, context, 0)
        self.out.calls.append(call)
        if call.name in _ITERATION_METHODS:
            label = f"iter:{call.name}@{(call.name_span or call.span).line}"
            for argument in node.args:
                if isinstance(argument.value, cst.Lambda):
                    self._iter_lambdas[id(argument.value)] = label
        return context

    # --- calls and values ---------------------------------------------------------------------

    def call(self, node: cst.Call, context: _Context, depth: int) -> Call:
        cached = self._calls.get(id(node))
        if cached is not None:
            return cached
        func = node.func
        chain: tuple[str, ...] = () if isinstance(func, cst.Subscript) else _chain(func)
        name_node: cst.CSTNode | None = None
        if isinstance(func, cst.Name):
            name_node = func
        elif isinstance(func, cst.Attribute):
            name_node = func.attr
        arguments = []
        for argument in node.args:
            if argument.star == "**":
                continue
            if argument.star == "*":
                value = self._unknown(argument)
            else:
                value = self.value(argument.value, context, depth + 1)
            label = argument.keyword.value if argument.keyword is not None else None
            arguments.append(Argument(value, label))
        span = self.span(node)
        call = Call(
            chain,
            tuple(arguments),
            span,
            self.flow(span, context),
            name_span=self.span(name_node) if name_node is not None else None,
        )
        self._calls[id(node)] = call
        return call

    def value(self, node: cst.BaseExpression, context: _Context, depth: int = 0) -> Value:
        if depth > MAX_VALUE_DEPTH:
            return self._unknown(node)
        while isinstance(node, cst.Await):
            node = node.expression
        span = self.span(node)
        if isinstance(node, cst.SimpleString):
            return Value(ValueKind.STRING, _decode_simple(node), span)
        if isinstance(node, cst.ConcatenatedString | cst.FormattedString):
            return self._string_value(node, context, depth)
        if isinstance(node, cst.Integer | cst.Float | cst.Imaginary):
            return Value(ValueKind.NUMBER, node.value, span, number=_number(node))
        if (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Minus)
            and isinstance(node.expression, cst.Integer | cst.Float)
        ):
            number = _number(node.expression)
            return Value(
                ValueKind.NUMBER,
                "-" + node.expression.value,
                span,
                number=-number if number is not None else None,
            )
        if isinstance(node, cst.Name):
            if node.value in ("True", "False"):
                return Value(ValueKind.BOOL, node.value.lower(), span)
            if node.value == "None":
                return Value(ValueKind.NULL, "None", span)
            return Value(ValueKind.NAME, node.value, span)
        if isinstance(node, cst.Attribute):
            dotted = _dotted(node)
            if dotted is not None:
                return Value(ValueKind.NAME, dotted, span)
            return self._unknown(node)
        if isinstance(node, cst.Call):
            call = self.call(node, context, depth)
            if call.chain == ("dict",) and call.args and all(a.label for a in call.args):
                entries = tuple((a.label, a.value) for a in call.args)
                return Value(ValueKind.DICT, self._excerpt(node), span, entries=entries)
            return Value(ValueKind.CALL, ".".join(call.chain), span, call=call)
        if isinstance(node, cst.Dict):
            return Value(
                ValueKind.DICT,
                self._excerpt(node),
                span,
                entries=tuple(self._dict_entries(node, context, depth)),
            )
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            items = tuple(
                self.value(element.value, context, depth + 1)
                for element in node.elements
                if isinstance(element, cst.Element)
            )
            return Value(ValueKind.LIST, self._excerpt(node), span, items=items)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            operands = _added_operands(node)
            if any(isinstance(o, cst.BaseString) for o in operands):
                return self._template(operands, span, context, depth)
        if isinstance(node, cst.BinaryOperation) and type(node.operator) in _ARITHMETIC:
            return Value(
                ValueKind.ARITHMETIC,
                self._excerpt(node),
                span,
                items=(
                    self.value(node.left, context, depth + 1),
                    self.value(node.right, context, depth + 1),
                ),
                operator=_ARITHMETIC[type(node.operator)],
            )
        if (
            isinstance(node, cst.ListComp | cst.SetComp | cst.GeneratorExp)
            and node.for_in.inner_for_in is None
        ):
            # The element is evaluated inside the comprehension's loop (the label the
            # walk gives it too, so calls built here carry the same flow); the collection
            # once, outside it.
            looped = context.in_loop(f"loop@{span.line}")
            return Value(
                ValueKind.COMPREHENSION,
                self._excerpt(node),
                span,
                items=(
                    self.value(node.elt, looped, depth + 1),
                    self.value(node.for_in.iter, context, depth + 1),
                ),
            )
        if isinstance(node, cst.Subscript):
            bounds = _slice_bounds(node)
            if bounds is not None:
                missing = Value(ValueKind.NULL, "None", span)
                lower, upper = bounds
                return Value(
                    ValueKind.SLICE,
                    self._excerpt(node),
                    span,
                    items=(
                        self.value(node.value, context, depth + 1),
                        missing if lower is None else self.value(lower, context, depth + 1),
                        missing if upper is None else self.value(upper, context, depth + 1),
                    ),
                )
        return self._unknown(node)

    def _dict_entries(
        self, node: cst.Dict, context: _Context, depth: int
    ) -> Iterator[tuple[str | None, Value]]:
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                # Keys the dict may hold but that cannot be named (facts.Value.entries).
                yield None, self.value(element.value, context, depth + 1)
                continue
            if not isinstance(element, cst.DictElement):
                continue
            key = element.key
            key_text: str | None = None
            if isinstance(key, cst.SimpleString | cst.ConcatenatedString):
                key_value = self.value(key, context, depth + 1)
                key_text = key_value.string
            elif isinstance(key, cst.Integer | cst.Float):
                key_text = key.value
            yield key_text, self.value(element.value, context, depth + 1)

    def _string_value(
        self, node: cst.ConcatenatedString | cst.FormattedString, context: _Context, depth: int
    ) -> Value:
        span = self.span(node)
        parts: list[cst.BaseExpression] = []
        if isinstance(node, cst.FormattedString):
            parts.append(node)
        else:
            pending: list[cst.BaseExpression] = [node]
            while pending:
                current = pending.pop()
                if isinstance(current, cst.ConcatenatedString):
                    pending.extend((current.right, current.left))
                else:
                    parts.append(current)
        if all(isinstance(p, cst.SimpleString) for p in parts):
            text = "".join(_decode_simple(p) for p in parts if isinstance(p, cst.SimpleString))
            return Value(ValueKind.STRING, text, span)
        return self._template(parts, span, context, depth)

    def _template(
        self,
        operands: Sequence[cst.BaseExpression],
        span: Span,
        context: _Context,
        depth: int,
    ) -> Value:
        """A TEMPLATE from string pieces and expressions, with nested f-strings spliced in."""
        items: list[Value] = []
        text: list[str] = []
        for operand in operands:
            if isinstance(operand, cst.FormattedString):
                for part in operand.parts:
                    if isinstance(part, cst.FormattedStringText):
                        decoded = _decode_formatted_text(part.value, operand.prefix)
                        items.append(Value(ValueKind.STRING, decoded, self.span(part)))
                        text.append(decoded)
                    elif isinstance(part, cst.FormattedStringExpression):
                        items.append(self.value(part.expression, context, depth + 1))
                        text.append("{" + self.code(part.expression) + "}")
                continue
            value = self.value(operand, context, depth + 1)
            if value.kind is ValueKind.TEMPLATE:
                items.extend(value.items)
                text.append(value.text)
            elif value.kind is ValueKind.STRING and isinstance(operand, cst.BaseString):
                items.append(value)
                text.append(value.text)
            else:
                items.append(value)
                text.append("{" + self.code(operand) + "}")
        return Value(ValueKind.TEMPLATE, "".join(text), span, items=tuple(items))

    def _excerpt(self, node: cst.CSTNode) -> str:
        return self.code(node)[:MAX_EXCERPT]

    def _unknown(self, node: cst.CSTNode) -> Value:
        return Value(ValueKind.UNKNOWN, self._excerpt(node), self.span(node))


_HANDLERS: dict[type[cst.CSTNode], _Handler] = {
    cst.Call: _Extractor._call_node,
    cst.FunctionDef: _Extractor._function,
    cst.Lambda: _Extractor._lambda,
    cst.ClassDef: _Extractor._class,
    cst.If: _Extractor._if,
    cst.IfExp: _Extractor._if_expression,
    cst.Try: _Extractor._try,
    cst.TryStar: _Extractor._try,
    cst.Match: _Extractor._match,
    cst.For: _Extractor._for,
    cst.While: _Extractor._while,
    cst.Integer: _Extractor._number_literal,
    cst.Float: _Extractor._number_literal,
    cst.ListComp: _Extractor._comprehension,
    cst.SetComp: _Extractor._comprehension,
    cst.GeneratorExp: _Extractor._comprehension,
    cst.DictComp: _Extractor._comprehension,
    cst.Assign: _Extractor._assign,
    cst.AnnAssign: _Extractor._annotated_assign,
    cst.Import: _Extractor._import,
    cst.ImportFrom: _Extractor._import_from,
    cst.SimpleString: _Extractor._simple_string,
    cst.FormattedString: _Extractor._formatted_string,
}


# --- names ------------------------------------------------------------------------------------


def _chain(node: cst.BaseExpression) -> tuple[str, ...]:
    """The name chain of a callee, with calls collapsed and subscripts looked through."""
    parts: list[str] = []
    current: cst.BaseExpression | None = node
    while current is not None:
        if isinstance(current, cst.Name):
            parts.append(current.value)
            break
        if isinstance(current, cst.Attribute):
            parts.append(current.attr.value)
            current = current.value
        elif isinstance(current, cst.Call):
            current = current.func
        elif isinstance(current, cst.Subscript):
            index = _string_index(current)
            if index is not None:
                parts.append(index)
            current = current.value
        elif isinstance(current, cst.Await):
            current = current.expression
        else:
            break
    parts.reverse()
    return tuple(parts)


def _string_index(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1:
        return None
    element = node.slice[0].slice
    if isinstance(element, cst.Index) and isinstance(element.value, cst.SimpleString):
        return _decode_simple(element.value)
    return None


def _dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a pure name / attribute path, else None."""
    parts: list[str] = []
    current: cst.BaseExpression = node
    while isinstance(current, cst.Attribute):
        parts.append(current.attr.value)
        current = current.value
    if not isinstance(current, cst.Name):
        return None
    parts.append(current.value)
    return ".".join(reversed(parts))


def _target(node: cst.BaseExpression) -> tuple[str, ...]:
    dotted = _dotted(node)
    return tuple(dotted.split(".")) if dotted is not None else ()


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _parameter_names(parameters: cst.Parameters) -> tuple[str, ...]:
    names = [p.name.value for p in parameters.posonly_params]
    names.extend(p.name.value for p in parameters.params)
    if isinstance(parameters.star_arg, cst.Param):
        names.append(parameters.star_arg.name.value)
    names.extend(p.name.value for p in parameters.kwonly_params)
    if parameters.star_kwarg is not None:
        names.append(parameters.star_kwarg.name.value)
    return tuple(names)


#: Arithmetic operators → how ARITHMETIC values spell them.
_ARITHMETIC: dict[type[cst.BaseBinaryOp], str] = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.FloorDivide: "//",
    cst.Modulo: "%",
}


def _slice_bounds(
    node: cst.Subscript,
) -> tuple[cst.BaseExpression | None, cst.BaseExpression | None] | None:
    """(start, stop) of ``xs[start:stop]``; None when the subscript is not one plain slice."""
    if len(node.slice) != 1:
        return None
    element = node.slice[0].slice
    if not isinstance(element, cst.Slice) or element.step is not None:
        return None
    return element.lower, element.upper


def _bound_names(target: cst.BaseExpression) -> tuple[str, ...]:
    """The plain names a ``for`` target binds: ``x`` → (x,), ``i, x`` → (i, x)."""
    if isinstance(target, cst.Name):
        return (target.value,)
    if isinstance(target, cst.Tuple | cst.List):
        return tuple(
            element.value.value
            for element in target.elements
            if isinstance(element, cst.Element) and isinstance(element.value, cst.Name)
        )
    return ()


def _added_operands(node: cst.BinaryOperation) -> list[cst.BaseExpression]:
    """The operands of a chain of ``+``, left to right (iteratively: chains can be long)."""
    operands: list[cst.BaseExpression] = []
    pending: list[cst.BaseExpression] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, cst.BinaryOperation) and isinstance(current.operator, cst.Add):
            pending.extend((current.right, current.left))
        else:
            operands.append(current)
    return operands


def _number(node: cst.Integer | cst.Float | cst.Imaginary) -> float | None:
    try:
        if isinstance(node, cst.Integer):
            return float(int(node.value, 0))
        if isinstance(node, cst.Float):
            return float(node.value)
    except (ValueError, OverflowError):
        return None
    return None


# --- strings ----------------------------------------------------------------------------------


def _content_span(span: Span, opening: int, closing: int) -> Span:
    return Span(span.line, span.col + opening, span.end_line, span.end_col - closing)


def _decode_simple(node: cst.SimpleString) -> str:
    prefix = node.prefix.lower()
    body = node.raw_value
    if "r" in prefix:
        return body
    return _unescape(body, is_bytes="b" in prefix)


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
