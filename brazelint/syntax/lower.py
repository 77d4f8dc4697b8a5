"""One lowering for every grammar: a tree-sitter tree plus a ``LanguageSpec`` in,
``FileFacts`` out (docs/frontend-contract.md).

The tree is walked once, iteratively, with a context stack (scope, branch arms, loops,
guards); an ancestor that decides the context of a child (an ``if`` arm, a loop body, a
function body written as a sibling) leaves it in ``overrides``. Values are built on demand
and recursively, at most ``DEPTH_LIMIT`` deep. Receiver chains are followed at most
``DEPTH_LIMIT`` links and remembered for the calls passed on the way, and postfix runs
(Dart ``a.b().c()``) are read once from left to right, so a chain of n calls costs O(n).
Every call keeps the last ``CHAIN_LIMIT`` names of its chain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from tree_sitter import Node

from brazelint.facts import (
    Argument,
    Assignment,
    Call,
    ClassDef,
    Comment,
    FileFacts,
    Flow,
    FunctionDef,
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
from brazelint.languages import Language
from brazelint.syntax.spec import (
    CHAIN_LIMIT,
    DEPTH_LIMIT,
    CallShape,
    Expr,
    FunctionShape,
    LanguageSpec,
    Pick,
    StringShape,
)
from brazelint.syntax.strings import decode_escape

#: Flow.guards entries are cut to this many characters (the contract's 200).
GUARD_LIMIT = 200
#: A ``+`` concatenation with more operands than this is UNKNOWN.
OPERAND_LIMIT = DEPTH_LIMIT * 16
_ARITHMETIC = frozenset({"+", "-", "*", "/", "~/", "//", "%"})
_WORD = re.compile(r"\w+")


#: Steps a chain of a ``LanguageSpec.whole_chains`` language is walked for its root (a
#: 200,000-call chain is walked once, linearly).
WHOLE_CHAIN_LIMIT = DEPTH_LIMIT * 8192


def guard_text(text: str) -> str:
    return " ".join(text.split())[:GUARD_LIMIT]


def _key(value: Value) -> str | None:
    """A map key as text: literal strings, numbers and names; None otherwise."""
    if value.kind in (ValueKind.STRING, ValueKind.NUMBER, ValueKind.NAME):
        return value.text
    return None


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where the walk is: the scope, the arms, loops and guards around a node, the class
    whose body it is in, and what directly holds it ("file", "class" or "function").
    ``directives`` are the guards of enclosing ``#if`` arms, which hold for every scope
    inside them (a method written in ``#if DEBUG`` exists only in debug builds)."""

    scope: str = "<module>"
    branch: tuple[str, ...] = ()
    loops: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    class_name: str | None = None
    container: str = "file"
    directives: tuple[str, ...] = ()
    #: The implicit receiver's chain a hook set for a block (Kotlin ``x.apply { }``):
    #: prepended by ``LanguageSpec.implicit_receiver`` to the calls it applies to.
    receiver: tuple[str, ...] = ()

    def flow(self, order: int) -> Flow:
        return Flow(self.scope, order, self.branch, self.loops, self.guards)

    def arm(
        self, statement: int, arm: int, guard: str | None = None, directive: bool = False
    ) -> Ctx:
        if len(self.branch) >= DEPTH_LIMIT:
            return self
        added = (guard_text(guard),) if guard is not None else ()
        return Ctx(
            self.scope,
            (*self.branch, f"{statement}:{arm}"),
            self.loops,
            (*self.guards, *added)[:DEPTH_LIMIT],
            self.class_name,
            self.container,
            (*self.directives, *added)[:DEPTH_LIMIT] if directive else self.directives,
            self.receiver,
        )

    def in_loop(self, line: int) -> Ctx:
        if len(self.loops) >= DEPTH_LIMIT:
            return self
        loops = (*self.loops, f"loop@{line}")
        return Ctx(
            self.scope,
            self.branch,
            loops,
            self.guards,
            self.class_name,
            self.container,
            self.directives,
            self.receiver,
        )

    def new_scope(self, scope: str, loops: tuple[str, ...] = (), closure: bool = False) -> Ctx:
        """Flow resets in a new scope; a closure keeps its guards (a callback written in
        ``if (kDebugMode)`` only exists in debug builds), any scope its directives."""
        guards = self.guards if closure else self.directives
        return Ctx(
            scope, (), loops, guards, self.class_name, "function", self.directives, self.receiver
        )

    def in_type(self, class_name: str) -> Ctx:
        return Ctx(self.scope, (), (), self.guards, class_name, "class", self.directives)


@dataclass(frozen=True, slots=True)
class _Run:
    """A postfix run read: its chain, and its last call when the run ends in one."""

    chain: tuple[str, ...]
    call: Call | None
    nameable: bool


Handler = Callable[["Lowering", Node, Ctx], "Ctx | None"]


def lower(spec: LanguageSpec, path: str, text: str, language: Language) -> FileFacts:
    """The facts of one file. Never raises for bad input (an installation error, such as
    a missing grammar wheel, still does)."""
    return Lowering(spec, path, text, language).run()


