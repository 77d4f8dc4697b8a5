"""The facts model: what every frontend produces and every rule reads.

Frontends know syntax and nothing about Braze; rules know Braze and nothing about syntax.
This module is the contract between them. Everything here is a frozen dataclass so that
facts can be cached, pickled across processes and shared by rules without copies.

Positions are 1-based lines and 1-based columns counted in Unicode code points; ``end_col``
is the column just after the last character (as SARIF wants). A span made from a syntax
node also carries that node's byte offsets (``start_byte``/``end_byte``, into the UTF-8 text
the file was parsed from); spans computed inside a node (a piece of a string) have none (-1),
and :mod:`brazelint.offsets` derives them from the line and column against the file's bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum

from brazelint.languages import Language


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    col: int
    end_line: int
    end_col: int
    #: Offsets into the UTF-8 text of the file (after a byte-order mark), -1 when unknown.
    #: Not compared: two spans at the same position are the same span however they were made.
    start_byte: int = field(default=-1, compare=False)
    end_byte: int = field(default=-1, compare=False)

    @staticmethod
    def point(line: int, col: int) -> Span:
        return Span(line, col, line, col + 1)


class ValueKind(StrEnum):
    STRING = "string"
    NUMBER = "number"
    BOOL = "bool"
    NULL = "null"  # None, null, undefined, nil
    NAME = "name"  # an identifier or dotted attribute access: ``user.email``
    CALL = "call"  # a call used as a value: ``user.getEmail()``, ``uuid4()``
    DICT = "dict"  # dict / object / map literal with (mostly) literal keys
    LIST = "list"  # list / array literal
    TEMPLATE = "template"  # f-string, template literal, interpolation, string concatenation
    #: A collection built from each element of another: a Python list/set/generator
    #: comprehension, JS/TS ``xs.map(x => value)``. ``items`` = (element, collection).
    COMPREHENSION = "comprehension"
    #: Python ``xs[a:b]``: ``items`` = (sliced value, start, stop), a missing bound as NULL
    #: (which is what ``xs[None:b]`` means). A slice with a step is UNKNOWN.
    SLICE = "slice"
    #: ``a + b``, ``a - b``, ``a * b``, ``a / b``, ``a // b``, ``a % b`` with no string
    #: literal operand (that is TEMPLATE): ``items`` = (left, right), ``operator`` the operator.
    #: Python, JS/TS and the spec languages (brazelint/syntax/); elsewhere UNKNOWN.
    ARITHMETIC = "arithmetic"
    #: A value that is one of several, decided at run time: ``a || b``, ``a ?? b``,
    #: ``c ? a : b``, Python ``a or b`` / ``a if c else b``, Kotlin ``a ?: b`` and ``if``
    #: expressions, Swift ``a ?? b``. ``items`` = the alternatives in source order (the
    #: condition of a ternary is not one). Value flow also builds CHOICEs for a name with
    #: several reaching definitions.
    CHOICE = "choice"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Value:
    """An expression, reduced to what rules can reason about.

    ``text`` depends on ``kind``: the decoded string for STRING; the source digits for
    NUMBER; ``"true"``/``"false"`` for BOOL; the dotted path for NAME (``user.email``,
    ``.debug`` for a Swift implicit member); the callee's dotted path for CALL
    (``user.getEmail``, ``uuid.uuid4``); for TEMPLATE the literal parts with each
    expression written as ``{expr}``; for anything else (COMPREHENSION, SLICE, ARITHMETIC,
    UNKNOWN, …) a short source excerpt.
    """

    kind: ValueKind
    text: str
    span: Span
    number: float | None = None
    #: LIST elements; TEMPLATE parts in order (STRING pieces and expression values);
    #: COMPREHENSION, SLICE and ARITHMETIC parts as described on ``ValueKind``.
    items: tuple[Value, ...] = ()
    #: DICT entries; a key that is not a literal string is None. In Python and JS/TS a
    #: spread (``**base``, ``...base``) is an entry with key None and the spread value, so
    #: a rule can tell that the dict may hold keys it cannot see.
    entries: tuple[tuple[str | None, Value], ...] = ()
    #: The call, when ``kind`` is CALL.
    call: Call | None = None
    #: The name this value was resolved from (``BASE_URL``) when a constant was substituted.
    resolved_from: str | None = None
    #: The operator of an ARITHMETIC value (``"+"``, ``"-"``, ``"*"``, ``"/"``, ``"//"``,
    #: ``"%"``).
    operator: str | None = None

    @property
    def is_literal(self) -> bool:
        return self.kind in (ValueKind.STRING, ValueKind.NUMBER, ValueKind.BOOL, ValueKind.NULL)

    @property
    def string(self) -> str | None:
        """The string, when this value is certainly one string."""
        return self.text if self.kind is ValueKind.STRING else None

    def get(self, key: str) -> Value | None:
        """The value under ``key`` in a DICT (last one wins, as at run time)."""
        found = None
        for entry_key, entry_value in self.entries:
            if entry_key == key:
                found = entry_value
        return found

    def alternatives(self) -> Iterator[Value]:
        """The values this one may be at run time: the arms of a CHOICE (nested ones
        flattened), else the value itself."""
        if self.kind is not ValueKind.CHOICE:
            yield self
            return
        pending = list(reversed(self.items))
        while pending:
            item = pending.pop()
            if item.kind is ValueKind.CHOICE:
                pending.extend(reversed(item.items))
            else:
                yield item

    def walk(self) -> Iterator[Value]:
        """This value and every value nested in it (list items, dict values, template parts,
        call arguments), depth first."""
        yield self
        for item in self.items:
            yield from item.walk()
        for _, entry_value in self.entries:
            yield from entry_value.walk()
        if self.call is not None:
            for argument in self.call.args:
                yield from argument.value.walk()


@dataclass(frozen=True, slots=True)
class Argument:
    value: Value
    #: Swift argument label, Kotlin/Python keyword name; None for positional arguments.
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Flow:
    """Where a statement sits in its function, for rules that care about order.

    ``scope`` names the innermost function, method, closure or lambda (``"<module>"`` at
    the top level). ``order`` is increasing in source order within a file. ``branch`` is the
    path of conditional arms from the scope down to the statement, each ``"<id>:<arm>"``;
    two statements are ordered only when one's branch path is a prefix of the other's.
    ``loops`` names the enclosing loops inside the scope, outermost first. ``guards`` holds
    the source text of the conditions of enclosing ``if``/``when``/``guard`` arms and
    ``#if`` compiler directives (``"__DEV__"``, ``"BuildConfig.DEBUG"``, ``"DEBUG"``),
    outermost first, each prefixed with ``"!"`` for an ``else`` arm; at most 200 characters
    each.
    """

    scope: str = "<module>"
    order: int = 0
    branch: tuple[str, ...] = ()
    loops: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()

    def ordered_with(self, other: Flow) -> bool:
        if self.scope != other.scope:
            return False
        shorter, longer = sorted((self.branch, other.branch), key=len)
        return longer[: len(shorter)] == shorter


@dataclass(frozen=True, slots=True)
class Through:
    """The wrapper a call site reaches Braze through: the wrapper's name and where the
    Braze call inside it is (a related location for findings at the call site)."""

    wrapper: str
    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """A call expression.

    ``chain`` is the receiver chain ending in the called name, with calls in between
    collapsed: ``braze.getUser().setEmail(x)`` → ``("braze", "getUser", "setEmail")``,
    ``Braze.getInstance(ctx).currentUser?.setEmail(x)`` →
    ``("Braze", "getInstance", "currentUser", "setEmail")``, ``new Foo.Bar()`` →
    ``("Foo", "Bar")``. ``qualified`` is the same chain with the root replaced by what an
    import bound it to (``import {changeUser as cu} from "@braze/web-sdk"; cu(x)`` →
    ``("@braze/web-sdk", "changeUser")``); it equals ``chain`` when no import is involved.
    """

    chain: tuple[str, ...]
    args: tuple[Argument, ...]
    span: Span
    flow: Flow = field(default_factory=Flow)
    qualified: tuple[str, ...] = ()
    #: Span of the called name, for findings about the method rather than the arguments.
    name_span: Span | None = None
    #: Whether the receiver is the Braze SDK, by what its root is bound to (an import of a
    #: Braze module, a value obtained from one, a global the SDK installs): True or False
    #: when the bindings say so, None when they cannot (rules then judge by names).
    sdk: bool | None = None
    #: Set on a call made through the project's own wrapper: the call inside the wrapper,
    #: made at this call site with the caller's arguments (``analysis.wrappers``).
    via: Through | None = None

    @property
    def name(self) -> str:
        return self.chain[-1] if self.chain else ""

    def arg(self, index: int = 0, label: str | None = None) -> Value | None:
        """An argument by label (when given and present) or else by positional index."""
        if label is not None:
            for argument in self.args:
                if argument.label == label:
                    return argument.value
        positional = [a.value for a in self.args if a.label is None]
        if 0 <= index < len(positional):
            return positional[index]
        return None


@dataclass(frozen=True, slots=True)
class Assignment:
    """``target = value`` (also ``const``/``let``/``val``/``var`` declarations and
    Kotlin property setters written as assignments)."""

    target: tuple[str, ...]
    value: Value
    span: Span
    flow: Flow = field(default_factory=Flow)
    #: True for a declaration at file level (module scope or a top-level/static constant).
    file_level: bool = False


@dataclass(frozen=True, slots=True)
class StringLiteral:
    """Every string literal in code, plus string values in config files.

    For template strings ``text`` holds the literal parts with ``{expr}`` placeholders.
    ``content_span`` starts at the first character of the string's content, so positions of
    things found inside it (a Liquid tag, a host) can be computed from it.
    """

    text: str
    span: Span
    content_span: Span
    is_template: bool = False
    flow: Flow = field(default_factory=Flow)


@dataclass(frozen=True, slots=True)
class Loop:
    """The header of a ``for`` loop over a collection (Python ``for x in xs``, JS/TS
    ``for (const x of xs)`` / ``for (const k in o)``). ``label`` is the ``"loop@<line>"``
    entry the body's ``Flow.loops`` holds; ``targets`` the plain names bound on each
    iteration (tuple unpacking gives several; destructuring patterns none); ``iterable``
    the collection iterated (resolved like call arguments). The Python and JS/TS
    frontends and the spec languages (brazelint/syntax/: Java, Dart, Objective-C) record
    loops; Kotlin and Swift not yet."""

    label: str
    targets: tuple[str, ...]
    iterable: Value
    span: Span
    flow: Flow = field(default_factory=Flow)


@dataclass(frozen=True, slots=True)
class NumberLiteral:
    """Every numeric literal in code (Python, JS/TS and the spec languages), wherever it
    stands — including conditions, ``return`` and ``case`` expressions that no other fact
    records (``if response.status_code == 429: continue``). ``text`` is the source digits."""

    text: str
    number: float | None
    span: Span
    flow: Flow = field(default_factory=Flow)


@dataclass(frozen=True, slots=True)
class Return:
    """A ``return`` statement with a value (or the body of an expression-bodied function:
    ``x => expr``, Kotlin ``fun f() = expr``), for the value flow through same-file helpers.
    ``flow.scope`` is the function whose value it is."""

    value: Value
    span: Span
    flow: Flow = field(default_factory=Flow)


@dataclass(frozen=True, slots=True)
class Import:
    """``module`` is what was imported from; ``name`` the imported member (None for the
    module itself, ``"*"`` for a namespace import); ``alias`` the local name bound."""

    module: str
    name: str | None
    alias: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """A function, method or closure definition."""

    name: str
    span: Span
    scope: str
    params: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()
    #: The enclosing class, if any.
    class_name: str | None = None


@dataclass(frozen=True, slots=True)
class ClassDef:
    name: str
    span: Span
    bases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    """A key/value setting from a config file: Android resource XML
    (``com_braze_custom_endpoint``), an iOS plist (``Braze.Endpoint``), a ``.env`` file
    (``BRAZE_REST_API_KEY``)."""

    key: str
    value: str
    span: Span
    #: Span of the value itself (for findings about the value).
    value_span: Span
    #: Where ``value`` was written when the entry holds a reference to it (an Android
    #: ``@string/name``, resolved as aapt does): that file's path and the value's span
    #: there. None when the value is written in the entry itself.
    origin_path: str | None = None
    origin_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class LiquidOutput:
    """One ``{{ … }}`` output in a Liquid template (a file or a string in code).

    ``expression`` is the text between the braces, stripped; ``filters`` the filter names
    in order (``("default",)``); ``raw`` the whole tag as written.
    """

    expression: str
    filters: tuple[str, ...]
    raw: str
    span: Span
    #: The conditions of the enclosing ``if``/``unless`` blocks, outermost first, each
    #: written ``"if <condition>"`` or ``"unless <condition>"`` (an ``elsif``/``else`` arm
    #: adds the negations of the arms before it: ``"unless <earlier condition>"``). An
    #: earlier ``{% if C %}{% abort_message %}{% endif %}`` adds ``"unless C"`` in front.
    guards: tuple[str, ...] = ()
    #: True when the expression starts with a variable the template set earlier
    #: (``assign``, ``capture``, a ``for`` loop variable, ``increment``/``decrement``).
    assigned: bool = False
    #: False for an output inside a tag's markup (``{% if {{${language}}} == "en" %}``,
    #: a ``connected_content`` URL): Braze renders it into the tag; it is never shown.
    printed: bool = True


@dataclass(frozen=True, slots=True)
class LiquidProblem:
    """Something in a Liquid template that could not be read as a tag (unbalanced braces)."""

    message: str
    raw: str
    span: Span


class Context(StrEnum):
    CLIENT = "client"
    SERVER = "server"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class FileContext:
    kind: Context
    #: Why it was inferred, in words a user can check (``imports "react"``).
    reason: str


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Part of a file could not be parsed; the rest was still read."""

    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str  # repository-relative, forward slashes
    language: Language
    calls: tuple[Call, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    strings: tuple[StringLiteral, ...] = ()
    imports: tuple[Import, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    classes: tuple[ClassDef, ...] = ()
    config: tuple[ConfigEntry, ...] = ()
    comments: tuple[Comment, ...] = ()
    liquid: tuple[LiquidOutput, ...] = ()
    liquid_problems: tuple[LiquidProblem, ...] = ()
    #: Identifiers read anywhere in the file (``window``, ``document``, ``process``), for
    #: context inference; not positions.
    globals_used: frozenset[str] = frozenset()
    context: FileContext = FileContext(Context.UNKNOWN, "not inferred")
    problems: tuple[ParseProblem, ...] = ()
    #: The file's lines, kept for reporters (snippets) and fingerprints.
    lines: tuple[str, ...] = ()
    loops: tuple[Loop, ...] = ()
    numbers: tuple[NumberLiteral, ...] = ()
    returns: tuple[Return, ...] = ()
    #: The package or namespace the file declares (Kotlin/Java ``package com.x``), so that
    #: the project's own classes are never taken for an SDK's.
    package: str | None = None


#: The fields of :class:`FileFacts` that hold items, which a view selects from.
ITEM_FIELDS = (
    "calls",
    "assignments",
    "strings",
    "imports",
    "functions",
    "classes",
    "config",
    "comments",
    "liquid",
    "liquid_problems",
    "loops",
    "numbers",
    "returns",
)


def view_of(facts: FileFacts, **items: tuple[object, ...]) -> FileFacts:
    """``facts`` holding only ``items`` (field name → the items kept, taken from
    ``facts``); every other item field is empty. For ``ProjectRule.project_view``."""
    unknown = set(items) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"not item fields of FileFacts: {sorted(unknown)}")
    return replace(facts, **{name: tuple(items.get(name, ())) for name in ITEM_FIELDS})


def merge_views(
    facts: FileFacts, views: Iterable[FileFacts], whole: Iterable[str] = ()
) -> FileFacts:
    """``facts`` with only the items some view kept, in the file's order, and the fields
    named in ``whole`` entire. Views hold items of ``facts`` itself, so identity says
    which are kept."""
    views = list(views)
    keep_whole = set(whole)
    fields: dict[str, tuple[object, ...]] = {}
    for name in ITEM_FIELDS:
        if name in keep_whole:
            continue
        chosen = {id(item) for view in views for item in getattr(view, name)}
        fields[name] = (
            tuple(item for item in getattr(facts, name) if id(item) in chosen) if chosen else ()
        )
    return replace(facts, **fields)


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """All files' facts, for project rules. ``reportable`` says which paths findings may be
    reported on (all of them unless the user named only some files)."""

    files: tuple[FileFacts, ...]
    reportable: frozenset[str]

    def is_reportable(self, path: str) -> bool:
        return path in self.reportable