class Lowering(FactsCollector):
    """One file's walk. Hooks of a ``LanguageSpec`` receive this object and may use its
    helpers (``text``, ``pick``, ``operands``, ``expr``, ``value``, ``call``, ``chain``,
    ``lambda_name``, ``parameter_names``) and ``memo``, scratch space for one file."""

    def __init__(self, spec: LanguageSpec, path: str, text: str, language: Language) -> None:
        super().__init__()
        self.spec = spec
        self.path = path
        self.language = language
        self.source = ts.parse_source(spec.grammar, text)
        self.data = self.source.data
        self.overrides: dict[int, Ctx] = {}
        self.else_ifs: dict[int, tuple[int, int, Ctx]] = {}
        self.lambda_scopes: dict[int, Ctx] = {}
        self.chain_memo: dict[int, tuple[str, ...]] = {}
        self.built: dict[int, Call] = {}
        self.runs: dict[tuple[int, int], _Run] = {}
        self.keyed_calls: list[tuple[int, int, Call]] = []
        self.extra_problems: list[ParseProblem] = []
        self._siblings: dict[int, tuple[list[Node], dict[int, int]]] = {}
        #: Postfix steps already read as part of their run.
        self.steps_read: set[int] = set()
        #: Equal chains share one tuple: a long repetitive chain would otherwise hold
        #: CHAIN_LIMIT names per call.
        self.chain_pool: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.string_memo: dict[int, tuple[Value, Span, bool]] = {}
        self.spans: dict[int, Span] = {}
        #: Named node types that are never operands.
        self.not_operands = spec.comments | spec.operator_types
        self.declared_names |= spec.implicit_names
        #: Scratch space for a spec's hooks, for this file only.
        self.memo: dict[object, object] = {}

    # -- helpers for hooks -------------------------------------------------------------------

    def text(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def expr_text(self, expr: Expr | None) -> str:
        if not expr:
            return ""
        return self.data[expr[0].start_byte : expr[-1].end_byte].decode("utf-8", "replace")

    def span(self, node: Node) -> Span:
        # Kept: a call's span is also its value's, a name's its chain's and argument's.
        node_id = node.id
        found = self.spans.get(node_id)
        if found is None:
            found = self.spans[node_id] = ts.node_span(self.source.index, node)
        return found

    def expr_span(self, expr: Expr) -> Span:
        if len(expr) == 1:
            return self.span(expr[0])
        first, last = expr[0], expr[-1]
        return self.source.index.byte_span(
            first.start_point, last.end_point, first.start_byte, last.end_byte
        )

    def line(self, node: Node) -> int:
        return node.start_point[0] + 1

    def expr(self, node: Node, parent: Node | None = None) -> Expr:
        """``node`` as an expression, with the postfix steps that follow it (``parent``:
        its parent, when the caller has it; finding a parent costs tree-sitter a walk
        from the root)."""
        if not self.spec.postfix_types:
            return (node,)
        holder = parent if parent is not None else node.parent
        if holder is None:
            return (node,)
        siblings, index = self._named(holder)
        start = index.get(node.id)
        if start is None:
            return (node,)
        return self._run_from(siblings, start)

    def _named(self, node: Node) -> tuple[list[Node], dict[int, int]]:
        """A node's named children and each one's index (kept: sibling steps in
        tree-sitter scan from the parent, which made long runs quadratic)."""
        found = self._siblings.get(node.id)
        if found is None:
            children = node.named_children
            found = (children, {child.id: i for i, child in enumerate(children)})
            self._siblings[node.id] = found
        return found

    def _run_from(self, siblings: list[Node], start: int) -> Expr:
        postfix = self.spec.postfix_types
        end = start + 1
        while end < len(siblings) and siblings[end].type in postfix:
            end += 1
        return tuple(siblings[start:end])

    def operands(self, node: Node) -> list[Expr]:
        """The named children of ``node`` that are expressions (no comments, no operator
        nodes), a postfix run counted as one."""
        spec = self.spec
        if not spec.postfix_types:  # each child its own operand
            skipped = self.not_operands
            return [(child,) for child in node.named_children if child.type not in skipped]
        groups: list[list[Node]] = []
        for child in node.named_children:
            kind = child.type
            if kind in spec.comments or kind in spec.operator_types:
                continue
            if kind in spec.postfix_types and groups:
                groups[-1].append(child)
            else:
                groups.append([child])
        return [tuple(group) for group in groups]

    def pick(self, node: Node, where: Pick | None) -> Expr | None:
        if where is None:
            return None
        if isinstance(where, str):  # the common case first: a field
            child = node.child_by_field_name(where)
            if child is None:
                return None
            return self.expr(child, node) if self.spec.postfix_types else (child,)
        found = self.operands(node)
        return found[where] if -len(found) <= where < len(found) else None

    def pick_node(self, node: Node, where: Pick | None) -> Node | None:
        if isinstance(where, str):  # a field's node starts the run it would begin
            return node.child_by_field_name(where)
        found = self.pick(node, where)
        return found[0] if found else None

    def unwrap(self, expr: Expr | None) -> Expr | None:
        wrappers = self.spec.wrappers
        for _ in range(DEPTH_LIMIT):
            if expr is None or len(expr) != 1:
                return expr
            where = wrappers.get(expr[0].type)
            if where is None:
                return expr
            expr = self.pick(expr[0], where)
        return expr

    def unknown(self, expr: Expr) -> Value:
        end = min(expr[-1].end_byte, expr[0].start_byte + 4 * ts.EXCERPT_LIMIT + 4)
        text = self.data[expr[0].start_byte : end].decode("utf-8", "replace")
        return Value(ValueKind.UNKNOWN, ts.excerpt(text), self.expr_span(expr))

    # -- chains ------------------------------------------------------------------------------

    def chain(self, expr: Expr | None) -> tuple[str, ...]:
        """The dotted path of an expression; calls in between collapse. The calls passed on
        the way down remember theirs, so a long chain is walked once."""
        spec = self.spec
        names: list[str] = []  # outermost first
        passed: list[tuple[int, int]] = []
        tail: tuple[str, ...] = ()
        current = expr
        wrappers = spec.wrappers
        rooted = False  # the walk ended at a name, or at a call naming no receiver
        # A whole chain is walked to its root once (its calls remember theirs).
        for _ in range(WHOLE_CHAIN_LIMIT if spec.whole_chains else DEPTH_LIMIT):
            if not current:
                rooted = True
                break
            if len(current) > 1:
                tail = self.read_run(current, Ctx(), 0).chain
                rooted = True
                break
            node = current[0]
            kind = node.type
            if kind in wrappers:
                current = self.unwrap(current)
                continue
            if kind in spec.identifiers:
                names.append(self.text(node))
                rooted = True
                break
            if kind in spec.self_names:
                # The keyword without a label: Kotlin's ``this@Outer`` is ``this``.
                keyword = _WORD.match(self.text(node))
                names.append(keyword.group() if keyword else self.text(node))
                rooted = True
                break
            member = spec.members.get(kind)
            if member is not None:
                name = self.pick_node(node, member.name)
                if name is not None and member.name_inner is not None:
                    name = self.pick_node(name, member.name_inner)
                if name is not None:
                    names.append(self.text(name))
                current = self.pick(node, member.object)
                continue
            if kind in spec.calls or kind in spec.call_hooks:
                if spec.call_through is not None:
                    inner = spec.call_through(self, node)
                    if inner is not None:
                        current = (inner,)
                        continue
                remembered = self.chain_memo.get(node.id)
                if remembered is not None:
                    tail = remembered
                    rooted = bool(remembered)
                    break
                passed.append((node.id, len(names)))
                hook = spec.call_hooks.get(kind)
                if hook is not None:
                    receiver, name_node, _ = hook(self, node)
                    if name_node is not None:
                        names.append(self.text(name_node))
                    current = self.expr(receiver) if receiver is not None else None
                    continue
                shape = spec.calls[kind]
                if shape.name is not None:
                    name_node = self.pick_node(node, shape.name)
                    if name_node is not None:
                        names.append(self.text(name_node))
                    current = self.pick(node, shape.callee)
                    continue
                if shape.callee is None:
                    names.extend(reversed(self._name_parts(node, shape)))
                    rooted = True
                    break
                current = self.pick(node, shape.callee)
                continue
            through = spec.chain_through.get(kind)
            if through is not None:
                step_name = spec.chain_step_names.get(kind)
                if step_name is not None:
                    found = step_name(self, node)
                    if found is not None:
                        names.append(found)
                current = self.pick(node, through)
                continue
            break
        else:
            rooted = True  # cut at the limit: the names read so far stand
            if spec.whole_chains:  # calls left with fewer names read their own later
                passed = [(i, count) for i, count in passed if len(names) - count >= CHAIN_LIMIT]
        if spec.whole_chains and not rooted:
            names.clear()  # a chain from no name: none (and none for the calls passed)
            passed = [(node_id, 0) for node_id, _ in passed]
        whole = self._pooled((*tail, *reversed(names))[-CHAIN_LIMIT:])
        memo = self.chain_memo
        for node_id, count in passed:
            # The call the walk started from (count 0) has the whole chain; the others
            # their last CHAIN_LIMIT names (the tail only when they have fewer).
            if count == 0:
                memo[node_id] = whole
                continue
            kept = names[count : count + CHAIN_LIMIT]
            kept.reverse()
            memo[node_id] = self._pooled(
                tuple(kept) if len(kept) == CHAIN_LIMIT else (*tail, *kept)[-CHAIN_LIMIT:]
            )
        return whole

    def _pooled(self, chain: tuple[str, ...]) -> tuple[str, ...]:
        return self.chain_pool.setdefault(chain, chain)

    def _name_parts(self, node: Node, shape: CallShape) -> list[str]:
        return [self.text(c) for c in node.named_children if c.type in shape.name_parts]

    def _name_node(self, expr: Expr | None) -> Node | None:
        """The node of the last name of a callee (for ``Call.name_span``)."""
        expr = self.unwrap(expr)
        if not expr:
            return None
        node = expr[-1]
        member = self.spec.members.get(node.type)
        if member is not None:
            name = self.pick_node(node, member.name)
            if name is not None and member.name_inner is not None:
                name = self.pick_node(name, member.name_inner)
            return name
        return node

    def read_run(self, expr: Expr, ctx: Ctx, depth: int) -> _Run:
        """Read a postfix run (a primary, then name / call / cascade steps) once."""
        key = (expr[0].id, len(expr))
        found = self.runs.get(key)
        if found is not None:
            return found
        hook = self.spec.postfix
        primary = expr[0]
        names = list(self.chain((primary,)))
        nameable = bool(names)
        name_node = self._name_node((primary,))
        cascade_base: int | None = None
        last: Call | None = None
        self.steps_read.update(step.id for step in expr[1:])
        for step_node in expr[1:]:
            step = hook(self, step_node) if hook is not None else ("skip", None)
            if step[0] == "name":
                if step[1] is not None:
                    names.append(self.text(step[1]))
                    name_node = step[1]
                last = None
            elif step[0] == "call":
                last = self._step_call(expr[0], step_node, step[1], names, name_node, ctx, depth)
            elif step[0] == "cascade":
                _, cascade_name, arguments = step
                if cascade_base is None:
                    cascade_base = len(names)
                del names[cascade_base:]
                if cascade_name is not None:
                    names.append(self.text(cascade_name))
                    name_node = cascade_name
                last = None
                if arguments is not None:
                    self._step_call(expr[0], step_node, arguments, names, name_node, ctx, depth)
            if len(names) > 4 * CHAIN_LIMIT:  # only the last CHAIN_LIMIT are ever kept
                removed = len(names) - CHAIN_LIMIT
                del names[:removed]
                if cascade_base is not None:
                    cascade_base = max(0, cascade_base - removed)
        if cascade_base is not None:
            del names[cascade_base:]
        result = _Run(tuple(names[-CHAIN_LIMIT:]), last, nameable)
        self.runs[key] = result
        return result

    def _step_call(
        self,
        start: Node,
        step_node: Node,
        arguments: Node | None,
        names: list[str],
        name_node: Node | None,
        ctx: Ctx,
        depth: int,
    ) -> Call:
        built = self.built.get(step_node.id)
        if built is not None:
            return built
        chain = self._pooled(tuple(names[-CHAIN_LIMIT:]))
        shape = self.spec.postfix_arguments
        args = (
            self._arguments(arguments, shape, chain, ctx, depth, name_node)
            if arguments is not None and shape is not None
            else ()
        )
        call = Call(
            chain,
            args,
            self.source.index.byte_span(start.start_point, step_node.end_point),
            ctx.flow(start.start_byte),
            name_span=self.span(name_node) if name_node is not None else None,
        )
        self.built[step_node.id] = call
        self._note_root(chain)
        return call

    # -- calls and values --------------------------------------------------------------------

    def call(self, node: Node, ctx: Ctx, depth: int) -> Call:
        built = self.built.get(node.id)
        if built is not None:
            return built
        spec = self.spec
        if spec.call_through is not None:
            inner = spec.call_through(self, node)
            if inner is not None:
                return self.call(inner, ctx, depth)
        chain = written = self.chain((node,))
        if ctx.receiver and spec.implicit_receiver is not None:
            chain = spec.implicit_receiver(self, node, chain, ctx)
        chain_read = True
        hook = spec.call_hooks.get(node.type)
        if hook is not None:
            _, name_node, labelled = hook(self, node)
            args = tuple(
                Argument(self.value(self.expr(arg), ctx, depth + 1), label)
                for label, arg in labelled
            )
            if chain and chain[-1] in spec.iteration_methods:
                exprs = [self.expr(arg) for _, arg in labelled]
                self._iteration_scopes(chain, exprs, ctx, name_node)
        else:
            shape = spec.calls[node.type]
            arguments = self.pick_node(node, shape.arguments)
            if shape.name is not None:
                name_node = self.pick_node(node, shape.name)
            elif shape.callee is not None:
                name_node = self._name_node(self.pick(node, shape.callee))
            else:
                parts = [c for c in node.named_children if c.type in shape.name_parts]
                name_node = parts[-1] if parts else None
            if not shape.reads_root:
                chain_read = False
            args = (
                self._arguments(arguments, shape, chain, ctx, depth, name_node)
                if arguments is not None
                else ()
            )
        call = Call(
            chain,
            args,
            self.span(node),
            ctx.flow(node.start_byte),
            name_span=self.span(name_node) if name_node is not None else None,
        )
        self.built[node.id] = call
        if chain_read:
            self._note_root(written)  # the implicit receiver is read where it is written
        return call

    def _arguments(
        self,
        arguments: Node,
        shape: CallShape,
        chain: tuple[str, ...],
        ctx: Ctx,
        depth: int,
        name_node: Node | None = None,
    ) -> tuple[Argument, ...]:
        result: list[Argument] = []
        exprs: list[Expr] = []
        for operand in self.operands(arguments):
            node = operand[0]
            labelled = shape.labelled.get(node.type)
            label: str | None = None
            if labelled is not None:
                label = self.expr_text(self.pick(node, labelled[0])).rstrip(": \t\n") or None
                value_expr = self.pick(node, labelled[1])
            elif node.type in shape.positional:
                value_expr = self.pick(node, 0)
            else:
                value_expr = operand
            if value_expr is None:
                continue
            exprs.append(value_expr)
            result.append(Argument(self.value(value_expr, ctx, depth + 1), label))
        self._iteration_scopes(chain, exprs, ctx, name_node)
        return tuple(result)

    def _iteration_scopes(
        self, chain: tuple[str, ...], exprs: list[Expr], ctx: Ctx, name_node: Node | None
    ) -> None:
        """A closure given to ``forEach``/``map``… is a loop body in a scope of its own,
        whose loop is labelled with the line of the method's name (as in every frontend)."""
        if not chain or chain[-1] not in self.spec.iteration_methods:
            return
        for expr in exprs:
            inner = self.unwrap(expr)
            if inner and len(inner) == 1 and inner[0].type in self.spec.lambdas:
                lambda_node = inner[0]
                line = self.line(name_node if name_node is not None else lambda_node)
                loops = (f"iter:{chain[-1]}@{line}",)
                self.lambda_scopes[lambda_node.id] = ctx.new_scope(
                    self.lambda_name(lambda_node), loops, closure=True
                )

    def lambda_name(self, node: Node) -> str:
        line, col = self.source.index.byte_point(node.start_point[0], node.start_point[1])
        return f"<lambda>@{line}:{col}"

    def _note_root(self, chain: tuple[str, ...]) -> None:
        if chain and chain[0] not in ("this", "self", "super"):
            self.read_names.add(chain[0])

    def value(self, expr: Expr, ctx: Ctx, depth: int) -> Value:
        """What an expression is, for rules; UNKNOWN beyond ``DEPTH_LIMIT`` levels."""
        if depth > DEPTH_LIMIT:
            return self.unknown(expr)
        inner = self.unwrap(expr)
        if not inner:
            return self.unknown(expr)
        spec = self.spec
        span = self.span(inner[0]) if len(inner) == 1 else self.expr_span(inner)
        if len(inner) > 1:
            run = self.read_run(inner, ctx, depth)
            if run.call is not None:
                return Value(ValueKind.CALL, ".".join(run.call.chain), span, call=run.call)
            if run.nameable and run.chain:
                self._note_root(run.chain)
                return Value(ValueKind.NAME, ".".join(run.chain), span)
            return self.unknown(inner)
        node = inner[0]
        kind = node.type
        value_hook = spec.value_hooks.get(kind)
        if value_hook is not None:
            hooked = value_hook(self, node, ctx, depth)
            if hooked is not None:
                return hooked
        role = _value_roles(spec).get(kind)
        if role is None:
            return self.unknown(inner)
        if role == "name":  # the commonest values first: names and calls
            text = self.text(node)
            named = spec.literal_names.get(text)
            if named is not None:
                return Value(named[0], named[1], span)
            self._note_root((text,))
            return Value(ValueKind.NAME, text, span)
        if role == "call":
            return self._call_value(node, inner, span, ctx, depth)
        shape = spec.strings.get(kind)
        if shape is not None:
            return self._string(node, shape, ctx, depth)[0]
        if kind in spec.string_concatenations:
            parts = [self.value((c,), ctx, depth + 1) for c in node.named_children]
            return self._template(parts, span)
        if kind in spec.numbers:
            text = self.text(node)
            return Value(ValueKind.NUMBER, text, span, spec.parse_number(text))
        if kind in spec.unary:
            operand = self.unwrap(self.pick(node, -1))
            if (
                self.text(node).lstrip().startswith("-")
                and operand
                and (operand[0].type in spec.numbers)
            ):
                number = spec.parse_number(self.text(operand[0]))
                negated = -number if number is not None else None
                return Value(ValueKind.NUMBER, self.text(node), span, negated)
            return self.unknown(inner)
        literal = spec.literals.get(kind)
        if literal is not None:
            return Value(literal[0], literal[1], span)
        if kind in spec.identifiers:
            text = self.text(node)
            named = spec.literal_names.get(text)
            if named is not None:
                return Value(named[0], named[1], span)
            self._note_root((text,))
            return Value(ValueKind.NAME, text, span)
        if kind in spec.members or kind in spec.self_names:
            chain = self.chain(inner)
            if not chain:
                return self.unknown(inner)
            self._note_root(chain)
            return Value(ValueKind.NAME, ".".join(chain), span)
        holder: Node | None = node
        if kind in spec.list_parts:
            holder = self.pick_node(node, spec.list_parts[kind])
        if holder is not None and (kind in spec.lists or kind in spec.list_parts):
            items = tuple(
                self.value(operand, ctx, depth + 1)
                for operand in self.operands(holder)
                if operand[0].type not in spec.type_argument_types
            )
            return Value(ValueKind.LIST, self.unknown(inner).text, span, items=items)
        dict_shape = spec.dicts.get(kind)
        if dict_shape is not None:
            return self._dict(node, inner, dict_shape, ctx, depth)
        binary = spec.binaries.get(kind)
        if binary is not None:
            return self._binary(node, inner, ctx, depth)
        conditional = spec.conditionals.get(kind)
        if conditional is not None:
            alternatives = [self.pick(node, arm) for arm in conditional.arms]
            condition = self._condition_text(self.pick(node, conditional.condition))
            # Each arm in the flow enter_conditional gives it: calls built here keep it.
            contexts = [
                ctx.arm(node.start_byte, arm, condition if arm == 0 else "!" + condition)
                for arm in range(len(alternatives))
            ]
            if alternatives and alternatives[0] is None:  # ``a ?: b``: the condition itself
                alternatives[0] = self.pick(node, conditional.condition)
                contexts[0] = ctx
            items = tuple(
                self.value(alt, arm_ctx, depth + 1)
                for alt, arm_ctx in zip(alternatives, contexts, strict=True)
                if alt
            )
            return Value(ValueKind.CHOICE, self.unknown(inner).text, span, items=items)
        return self.unknown(inner)

    def _call_value(self, node: Node, inner: Expr, span: Span, ctx: Ctx, depth: int) -> Value:
        spec = self.spec
        call = self.call(node, ctx, depth)
        tail = call.chain[-2:]
        if tail in spec.list_factories:
            items = tuple(argument.value for argument in call.args)
            return Value(ValueKind.LIST, self.unknown(inner).text, span, items=items)
        if tail in spec.map_factories:
            values = [argument.value for argument in call.args]
            entries = tuple((_key(values[i]), values[i + 1]) for i in range(0, len(values) - 1, 2))
            return Value(ValueKind.DICT, self.unknown(inner).text, span, entries=entries)
        if ctx.receiver:  # the value names what is written, not the implicit receiver
            return Value(ValueKind.CALL, ".".join(self.chain((node,))), span, call=call)
        return Value(ValueKind.CALL, ".".join(call.chain), span, call=call)

    def _dict(
        self, node: Node, expr: Expr, shape: tuple[str, Pick, Pick], ctx: Ctx, depth: int
    ) -> Value:
        pair_type, key_pick, value_pick = shape
        entries: list[tuple[str | None, Value]] = []
        elements: list[Value] = []
        for operand in self.operands(node):
            child = operand[0]
            if child.type in self.spec.type_argument_types:
                continue
            if child.type != pair_type:
                elements.append(self.value(operand, ctx, depth + 1))
                continue
            key_expr = self.pick(child, key_pick)
            value_expr = self.pick(child, value_pick)
            if value_expr is None:
                continue
            key = self.value(key_expr, ctx, depth + 1) if key_expr else None
            key_text = (
                key.text
                if key is not None
                and key.kind in (ValueKind.STRING, ValueKind.NAME, ValueKind.NUMBER)
                else None
            )
            entries.append((key_text, self.value(value_expr, ctx, depth + 1)))
        text = self.unknown(expr).text
        if elements and not entries:  # a set literal (Dart ``{a, b}``)
            return Value(ValueKind.LIST, text, self.expr_span(expr), items=tuple(elements))
        return Value(ValueKind.DICT, text, self.expr_span(expr), entries=tuple(entries))

    def _operators(self, node: Node) -> list[str]:
        shape = self.spec.binaries[node.type]
        if shape.operator is not None:
            return [self.text(node.child_by_field_name(shape.operator))]
        found = []
        for child in node.children:
            if child.type in self.spec.operator_types or (
                not child.is_named and child.type not in ("(", ")")
            ):
                found.append(self.text(child))
        return found

    def _binary(self, node: Node, expr: Expr, ctx: Ctx, depth: int) -> Value:
        spec = self.spec
        operators = self._operators(node)
        span = self.expr_span(expr)
        if operators and all(op in spec.choice_operators for op in operators):
            alternatives = self._flat(expr, operators[0])
            if len(alternatives) > OPERAND_LIMIT:
                return self.unknown(expr)
            items = [self.value(alt, ctx, depth + 1) for alt in alternatives]
            return Value(ValueKind.CHOICE, self.unknown(expr).text, span, items=tuple(items))
        if operators and all(op == "+" for op in operators):
            operands = self._flat(expr, "+")
            if len(operands) > OPERAND_LIMIT:
                return self.unknown(expr)  # not the first OPERAND_LIMIT parts as if whole
            # A parenthesised concatenation is a string too: ``("a" + b) + c``.
            if any(self._is_string(o) for o in operands) or any(
                o[0].type in spec.wrappers
                and self.value(o, ctx, depth + 1).kind in (ValueKind.STRING, ValueKind.TEMPLATE)
                for o in operands
                if len(o) == 1
            ):
                parts = [self.value(o, ctx, depth + 1) for o in operands]
                return self._template(parts, span, [self.expr_text(o) for o in operands])
        if len(operators) == 1 and operators[0] in _ARITHMETIC:
            shape = spec.binaries[node.type]
            left, right = self.pick(node, shape.left), self.pick(node, shape.right)
            if left and right:
                items = (self.value(left, ctx, depth + 1), self.value(right, ctx, depth + 1))
                return Value(
                    ValueKind.ARITHMETIC,
                    self.unknown(expr).text,
                    span,
                    items=items,
                    operator=operators[0],
                )
        return self.unknown(expr)

    def _flat(self, expr: Expr, operator: str) -> list[Expr]:
        """The operands of ``a op b op c`` in order, however the grammar nests them.
        Parentheses are looked through for a fallback (``a ?? (b ?? c)`` is one choice)
        but not for ``+``: ``"a" + (n + 1)`` adds before it joins."""
        found: list[Expr] = []
        pending = [self.unwrap(expr)]
        through = operator in self.spec.choice_operators
        while pending and len(found) <= OPERAND_LIMIT:
            current = pending.pop()
            if current is None:
                continue
            if through:
                current = self.unwrap(current)
                if current is None:
                    continue
            node = current[0]
            if (
                len(current) == 1
                and node.type in self.spec.binaries
                and all(op == operator for op in self._operators(node))
            ):
                pending.extend(reversed(self.operands(node)))
                continue
            found.append(current)
        return found

    def _is_string(self, expr: Expr) -> bool:
        inner = self.unwrap(expr)
        return (
            bool(inner)
            and len(inner) == 1
            and (
                inner[0].type in self.spec.strings
                or inner[0].type in self.spec.string_concatenations
            )
        )

    def _template(self, parts: list[Value], span: Span, sources: list[str] | None = None) -> Value:
        """STRING when every part is literal text, else TEMPLATE with the parts in order."""
        if all(part.kind is ValueKind.STRING for part in parts):
            return Value(ValueKind.STRING, "".join(part.text for part in parts), span)
        items: list[Value] = []
        text: list[str] = []
        for index, part in enumerate(parts):
            if part.kind is ValueKind.STRING:
                items.append(part)
                text.append(part.text)
            elif part.kind is ValueKind.TEMPLATE:
                items.extend(part.items)
                text.append(part.text)
            else:
                items.append(part)
                source = sources[index] if sources else part.text
                text.append("{" + source + "}")
        return Value(ValueKind.TEMPLATE, "".join(text), span, items=tuple(items))

    # -- strings -----------------------------------------------------------------------------

    def _string(
        self, node: Node, shape: StringShape, ctx: Ctx, depth: int
    ) -> tuple[Value, Span, bool]:
        """The value of a string literal, its content span and whether it interpolates.
        Quote tokens open and close the literal parts; what lies between them and is no
        child is literal text, so adjacent literals read as one string."""
        found = self.string_memo.get(node.id)
        if found is None:  # read once: as an argument's value and as a string fact
            if shape.scan is not None:
                found = shape.scan(self, node, ctx, depth)
            elif shape.read is not None:
                text, content = shape.read(self, node)
                found = (Value(ValueKind.STRING, text, self.span(node)), content, False)
            else:
                found = self._read_string(node, shape, ctx, depth)
            self.string_memo[node.id] = found
        return found

    def _read_string(
        self, node: Node, shape: StringShape, ctx: Ctx, depth: int
    ) -> tuple[Value, Span, bool]:
        data = self.data
        index = self.source.index
        pieces: list[Value] = []
        sources: list[str] = []  # each piece's text in TEMPLATE.text
        literal: list[str] = []
        literal_from = node.start_point
        inside = False
        raw = False
        cursor = node.start_byte
        first_open: Node | None = None
        last_close: Node | None = None
        content_from = node.start_point

        def flush(until: tuple[int, int]) -> None:
            if literal:
                text = "".join(literal)
                pieces.append(Value(ValueKind.STRING, text, index.byte_span(literal_from, until)))
                sources.append(text)
                literal.clear()

        for child in node.children:
            if not child.is_named:
                token = self.text(child)
                if "'" in token or '"' in token:
                    if not inside:
                        raw = shape.raw_prefix is not None and token.startswith(shape.raw_prefix)
                        if first_open is None:
                            first_open = child
                            literal_from = content_from = child.end_point
                        inside = True
                        cursor = child.end_byte
                        if shape.trim_first_line and token[-3:] in ("'''", '"""'):
                            cursor = self._after_blank_first_line(cursor, node.end_byte)
                            if cursor != child.end_byte and first_open is child:
                                literal_from = content_from = (child.end_point[0] + 1, 0)
                        continue
                    else:
                        literal.append(data[cursor : child.start_byte].decode("utf-8", "replace"))
                        last_close = child
                    inside = not inside
                    cursor = child.end_byte
                continue
            if not inside:
                continue
            literal.append(data[cursor : child.start_byte].decode("utf-8", "replace"))
            cursor = child.end_byte
            kind = child.type
            if kind in shape.substitution:
                flush(child.start_point)
                value, source = self._substitution(child, shape, ctx, depth)
                pieces.append(value)
                sources.append("{" + source + "}")
                literal_from = child.end_point
            elif kind in shape.escape and not raw:
                literal.append(decode_escape(self.text(child)))
            else:
                literal.append(self.text(child))
        if inside:  # unterminated: the rest is content
            literal.append(data[cursor : node.end_byte].decode("utf-8", "replace"))
        flush(last_close.start_point if last_close is not None else node.end_point)
        span = self.span(node)
        start = content_from
        end = last_close.start_point if last_close is not None else node.end_point
        content = index.byte_span(start, end)
        if all(piece.kind is ValueKind.STRING for piece in pieces):
            return Value(ValueKind.STRING, "".join(sources), span), content, False
        value = Value(ValueKind.TEMPLATE, "".join(sources), span, items=tuple(pieces))
        return value, content, True

    def _after_blank_first_line(self, start: int, end: int) -> int:
        """Where a multi-line string's content starts: after its first line when that holds
        only blanks (Dart, like Swift and Kotlin, drops it)."""
        newline = self.data.find(b"\n", start, end)
        if newline >= 0 and not self.data[start:newline].strip():
            return newline + 1
        return start

    def _substitution(
        self, node: Node, shape: StringShape, ctx: Ctx, depth: int
    ) -> tuple[Value, str]:
        for child in node.named_children:
            if child.type in shape.substitution_names:
                name = self.text(child)
                self._note_root((name,))
                return Value(ValueKind.NAME, name, self.span(child)), name
        operands = self.operands(node)
        if not operands or depth > DEPTH_LIMIT:
            return self.unknown((node,)), self.text(node)
        return self.value(operands[0], ctx, depth + 1), self.expr_text(operands[0])

    # -- the walk ----------------------------------------------------------------------------

    def run(self) -> FileFacts:
        tree = self.source.tree
        if tree is not None:
            try:
                self._walk(tree.root_node)
            except Exception as error:  # budget.Exceeded (a BaseException) still escapes
                # A grammar shape no table foresaw must cost this file's remaining facts,
                # never the scan: what was read so far is kept.
                self.extra_problems.append(
                    ParseProblem(f"could not read the rest of the file: {error!r}"[:200])
                )
        if not self.spec.calls_in_walk_order:
            self.keyed_calls.sort(key=lambda item: (item[0], item[1]))
        self.calls = [call for _, _, call in self.keyed_calls]
        return self.freeze(self.path, self.language, [*self.source.problems, *self.extra_problems])

    def _walk(self, root: Node) -> None:
        handlers = _handlers(self.spec)
        overrides = self.overrides
        cursor = root.walk()
        stack: list[Ctx] = [Ctx()]
        node = root
        while True:
            ctx = stack[-1]
            if node.is_named:  # tokens have no handler and no context of their own
                if overrides:
                    ctx = overrides.pop(node.id, None) or ctx
                handler = handlers.get(node.kind_id)
                if handler is not None:
                    ctx = handler(self, node, ctx) or ctx
            if cursor.goto_first_child():
                stack.append(ctx)
                node = cursor.node  # type: ignore[assignment]  # a child exists
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return
                stack.pop()
            node = cursor.node  # type: ignore[assignment]  # on the sibling just reached

    # -- handlers: each gets the node and its context, returns its children's context -------

    def enter_call(self, node: Node, ctx: Ctx) -> None:
        through = self.spec.call_through
        if through is not None and through(self, node) is not None:
            return  # a wrapper of the call it holds, which is entered on its own
        call = self.call(node, ctx, 0)
        self.keyed_calls.append((self._byte_of(call.name_span, node), node.start_byte, call))

    def _byte_of(self, span: Span | None, node: Node) -> int:
        # Calls sort by where their name is (``a.b().c()``: b before c); a span's line and
        # column order the same way as its bytes do.
        if span is None:
            return node.start_byte
        return span.line << 32 | span.col

    def enter_postfix(self, node: Node, ctx: Ctx) -> None:
        if node.id not in self.steps_read:
            parent = node.parent
            if parent is None:
                return
            # Not kept in ``_siblings``: a run is read once, and its statement's children
            # (200,000 steps for a hostile chain) need not outlive it.
            siblings = parent.named_children
            start = next(i for i, sibling in enumerate(siblings) if sibling.id == node.id)
            postfix = self.spec.postfix_types
            while start > 0 and siblings[start - 1].type in postfix:
                start -= 1
            if start == 0 or siblings[start - 1].type in self.spec.comments:
                return
            self.read_run(self._run_from(siblings, start - 1), ctx, 0)
        call = self.built.get(node.id)
        if call is not None:
            self.keyed_calls.append((self._byte_of(call.name_span, node), node.start_byte, call))

    def enter_string(self, node: Node, ctx: Ctx) -> None:
        value, content, interpolated = self._string(node, self.spec.strings[node.type], ctx, 0)
        self.strings.append(
            StringLiteral(value.text, value.span, content, interpolated, ctx.flow(node.start_byte))
        )

    def enter_number(self, node: Node, ctx: Ctx) -> None:
        text = self.text(node)
        self.numbers.append(
            NumberLiteral(
                text, self.spec.parse_number(text), self.span(node), ctx.flow(node.start_byte)
            )
        )

    def enter_comment(self, node: Node, ctx: Ctx) -> None:
        self.comments.append(Comment(self.text(node), self.span(node)))

    def enter_import(self, node: Node, ctx: Ctx) -> None:
        for item in self.spec.imports[node.type](self, node):
            self.imports.append(item)
            if item.alias:
                self.declared_names.add(item.alias)

    def enter_assignment(self, node: Node, ctx: Ctx) -> None:
        shape = self.spec.assignments[node.type]
        if shape.operator is not None:
            operator = node.child_by_field_name(shape.operator)
            if operator is not None and self.text(operator) != "=":
                return  # ``x += 1`` gives x no value we can read
        target = self.pick(node, shape.target)
        value = self.pick(node, shape.value)
        if target is None or value is None:
            return
        if shape.target_types is not None and (
            len(target) != 1 or target[0].type not in shape.target_types
        ):
            return
        chain = self.chain(target)
        if not chain:
            return  # ``a[0] = v``: no name to record
        self.assignments.append(
            Assignment(chain, self.value(value, ctx, 0), self.span(node), ctx.flow(node.start_byte))
        )

    def enter_declaration(self, node: Node, ctx: Ctx) -> None:
        shape = self.spec.declarations[node.type]
        name = self.declared_name(self.pick_node(node, shape.name))
        if name is None:
            return
        self.declared_names.add(name)
        value = self.pick(node, shape.value)
        if value is None:
            return
        self.assignments.append(
            Assignment(
                (name,),
                self.value(value, ctx, 0),
                self.span(node),
                ctx.flow(node.start_byte),
                self._file_level(node, ctx),
            )
        )

    def declared_name(self, node: Node | None) -> str | None:
        """The name a declarator declares (``*p`` → ``p``), via the spec's wrappers."""
        wrappers = self.spec.declarator_wrappers
        for _ in range(DEPTH_LIMIT):
            if node is None:
                return None
            if node.type in self.spec.identifiers:
                return self.text(node)
            where = wrappers.get(node.type)
            if where is None:
                return None
            node = self.pick_node(node, where)
        return None

    def _file_level(self, node: Node, ctx: Ctx) -> bool:
        if ctx.container in ("file", "constants"):
            return True
        if ctx.container != "class":
            return False
        spec = self.spec
        current: Node | None = node
        for _ in range(3):  # the declarator, its list, the declaration
            if current is None:
                break
            # A keyword token (Dart) or a specifier node holding one (C's storage class).
            words = {self.text(c) for c in current.children if c.end_byte - c.start_byte <= 16}
            for child in current.children:
                if child.type in spec.modifier_lists:
                    words.update(self.text(c) for c in child.children if not c.is_named)
            if spec.static_all and spec.static_keywords <= words:
                return True
            if not spec.static_all and words & spec.static_keywords:
                return True
            current = current.parent
        return False

    def enter_return(self, node: Node, ctx: Ctx) -> None:
        operands = self.operands(node)
        if operands:
            self.returns.append(
                Return(self.value(operands[0], ctx, 0), self.span(node), ctx.flow(node.start_byte))
            )

    def enter_keyword_return(self, node: Node, ctx: Ctx) -> None:
        """A hook for grammars whose one jump node is ``return``, ``break``, ``throw`` …
        alike (Kotlin ``jump_expression``, Swift ``control_transfer_statement``): a return
        only when its text starts with ``return``, giving its first named child."""
        returned = [c for c in node.named_children if c.type not in self.spec.comments]
        if returned and self.text(node).startswith("return"):
            self.returns.append(
                Return(
                    self.value((returned[0],), ctx, 0),
                    self.span(node),
                    ctx.flow(node.start_byte),
                )
            )

    def enter_expression_body(self, node: Node, ctx: Ctx) -> None:
        if not any(not c.is_named and c.type == "=>" for c in node.children):
            return
        operands = self.operands(node)
        if operands:
            self.returns.append(
                Return(self.value(operands[0], ctx, 0), self.span(node), ctx.flow(node.start_byte))
            )

    def enter_function(self, node: Node, ctx: Ctx) -> Ctx | None:
        spec = self.spec
        kind = node.type
        hook = spec.function_names.get(kind)
        shape = spec.functions.get(kind)
        if hook is not None:
            name, params = hook(self, node)
        elif shape is not None:
            name_node = self.pick_node(node, shape.name)
            name = self.declared_name(name_node) or self.text(name_node) or "<anonymous>"
            params = self.parameter_names(node, shape)
        else:
            return None
        scope = f"{name}@{self.line(node)}"
        self.declared_names.add(name)
        self.declared_names.update(params)
        self.functions.append(
            FunctionDef(
                name,
                self.span(node),
                scope,
                tuple(params),
                self._annotations(node),
                ctx.class_name if ctx.container in ("class", "constants") else None,
            )
        )
        inner = ctx.new_scope(scope)
        if shape is not None and shape.body == "next":
            body = node.next_named_sibling
            if (
                body is None
                and node.parent is not None
                and (node.parent.type in spec.signature_wrappers)
            ):
                body = node.parent.next_named_sibling
            if body is not None:
                self.overrides[body.id] = inner
            return None
        return inner

    def _annotations(self, node: Node) -> tuple[str, ...]:
        """The dotted names of the annotations just before a function (``@override``)."""
        spec = self.spec
        if not spec.annotations:
            return ()
        if spec.annotation_holders:
            held: list[str] = []
            holder = node.named_child(0)  # modifiers come first
            if holder is not None and holder.type in spec.annotation_holders:
                for annotation in holder.named_children:
                    where = spec.annotations.get(annotation.type)
                    if where is not None:
                        name = self.pick(annotation, where)
                        through = spec.annotation_wrappers.get(name[0].type) if name else None
                        if name and through is not None:
                            name = self.pick(name[0], through)
                        held.append("".join(self.expr_text(name).split()))
            return tuple(held)  # a language with holders has no annotation siblings
        parent = node.parent
        if parent is not None and parent.type in spec.signature_wrappers:
            node, parent = parent, parent.parent
        if parent is None:
            return ()
        siblings, index = self._named(parent)
        position = index.get(node.id, 0)
        names: list[str] = []
        while position > 0 and siblings[position - 1].type in spec.annotations:
            position -= 1
            annotation = siblings[position]
            name = self.pick(annotation, spec.annotations[annotation.type])
            names.insert(0, "".join(self.expr_text(name).split()))
        return tuple(names)

    def parameter_names(self, node: Node, shape: FunctionShape) -> list[str]:
        holder = self.pick_node(node, shape.parameters)
        if holder is None and isinstance(shape.parameters, str):
            # Not a field: the parameter list is the child of that type.
            holder = next((c for c in node.named_children if c.type == shape.parameters), None)
        if holder is None:
            return []
        names: list[str] = []
        pending = [holder]
        for _ in range(DEPTH_LIMIT):
            if not pending:
                break
            current = pending.pop(0)
            for child in current.named_children:
                where = shape.parameter_types.get(child.type)
                if where is not None:
                    name = self.declared_name(self.pick_node(child, where))
                    if name is not None:
                        names.append(name)
                elif child.named_child_count:
                    pending.append(child)  # a group: ``{required String name}``
        return names

    def enter_lambda(self, node: Node, ctx: Ctx) -> Ctx:
        identifiers = self.spec.identifiers
        where = self.spec.lambda_parameters.get(node.type)
        holder = self.pick_node(node, where) if where is not None else None
        if holder is not None and holder.type in identifiers:  # ``x -> …``
            self.declared_names.add(self.text(holder))
        for child in holder.named_children if holder is not None else ():
            if child.type in identifiers:  # ``(x, y) -> …``
                self.declared_names.add(self.text(child))
                continue
            names = [c for c in child.named_children if c.type in identifiers]
            if names:
                self.declared_names.add(self.text(names[-1]))
        scope = self.lambda_scopes.pop(node.id, None)
        return scope or ctx.new_scope(self.lambda_name(node), closure=True)

    def enter_class(self, node: Node, ctx: Ctx) -> Ctx:
        spec = self.spec
        shape = spec.classes[node.type]
        name = self.text(self.pick_node(node, shape.name)) or "<anonymous>"
        self.declared_names.add(name)
        holders = [self.pick_node(node, where) for where in shape.bases]
        holders += [c for c in node.named_children if c.type in shape.base_lists]
        bases: list[str] = []
        for holder in holders:
            if holder is not None:
                bases.extend(self._type_names(holder, shape.base_types))
        self.classes.append(ClassDef(name, self.span(node), tuple(bases)))
        inner = ctx.in_type(name)
        if shape.constants:
            return Ctx(inner.scope, (), (), inner.guards, name, "constants", inner.directives)
        return inner

    def enter_scope(self, node: Node, ctx: Ctx) -> Ctx:
        return ctx.new_scope(f"{self.spec.scopes[node.type]}@{self.line(node)}")

    def enter_binding(self, node: Node, ctx: Ctx) -> None:
        name = self.declared_name(self.pick_node(node, self.spec.bindings[node.type]))
        if name is not None:
            self.declared_names.add(name)

    def enter_anonymous_class(self, node: Node, ctx: Ctx) -> None:
        body_type = self.spec.anonymous_classes[node.type]
        for child in node.named_children:
            if child.type == body_type:
                # A class body of its own: its methods belong to no named class.
                self.overrides[child.id] = Ctx(
                    ctx.scope, ctx.branch, ctx.loops, ctx.guards, None, "class", ctx.directives
                )

    def enter_package(self, node: Node, ctx: Ctx) -> None:
        operands = self.operands(node)
        if operands and self.package is None:
            self.package = "".join(self.expr_text(operands[0]).split())

    def _type_names(self, holder: Node, only: frozenset[str] = frozenset()) -> Iterator[str]:
        spec = self.spec
        if holder.type in spec.type_names or holder.type in spec.identifiers:
            yield self.text(holder)
            return
        # Depth first, in source order: ``A(), B`` gives A first however deep it sits.
        pending = list(reversed(holder.named_children))
        for _ in range(DEPTH_LIMIT * 16):
            if not pending:
                return
            child = pending.pop()
            if child.type in spec.type_argument_types:
                continue
            if only:
                if child.type in only:
                    simple = self._simple_type(child)
                    if simple:
                        yield simple
                elif child.named_child_count:
                    pending.extend(reversed(child.named_children))
                continue
            if child.type in spec.qualified_types:
                simple = self._simple_type(child)
                if simple:
                    yield simple
            elif child.type in spec.type_names or child.type in spec.identifiers:
                yield self.text(child)
            elif child.named_child_count:
                pending.extend(reversed(child.named_children))

    def _simple_type(self, node: Node) -> str:
        """The last name of a qualified type (``a.b.C<D>`` → ``C``)."""
        spec = self.spec
        current: Node | None = node
        for _ in range(DEPTH_LIMIT):
            if current is None:
                return ""
            if current.type in spec.type_names or current.type in spec.identifiers:
                return self.text(current)
            if current.type in spec.qualified_types:
                names = [
                    c
                    for c in current.named_children
                    if c.type not in spec.annotations and c.type not in spec.type_argument_types
                ]
                current = names[-1] if names else None
            else:
                return ""
        return ""

    def _condition_text(self, expr: Expr | None) -> str:
        if expr and len(expr) == 1 and "paren" in expr[0].type:
            inner = self.operands(expr[0])
            if inner:
                expr = inner[0]
        return self.expr_text(expr)

    def enter_if(self, node: Node, ctx: Ctx) -> None:
        shape = self.spec.ifs[node.type]
        statement, first_arm, base = self.else_ifs.pop(node.id, (node.start_byte, 0, ctx))
        condition_expr = self.pick(node, shape.condition)
        condition = self._condition_text(condition_expr)
        if shape.directive and any(
            not c.is_named and self.text(c).endswith("ifndef") for c in node.children[:1]
        ):
            condition = "!" + condition
        arm_fields = shape.arms
        arm_nodes: list[Node | None] = [node.child_by_field_name(f) for f in arm_fields]
        if shape.directive:
            skip = {n.id for n in (condition_expr or ())} | {n.id for n in arm_nodes if n}
            for child in node.named_children:
                if child.id not in skip:
                    self.overrides[child.id] = base.arm(
                        statement, first_arm, condition, shape.directive
                    )
            arm_nodes = [None, *arm_nodes]
        arms: list[tuple[int, Node | None]] = list(enumerate(arm_nodes))
        if not arm_fields and not shape.directive:
            # Arms without field names: the operands but the condition, those after the
            # ``else`` token the alternative.
            arms = []
            seen_else = False
            skip = {n.id for n in (condition_expr or ())}
            for child in node.children:
                if not child.is_named:
                    seen_else = seen_else or child.type == "else"
                elif child.id not in skip and child.type not in self.not_operands:
                    arms.append((1 if seen_else else 0, child))
        for offset, arm_node in arms:
            if arm_node is None:
                continue
            arm = first_arm + offset
            guard = condition if offset == 0 else "!" + condition
            arm_ctx = base.arm(statement, arm, guard, shape.directive)
            self.overrides[arm_node.id] = arm_ctx
            if offset == 0:
                continue
            inner = arm_node
            if arm_node.type in shape.else_wrappers and arm_node.named_child_count:
                inner = arm_node.named_children[0]
            if inner.type in self.spec.ifs:
                # ``else if``: the same statement's next arms, not a statement of its own;
                # its condition sits in the arm it opens (it runs only when the first
                # arm is not taken), as every frontend has it.
                continued = Ctx(
                    arm_ctx.scope,
                    base.branch,
                    arm_ctx.loops,
                    arm_ctx.guards,
                    arm_ctx.class_name,
                    arm_ctx.container,
                    arm_ctx.directives,
                    arm_ctx.receiver,
                )
                self.else_ifs[inner.id] = (statement, arm, continued)

    def enter_conditional(self, node: Node, ctx: Ctx) -> None:
        shape = self.spec.conditionals[node.type]
        condition = self._condition_text(self.pick(node, shape.condition))
        for arm, field_name in enumerate(shape.arms):
            child = node.child_by_field_name(field_name)
            if child is not None:
                guard = condition if arm == 0 else "!" + condition
                self.overrides[child.id] = ctx.arm(node.start_byte, arm, guard)

    def enter_switch(self, node: Node, ctx: Ctx) -> None:
        shape = self.spec.switches[node.type]
        subject = self._condition_text(self.pick(node, shape.subject))
        holder = node.child_by_field_name(shape.body) if shape.body else node
        if holder is None:
            return
        arms = [c for c in holder.named_children if c.type in shape.cases]
        if shape.subject is None:
            # ``try`` / ``catch``: arms without guards, and only when something is caught.
            if len(arms) > 1:
                for arm, case in enumerate(arms):
                    self.overrides[case.id] = ctx.arm(node.start_byte, arm)
            return
        for arm, case in enumerate(arms):
            if shape.labels is not None:
                label = ", ".join(
                    self.text(c) for c in case.named_children if c.type == shape.labels
                )
            else:
                label = self.text(case).split(":", 1)[0]
            self.overrides[case.id] = ctx.arm(node.start_byte, arm, f"{subject}: {label}")

    def enter_loop(self, node: Node, ctx: Ctx) -> Ctx | None:
        spec = self.spec
        looped = ctx.in_loop(self.line(node))
        header = spec.loop_headers.get(node.type)
        if header is not None:
            found = header(self, node)
            if found is not None:
                targets, iterable = found
                names = tuple(self.declared_name(t) or self.text(t) for t in targets)
                self.declared_names.update(names)
                label = looped.loops[-1] if looped.loops else f"loop@{self.line(node)}"
                self.loops.append(
                    Loop(
                        label,
                        names,
                        self.value(iterable, ctx, 0),
                        self.span(node),
                        ctx.flow(node.start_byte),
                    )
                )
        shape = spec.loops[node.type]
        if shape.iterable_outside and header is not None:
            found = header(self, node)
            outside = {n.id for n in found[1]} if found is not None else set()
            for child in node.named_children:
                if child.id not in outside:
                    self.overrides[child.id] = looped
            return None
        if shape.body is None and shape.before:
            before = {c.id for name in shape.before for c in node.children_by_field_name(name)}
            for child in node.named_children:
                if child.id not in before:
                    self.overrides[child.id] = looped
            return None
        if shape.body is None:
            return looped
        body = node.child_by_field_name(shape.body)
        if body is not None:
            self.overrides[body.id] = looped
        return None


@cache
def _value_roles(spec: LanguageSpec) -> dict[str, str]:
    """Which node types ``Lowering.value`` reads, each with its role: ``"name"`` and
    ``"call"`` (taken first) or ``"other"`` (the tables are asked in their order). A type
    named by two tables keeps the role of the one ``value`` asks first."""
    roles: dict[str, str] = {}
    ordered: list[tuple[object, str]] = [
        (spec.strings, "other"),
        (spec.string_concatenations, "other"),
        (spec.numbers, "other"),
        (spec.unary, "other"),
        (spec.literals, "other"),
        (spec.identifiers, "name"),
        (spec.members, "other"),
        (spec.self_names, "other"),
        (spec.calls, "call"),
        (spec.call_hooks, "call"),
        (spec.lists, "other"),
        (spec.list_parts, "other"),
        (spec.dicts, "other"),
        (spec.binaries, "other"),
        (spec.conditionals, "other"),
    ]
    for types, role in ordered:
        for kind in types:  # type: ignore[attr-defined]  # every table is iterable
            roles.setdefault(kind, role)
    return roles


@cache
def _handlers(spec: LanguageSpec) -> dict[int, Handler]:
    """The handler of each node kind of a spec's grammar, by ``Node.kind_id`` (one lookup
    per node; a kind with several handlers gets one that runs them in turn)."""
    by_type: dict[str, list[Handler]] = {}

    def add(types: object, handler: Handler) -> None:
        for kind in types:  # type: ignore[attr-defined]  # every table is iterable
            by_type.setdefault(kind, []).append(handler)

    add(spec.calls, Lowering.enter_call)
    add(spec.call_hooks, Lowering.enter_call)
    add(spec.postfix_types, Lowering.enter_postfix)
    add(spec.strings, Lowering.enter_string)
    add(spec.numbers, Lowering.enter_number)
    add(spec.comments, Lowering.enter_comment)
    add(spec.imports, Lowering.enter_import)
    add(spec.assignments, Lowering.enter_assignment)
    add(spec.declarations, Lowering.enter_declaration)
    add(spec.returns, Lowering.enter_return)
    add(spec.expression_bodies, Lowering.enter_expression_body)
    add({*spec.functions, *spec.function_names}, Lowering.enter_function)
    add(spec.lambdas, Lowering.enter_lambda)
    add(spec.classes, Lowering.enter_class)
    add(spec.ifs, Lowering.enter_if)
    add(spec.conditionals, Lowering.enter_conditional)
    add(spec.switches, Lowering.enter_switch)
    add(spec.loops, Lowering.enter_loop)
    add(spec.scopes, Lowering.enter_scope)
    add(spec.bindings, Lowering.enter_binding)
    add(spec.anonymous_classes, Lowering.enter_anonymous_class)
    add(spec.packages, Lowering.enter_package)
    for kind, hook in spec.node_hooks.items():
        by_type.setdefault(kind, []).append(hook)
    return {
        kind_id: _in_turn(tuple(by_type[name]))
        for kind_id, name in ts.kind_names(spec.grammar).items()
        if name in by_type
    }


def _in_turn(handlers: tuple[Handler, ...]) -> Handler:
    if len(handlers) == 1:
        return handlers[0]

    def run(lowering: Lowering, node: Node, ctx: Ctx) -> Ctx | None:
        for handler in handlers:
            ctx = handler(lowering, node, ctx) or ctx
        return ctx

    return run
