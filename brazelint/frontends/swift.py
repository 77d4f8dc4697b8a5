"""Swift frontend: tree-sitter-swift tree → ``FileFacts``.

Follows ``docs/frontend-contract.md``. The tree is walked once, iteratively, with an explicit
stack that carries each node's flow context (scope, branch path, loops, enclosing type), so
10,000-deep nesting costs no recursion. Expressions that become ``Value``s are converted by a
recursive helper with a depth budget: past it a value is ``UNKNOWN``, which also keeps the
``Value`` trees shallow enough for rules that walk them recursively.

Decisions the contract leaves open (kept here so that they can be checked):

- A call through an implicit member (``.init(x)``) has the chain ``("init",)``; as a value the
  implicit member keeps its dot (``.debug``).
- A member access whose receiver contains calls or subscripts is a ``NAME`` with the calls
  collapsed, like a chain: ``UUID().uuidString`` → ``UUID.uuidString``.
- Subscripts (``arr[0]``) are not calls; in chains they are collapsed like calls.
- ``if`` / ``else if`` / ``else`` share one id (the outer ``if``): arms 0, 1, 2, …; the
  condition of an ``else if`` sits in the arm it opens. A ``guard``'s ``else`` block is arm 0.
  ``do`` is arm 0 and each ``catch`` the next arm (only when there is a ``catch``).
- ``for``-in loops cover everything but the iterated collection; ``while`` / ``repeat`` loops
  cover their condition too.
- Computed properties, observers and subscripts open a scope named ``<property>@<line>``
  (``subscript@<line>``) but are not ``FunctionDef``s.
- ``if let`` / ``guard let`` bindings and compound assignments (``+=``) are not assignments.
- ``static let`` in a type is file-level; ``static var`` is not (it can change). Every
  declaration or assignment directly at the top of the file is file-level.
- Guards: an ``if`` arm adds its condition (``!`` + condition in ``else``; an ``else if``
  also carries the ``!`` of the arms before it); a ``guard`` adds ``!`` + condition to its
  ``else`` block and its condition to the statements after it; a ``switch`` case adds
  ``"<subject> == <patterns>"`` (``"<subject> default"``); ternaries like ``if``.
  ``#if X`` / ``#elseif Y`` / ``#else`` among siblings add ``X`` / ``!X``, ``Y`` / ``!X``,
  ``!Y`` and, being compile-time, stay in force inside functions; runtime guards reset at a
  function but stay inside closures.
- Chains and ``"<lambda>@<line>:<col>"`` / ``"iter:<method>@<line>"``: the line of an
  iteration loop is that of the method name (``.map {`` on its own line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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

#: Collection methods whose closure runs once per element (the contract's list).
ITERATION_METHODS = frozenset(
    {"forEach", "map", "flatMap", "filter", "compactMap", "reduce", "onEach"}
)

#: How deep ``Value``s are built; deeper expressions become UNKNOWN.
MAX_VALUE_DEPTH = limits.VALUE_DEPTH

#: Longest ``Flow.branch`` / ``loops`` / ``guards`` path; deeper ones are not added.
MAX_FLOW_DEPTH = limits.NESTING

#: Flow.guards entries are cut to this many characters (the contract's limit).
MAX_GUARD = limits.GUARD_TEXT

_FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "init_declaration",
        "deinit_declaration",
        "protocol_function_declaration",
    }
)
_TYPE_DECLARATIONS = frozenset({"class_declaration", "protocol_declaration"})
_TYPE_BODIES = frozenset({"class_body", "enum_class_body", "protocol_body"})
_STRING_TYPES = frozenset(
    {"line_string_literal", "multi_line_string_literal", "raw_string_literal"}
)
_NUMBER_TYPES = frozenset(
    {"integer_literal", "real_literal", "hex_literal", "oct_literal", "bin_literal"}
)
_COMMENT_TYPES = frozenset({"comment", "multiline_comment"})
_LOOP_TYPES = frozenset({"for_statement", "while_statement", "repeat_while_statement"})
#: Statements whose children may sit in different arms (see _Builder._children).
_BRANCHING = frozenset(
    {
        "if_statement",
        "guard_statement",
        "switch_statement",
        "ternary_expression",
        "do_statement",
        "for_statement",
    }
)
#: Getters, setters and observers, which open a scope of their own.
_ACCESSOR_BODIES = frozenset({"computed_property", "willset_didset_block"})
#: Nodes whose children get a context other than their own (see _Builder._children).
_CONTEXT_TYPES = (
    _FUNCTION_TYPES
    | _TYPE_DECLARATIONS
    | _LOOP_TYPES
    | _BRANCHING
    | {"import_declaration", "lambda_literal"}
)
#: Children that change the context of their siblings or their own.
_SIBLING_CONTEXT_TYPES = _ACCESSOR_BODIES | {"directive", "guard_statement"}
#: Wrappers that do not change what an expression is, for values and chains.
_LOOK_THROUGH = frozenset({"try_expression", "await_expression", "as_expression"})
#: Fields under which a simple_identifier declares a name rather than reading one.
_DECLARING_FIELDS = frozenset({"bound_identifier", "name", "external_name"})
_DECLARING_PARENTS = frozenset({"pattern", "parameter", "lambda_parameter", "enum_entry"})
#: Parents under which a simple_identifier is read (its own field is checked separately).
_READING_PARENTS = frozenset(
    {
        "statements",
        "value_argument",
        "interpolated_expression",
        "assignment",
        "property_declaration",
        "directly_assignable_expression",
        "array_literal",
        "dictionary_literal",
        "if_statement",
        "guard_statement",
        "while_statement",
        "repeat_while_statement",
        "for_statement",
        "switch_statement",
        "control_transfer_statement",
    }
)

_ESCAPE_SIMPLE = {"0": "\0", "\\": "\\", "t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'"}


@dataclass(frozen=True, slots=True)
class _Ctx:
    """The flow context a node inherits from its ancestors."""

    scope: str = "<module>"
    branch: tuple[str, ...] = ()
    loops: tuple[str, ...] = ()
    class_name: str | None = None
    #: Flow.guards: conditions of enclosing arms and ``#if`` directives, outermost first.
    guards: tuple[str, ...] = ()
    #: The ``#if`` directive conditions alone: code compiled only under a condition keeps
    #: it in every scope, while runtime conditions reset at a function.
    directives: tuple[str, ...] = ()

    def in_arm(self, outer: tuple[str, ...], arm: str, *guards: str) -> _Ctx:
        """This context inside ``arm`` (added to the ``outer`` branch path) under ``guards``."""
        # Past the cap the paths stop growing: copying ever longer tuples would make
        # pathological nesting quadratic, and no real code nests that deep.
        branch = (*outer, arm) if len(outer) < MAX_FLOW_DEPTH else outer
        return _Ctx(
            self.scope,
            branch,
            self.loops,
            self.class_name,
            _add(self.guards, guards),
            self.directives,
        )

    def guarded(self, guards: tuple[str, ...], *, directive: bool) -> _Ctx:
        if not guards:
            return self
        directives = _add(self.directives, guards) if directive else self.directives
        return _Ctx(
            self.scope,
            self.branch,
            self.loops,
            self.class_name,
            _add(self.guards, guards),
            directives,
        )

    def in_loop(self, loop: str) -> _Ctx:
        loops = (*self.loops, loop) if len(self.loops) < MAX_FLOW_DEPTH else self.loops
        return _Ctx(self.scope, self.branch, loops, self.class_name, self.guards, self.directives)

    def in_function(self, scope: str) -> _Ctx:
        """A function, method or accessor body: flow resets, ``#if`` conditions stay."""
        return _Ctx(scope, (), (), self.class_name, self.directives, self.directives)

    def in_closure(self, scope: str, loops: tuple[str, ...]) -> _Ctx:
        """A closure body: flow resets but guards stay, since a closure written inside
        ``if debug { … }`` only exists when that arm runs."""
        return _Ctx(scope, (), loops, self.class_name, self.guards, self.directives)

    def in_type(self, class_name: str) -> _Ctx:
        return _Ctx(self.scope, self.branch, self.loops, class_name, self.guards, self.directives)


def _add(existing: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    room = MAX_FLOW_DEPTH - len(existing)
    if room <= 0 or not new:
        return existing
    return (*existing, *(_guard_text(g) for g in new[:room]))


def _guard_text(text: str) -> str:
    """A condition's source on one line, cut to ``MAX_GUARD`` characters."""
    return " ".join(text.split())[:MAX_GUARD]


#: A node to visit: (node, its type, its context, its parent's type, its field in the
#: parent). The field is only looked up where it is read (identifiers; ternary and ``for``
#: arms), and None elsewhere. A plain tuple: one is made for every node of the file.
_Frame = tuple[Node, str, _Ctx, str, str | None]


def parse(path: str, text: str, language: Language) -> FileFacts:
    """Facts of one Swift file. Never raises for bad input."""
    try:
        source = ts.parse_source("swift", text)
    except (ImportError, OSError) as error:  # a missing or broken grammar wheel
        return FileFacts(path=path, language=language, problems=(ParseProblem(str(error)),))
    if source.tree is None:
        return FileFacts(path=path, language=language, problems=tuple(source.problems))
    return _Builder(source).build(path, language)


class _Builder(FactsCollector):
    def __init__(self, source: ts.Source) -> None:
        super().__init__()
        self.source = source
        #: lambda node id → the ``iter:<method>@<line>`` loop its scope starts with.
        self.iteration_closures: dict[int, str] = {}
        #: ``else if`` node id → (id of the outer if, its first arm, branch outside the chain).
        self.else_ifs: dict[int, tuple[int, int, tuple[str, ...]]] = {}
        # Each node is converted once: calls are recorded by the walk and also appear as
        # values of enclosing calls, and strings are both literals and values. Without
        # these, nested calls would be rebuilt at every level (quadratic in nesting). A
        # node's context is the same either way, since values never cross a scope or arm.
        self.value_cache: dict[int, Value] = {}
        self.call_cache: dict[int, Call] = {}
        self.string_cache: dict[int, _DecodedString] = {}
        self.spans: dict[int, Span] = {}
        #: ``_path`` of callees met inside an enclosing call's path.
        self.chain_paths = ChainPaths()
        #: Node types by ``kind_id`` (cheaper than ``Node.type``, see ts.kind_names).
        self.kind_names = ts.kind_names("swift")
        self.anonymous_kinds = ts.anonymous_kinds("swift")

    # ----------------------------------------------------------------- walking

    def build(self, path: str, language: Language) -> FileFacts:
        assert self.source.tree is not None
        root = self.source.tree.root_node
        stack: list[_Frame] = [(root, root.type, _Ctx(), "", None)]
        while stack:
            node, kind, ctx, parent_type, field = stack.pop()
            visit = _VISITORS.get(kind)
            if visit is not None:
                visit(self, node, ctx, parent_type, field)
            children = node.children
            # A leaf has no children to give a context to (only an if pops state there).
            if children or kind == "if_statement":
                stack.extend(reversed(self._children(node, ctx, kind, children)))
        return self.freeze(path, language, self.source.problems)

    # What visiting a node of each type records (see _VISITORS): (node, ctx, parent type,
    # field in the parent).

    def _visit_call(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        if not _is_subscript(node):
            call = self._call(node, ctx, 0)
            self.calls.append(call)
            if call.name in ITERATION_METHODS:
                self._mark_iteration_closures(node, call)

    def _visit_string(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        self._string_literal(node, ctx)

    def _visit_comment(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        self.comments.append(Comment(self._text(node), self._span(node)))

    def _visit_import(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        self._import(node)

    def _visit_function(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        self._function(node, ctx)

    def _visit_class(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        self._class(node)

    def _visit_return(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        returned = [c for c in node.named_children if c.type not in _COMMENT_TYPES]
        if returned and self._text(node).startswith("return"):
            value = self._value(returned[0], ctx, 0)
            self.returns.append(Return(value, self._span(node), self._flow(node, ctx)))

    def _children(self, node: Node, ctx: _Ctx, kind: str, children: list[Node]) -> list[_Frame]:
        """The node's children with the context each of them inherits (anonymous leaves,
        which no visitor handles, left out)."""
        names = self.kind_names
        anonymous = self.anonymous_kinds
        if kind not in _CONTEXT_TYPES:
            # Most nodes: every child inherits ``ctx`` as it is, unless a child changes what
            # its siblings see (then the general code below handles the node).
            frames: list[_Frame] = []
            for index, child in enumerate(children):
                kind_id = child.kind_id
                child_type = names.get(kind_id) or child.type  # (.type: an id the table lacks)
                if child_type in _SIBLING_CONTEXT_TYPES:
                    break
                if kind_id in anonymous and not child.child_count:
                    continue  # punctuation and keywords: nothing to visit or walk
                field = (
                    node.field_name_for_child(index) if child_type == "simple_identifier" else None
                )
                frames.append((child, child_type, ctx, kind, field))
            else:
                return frames
        if kind == "import_declaration":
            return []
        inner = ctx
        if kind in _FUNCTION_TYPES:
            inner = ctx.in_function(self._function_scope(node))
        elif kind in _TYPE_DECLARATIONS:
            inner = ctx.in_type(self._type_name(node))
        elif kind == "lambda_literal":
            start = self._span(node)
            iteration = self.iteration_closures.get(node.id)
            loops = (iteration,) if iteration is not None else ()
            inner = ctx.in_closure(f"<lambda>@{start.line}:{start.col}", loops)
        elif kind in _LOOP_TYPES:
            inner = ctx.in_loop(f"loop@{self._line(node)}")

        condition = ""
        if kind in ("if_statement", "guard_statement"):
            condition = self._condition_text(node, children)
        elif kind == "ternary_expression":
            condition = self._text(node.child_by_field_name("condition"))
        elif kind == "switch_statement":
            condition = self._text(node.child_by_field_name("expr"))

        frames = []
        braces = 0  # arm blocks seen so far in an if / do statement
        arm = 0  # switch entries / catch blocks seen so far
        if_id, if_base, if_outer = (
            self._if_arms(node, ctx) if kind == "if_statement" else (0, 0, ())
        )
        after_else = False
        # Conditions that hold for the following siblings: ``guard`` statements before them,
        # and the ``#if`` / ``#elseif`` / ``#else`` arm they sit in (one entry per open #if:
        # the conditions seen so far and the guards of the current arm).
        after_guards: tuple[str, ...] = ()
        directive_stack: list[tuple[list[str], tuple[str, ...]]] = []
        fields_matter = kind == "ternary_expression" or kind == "for_statement"
        catches = kind == "do_statement" and _has_catch(node)
        branching = kind in _BRANCHING
        for index, child in enumerate(children):
            child_ctx = inner
            kind_id = child.kind_id
            child_type = names.get(kind_id) or child.type  # (.type: an id the table lacks)
            field = (
                node.field_name_for_child(index)
                if fields_matter or child_type == "simple_identifier"
                else None
            )
            if not branching:  # most nodes: none of the arms below can apply
                if child_type in _ACCESSOR_BODIES:
                    child_ctx = self._accessor_ctx(node, child, ctx)
            elif kind == "if_statement":
                if child_type == "{":
                    braces += 1
                elif child_type == "statements":
                    guard = "!" + condition if after_else else condition
                    child_ctx = ctx.in_arm(if_outer, f"{if_id}:{if_base + braces - 1}", guard)
                elif child_type == "if_statement" and after_else:
                    # ``else if``: the nested statement continues this one's arm numbering.
                    self.else_ifs[child.id] = (if_id, if_base + braces, if_outer)
                    child_ctx = ctx.in_arm(if_outer, f"{if_id}:{if_base + braces}", "!" + condition)
                elif child_type == "else":
                    after_else = True
            elif kind == "guard_statement" and child_type == "statements":
                child_ctx = ctx.in_arm(ctx.branch, f"{node.start_byte}:0", "!" + condition)
            elif kind == "switch_statement" and child_type == "switch_entry":
                child_ctx = ctx.in_arm(
                    ctx.branch, f"{node.start_byte}:{arm}", self._case_guard(condition, child)
                )
                arm += 1
            elif kind == "ternary_expression" and field in ("if_true", "if_false"):
                index_of_arm = 0 if field == "if_true" else 1
                guard = condition if index_of_arm == 0 else "!" + condition
                child_ctx = ctx.in_arm(ctx.branch, f"{node.start_byte}:{index_of_arm}", guard)
            elif catches:
                if child_type == "statements":
                    child_ctx = ctx.in_arm(ctx.branch, f"{node.start_byte}:0")
                elif child_type == "catch_block":
                    arm += 1
                    child_ctx = ctx.in_arm(ctx.branch, f"{node.start_byte}:{arm}")
            elif kind == "for_statement" and field == "collection":
                child_ctx = ctx  # evaluated once, before the loop
            elif child_type in _ACCESSOR_BODIES:
                child_ctx = self._accessor_ctx(node, child, ctx)

            if child_type == "directive":
                self._directive(child, directive_stack)
            else:
                if after_guards:
                    child_ctx = child_ctx.guarded(after_guards, directive=False)
                if directive_stack:
                    active = tuple(g for _, arm_guards in directive_stack for g in arm_guards)
                    child_ctx = child_ctx.guarded(active, directive=True)
            if child_type == "guard_statement":
                # What follows a guard runs only when its condition held.
                after_guards = (*after_guards, self._condition_text(child, child.children))
            if kind_id in anonymous and not child.child_count:
                continue  # punctuation and keywords: nothing to visit or walk
            frames.append((child, child_type, child_ctx, kind, field))
        return frames

    def _accessor_ctx(self, owner: Node, accessor: Node, ctx: _Ctx) -> _Ctx:
        # Getters, setters and observers run on their own, like methods.
        return ctx.in_function(f"{self._accessor_owner(owner)}@{self._line(accessor)}")

    def _directive(self, node: Node, stack: list[tuple[list[str], tuple[str, ...]]]) -> None:
        """Track ``#if`` / ``#elseif`` / ``#else`` / ``#endif`` among siblings."""
        keyword = node.children[0].type if node.child_count else ""
        condition = self._text(node)[len(keyword) :].strip()
        if keyword == "#if":
            stack.append(([condition], (condition,)))
        elif keyword in ("#elseif", "#else") and stack:
            seen, _ = stack[-1]
            negated = tuple("!" + earlier for earlier in seen)
            if keyword == "#elseif":
                stack[-1] = ([*seen, condition], (*negated, condition))
            else:
                stack[-1] = (seen, negated)
        elif keyword == "#endif" and stack:
            stack.pop()

    def _condition_text(self, node: Node, children: list[Node]) -> str:
        """The source between an ``if`` / ``guard`` keyword and its block or ``else``."""
        start: int | None = None
        for child in children:
            if start is None:
                if child.type in ("if", "guard"):
                    start = child.end_byte
            elif child.type in ("{", "else"):
                return self.source.data[start : child.start_byte].decode("utf-8", "replace").strip()
        return ""

    def _case_guard(self, subject: str, entry: Node) -> str:
        patterns = [self._text(c) for c in entry.children if c.type == "switch_pattern"]
        if not patterns:
            return f"{subject} default"
        return f"{subject} == {', '.join(patterns)}"

    def _if_arms(self, node: Node, ctx: _Ctx) -> tuple[int, int, tuple[str, ...]]:
        """(statement id, index of its first arm, branch outside the whole if chain)."""
        found = self.else_ifs.pop(node.id, None)
        if found is not None:
            return found
        return node.start_byte, 0, ctx.branch

    # ----------------------------------------------------------------- facts

    def _flow(self, node: Node, ctx: _Ctx) -> Flow:
        return Flow(ctx.scope, node.start_byte, ctx.branch, ctx.loops, ctx.guards)

    def _note_identifier(self, node: Node, ctx: _Ctx, parent: str, field: str | None) -> None:
        name = self._text(node)
        if field in _DECLARING_FIELDS or parent in _DECLARING_PARENTS:
            self.declared_names.add(name)
        elif name.startswith("$"):
            return  # closure shorthand arguments ($0) and property wrappers are never globals
        elif (
            parent in _READING_PARENTS
            or parent == "call_expression"
            or (parent.endswith("_expression") and parent != "prefix_expression")
        ):
            # prefix_expression is excluded because ``.debug`` names a member, not a variable.
            self.read_names.add(name)

    def _mark_iteration_closures(self, node: Node, call: Call) -> None:
        line = call.name_span.line if call.name_span else self._line(node)
        loop = f"iter:{call.name}@{line}"
        for suffix in node.children:
            if suffix.type != "call_suffix":
                continue
            for part in suffix.children:
                if part.type == "lambda_literal":
                    self.iteration_closures[part.id] = loop
                elif part.type == "value_arguments":
                    for argument in part.named_children:
                        value = argument.child_by_field_name("value")
                        if value is not None and value.type == "lambda_literal":
                            self.iteration_closures[value.id] = loop

    def _property(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        file_level = parent_type == "source_file" or (
            parent_type in _TYPE_BODIES and ctx.scope == "<module>" and _is_static_constant(node)
        )
        target: tuple[str, ...] | None = None
        for index, child in enumerate(node.children):
            child_field = node.field_name_for_child(index)
            if child_field == "name":
                bound = child.child_by_field_name("bound_identifier")
                target = (self._text(bound),) if bound is not None else None
            elif child_field == "value" and target is not None:
                value = self._value(child, ctx, 0)
                self.assignments.append(
                    Assignment(target, value, self._span(node), self._flow(node, ctx), file_level)
                )
                target = None

    def _assignment(self, node: Node, ctx: _Ctx, parent_type: str, field: str | None) -> None:
        operator = node.child_by_field_name("operator")
        target_node = node.child_by_field_name("target")
        result = node.child_by_field_name("result")
        if operator is None or operator.type != "=" or target_node is None or result is None:
            return
        target = self._name_path(target_node)
        if target is None:
            return
        value = self._value(result, ctx, 0)
        file_level = parent_type == "source_file"
        self.assignments.append(
            Assignment(target, value, self._span(node), self._flow(node, ctx), file_level)
        )

    def _import(self, node: Node) -> None:
        for child in node.named_children:
            if child.type == "identifier":
                module = "".join(self._text(child).split())
                self.imports.append(Import(module, None, None, self._span(node)))
                return

    def _function(self, node: Node, ctx: _Ctx) -> None:
        name, params = self._selector(node)
        decorators: list[str] = []
        for child in node.children:
            if child.type == "modifiers":
                for attribute in child.named_children:
                    if attribute.type == "attribute":
                        for part in attribute.named_children:
                            if part.type == "user_type":
                                decorators.append(self._text(part))
                                break
        self.functions.append(
            FunctionDef(
                name,
                self._span(node),
                self._function_scope(node),
                tuple(params),
                tuple(decorators),
                ctx.class_name,
            )
        )

    def _selector(self, node: Node) -> tuple[str, list[str]]:
        """``application(_:didRegister…:)`` and the external labels."""
        if node.type == "deinit_declaration":
            return "deinit", []
        name_node = node.child_by_field_name("name")
        base = "init" if node.type == "init_declaration" else self._text(name_node)
        labels: list[str] = []
        for child in node.named_children:
            if child.type != "parameter":
                continue
            label = child.child_by_field_name("external_name") or child.child_by_field_name("name")
            labels.append(self._text(label))
        return f"{base}({''.join(label + ':' for label in labels)})", labels

    def _function_scope(self, node: Node) -> str:
        """``<selector>@<line>``, the line being the name's (attributes may sit above)."""
        name, _ = self._selector(node)
        anchor = node.child_by_field_name("name")
        if anchor is None:  # deinit has no name field; anchor on its keyword
            anchor = next((c for c in node.children if c.type == "deinit"), node)
        return f"{name}@{self._line(anchor)}"

    def _accessor_owner(self, node: Node) -> str:
        """The name of the property (or ``subscript``) that owns a getter or observer."""
        if node.type == "property_declaration":
            pattern = node.child_by_field_name("name")
            bound = pattern.child_by_field_name("bound_identifier") if pattern else None
            if bound is not None:
                return self._text(bound)
        if node.type == "subscript_declaration":
            return "subscript"
        return "<accessor>"

    def _class(self, node: Node) -> None:
        bases: list[str] = []
        for child in node.named_children:
            if child.type != "inheritance_specifier":
                continue
            inherited = child.child_by_field_name("inherits_from")
            if inherited is None:
                continue
            simple = [part for part in inherited.named_children if part.type == "type_identifier"]
            bases.append(self._text(simple[-1]) if simple else self._text(inherited))
        self.classes.append(ClassDef(self._type_name(node), self._span(node), tuple(bases)))

    def _type_name(self, node: Node) -> str:
        name = node.child_by_field_name("name")
        if name is None:
            return ""
        if name.type == "user_type":  # extensions name a type, possibly dotted or generic
            simple = [part for part in name.named_children if part.type == "type_identifier"]
            if simple:
                return self._text(simple[-1])
        return self._text(name)

    # ----------------------------------------------------------------- strings

    def _string_literal(self, node: Node, ctx: _Ctx) -> None:
        decoded = self._decode_string(node)
        text = "".join(
            piece if isinstance(piece, str) else "{" + piece[1] + "}" for piece in decoded.parts
        )
        self.strings.append(
            StringLiteral(
                text,
                self._span(node),
                decoded.content_span,
                decoded.is_template,
                self._flow(node, ctx),
            )
        )

    def _decode_string(self, node: Node) -> _DecodedString:
        cached = self.string_cache.get(node.id)
        if cached is None:
            cached = self._new_decoded_string(node)
            self.string_cache[node.id] = cached
        return cached

    def _new_decoded_string(self, node: Node) -> _DecodedString:
        data = self.source.data
        raw = data[node.start_byte : node.end_byte]
        hashes = len(raw) - len(raw.lstrip(b"#"))
        multi = raw[hashes : hashes + 3] == b'"""'
        quote = 3 if multi else 1
        open_len = hashes + quote
        close = b'"' * quote + b"#" * hashes
        close_len = len(close) if len(raw) >= open_len + len(close) and raw.endswith(close) else 0
        content_start = node.start_byte + min(open_len, len(raw))
        content_end = max(content_start, node.end_byte - close_len)

        # Byte ranges of interpolations (markers included) with the expression inside.
        holes: list[tuple[int, int, Node | None]] = []
        children = node.children
        for index, child in enumerate(children):
            if node.field_name_for_child(index) != "interpolation":
                continue
            if child.type == "raw_str_interpolation":
                inner = child.child_by_field_name("interpolation")
                expression = inner.child_by_field_name("value") if inner is not None else None
                holes.append((child.start_byte, child.end_byte, expression))
            else:
                start = children[index - 1].start_byte if index > 0 else child.start_byte
                end = children[index + 1].end_byte if index + 1 < len(children) else child.end_byte
                holes.append((start, end, child.child_by_field_name("value")))

        indent = b""
        if multi:
            body = data[content_start:content_end]
            last_newline = body.rfind(b"\n")
            if last_newline >= 0 and not body[last_newline + 1 :].strip(b" \t"):
                indent = body[last_newline + 1 :]
                content_end = content_start + last_newline  # drop the closing line
            if data[content_start : content_start + 1] == b"\n":
                content_start += 1
            elif data[content_start : content_start + 2] == b"\r\n":
                content_start += 2
            content_end = max(content_start, content_end)
            if content_end > content_start and data[content_end - 1 : content_end] == b"\r":
                content_end -= 1

        pieces: list[str | tuple[Node | None, str]] = []
        piece_ranges: list[tuple[int, int]] = []
        position = content_start
        for start, end, expression in [*holes, (content_end, content_end, None)]:
            start = max(start, position)
            if start > position:
                segment = data[position : min(start, content_end)]
                at_line_start = position == content_start or data[position - 1 : position] == b"\n"
                decoded = _decode_segment(segment, hashes, indent, at_line_start)
                if decoded:
                    pieces.append(decoded)
                    first = position
                    if at_line_start and indent and segment.startswith(indent):
                        first += len(indent)  # the piece starts after stripped indentation
                    piece_ranges.append((first, min(start, content_end)))
            if start >= content_end:
                break
            pieces.append((expression, self.source.text_of(expression) if expression else ""))
            piece_ranges.append((start, end))
            position = end

        merged: list[str | tuple[Node | None, str]] = []
        merged_ranges: list[tuple[int, int]] = []
        for piece, piece_range in zip(pieces, piece_ranges, strict=True):
            if isinstance(piece, str) and merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + piece
                merged_ranges[-1] = (merged_ranges[-1][0], piece_range[1])
            else:
                merged.append(piece)
                merged_ranges.append(piece_range)

        first = content_start
        if indent and data[first : first + len(indent)] == indent:
            first = min(first + len(indent), content_end)  # the first character after indentation
        content_span = self._byte_range_span(node, first, content_end)
        return _DecodedString(merged, merged_ranges, bool(holes), content_span)

    def _byte_range_span(self, literal: Node, start: int, end: int) -> Span:
        return self.source.index.byte_span(
            self._byte_point(literal, start), self._byte_point(literal, end)
        )

    def _byte_point(self, literal: Node, offset: int) -> tuple[int, int]:
        """tree-sitter style (row, byte column) of a byte offset inside ``literal``."""
        row, column = literal.start_point
        before = self.source.data[literal.start_byte : offset]
        newlines = before.count(b"\n")
        if newlines == 0:
            return row, column + len(before)
        return row + newlines, len(before) - before.rfind(b"\n") - 1

    def _string_value(self, node: Node, ctx: _Ctx, depth: int) -> Value:
        decoded = self._decode_string(node)
        span = self._span(node)
        if not decoded.is_template:
            return Value(
                ValueKind.STRING, "".join(p for p in decoded.parts if isinstance(p, str)), span
            )
        items: list[Value] = []
        text_parts: list[str] = []
        for piece, (start, end) in zip(decoded.parts, decoded.ranges, strict=True):
            if isinstance(piece, str):
                items.append(
                    Value(ValueKind.STRING, piece, self._byte_range_span(node, start, end))
                )
                text_parts.append(piece)
            else:
                expression, source_text = piece
                if expression is None:
                    items.append(
                        Value(ValueKind.UNKNOWN, "", self._byte_range_span(node, start, end))
                    )
                else:
                    items.append(self._value(expression, ctx, depth + 1))
                text_parts.append("{" + source_text + "}")
        return Value(ValueKind.TEMPLATE, "".join(text_parts), span, items=tuple(items))

    # ----------------------------------------------------------------- values

    def _value(self, node: Node, ctx: _Ctx, depth: int) -> Value:
        node = _look_through(node)
        cached = self.value_cache.get(node.id)
        if cached is None:
            cached = self._new_value(node, ctx, depth)
            self.value_cache[node.id] = cached
        return cached

    def _new_value(self, node: Node, ctx: _Ctx, depth: int) -> Value:
        span = self._span(node)
        if depth > MAX_VALUE_DEPTH:
            return self._unknown(node)
        kind = node.type
        if kind in _STRING_TYPES:
            return self._string_value(node, ctx, depth)
        if kind in _NUMBER_TYPES:
            text = self._text(node)
            return Value(ValueKind.NUMBER, text, span, number=_number(text))
        if kind == "boolean_literal":
            return Value(ValueKind.BOOL, self._text(node), span)
        if kind == "nil_literal":
            return Value(ValueKind.NULL, "nil", span)
        if kind == "prefix_expression":
            return self._prefix_value(node, span)
        if kind in (
            "simple_identifier",
            "self_expression",
            "super_expression",
            "navigation_expression",
        ):
            path = self._path(node)
            if path is not None and path[0]:
                return Value(ValueKind.NAME, ".".join(path[0]), span)
            return self._unknown(node)
        if kind == "nil_coalescing_expression":
            operands = [c for c in node.named_children if c.type not in _COMMENT_TYPES]
            if len(operands) == 2:
                items = tuple(self._value(o, ctx, depth + 1) for o in operands)
                return Value(ValueKind.CHOICE, self._excerpt(node), span, items=items)
        if kind == "ternary_expression":
            arms = [node.child_by_field_name(f) for f in ("if_true", "if_false")]
            if arms[0] is not None and arms[1] is not None:
                # Each arm with the flow the walk gives it (``_children``).
                condition = self._text(node.child_by_field_name("condition"))
                guards = (condition, "!" + condition)
                items = tuple(
                    self._value(
                        arm,
                        ctx.in_arm(ctx.branch, f"{node.start_byte}:{index}", guards[index]),
                        depth + 1,
                    )
                    for index, arm in enumerate(arms)
                    if arm is not None
                )
                return Value(ValueKind.CHOICE, self._excerpt(node), span, items=items)
        if kind == "call_expression":
            if _is_subscript(node):
                return self._unknown(node)
            call = self._call(node, ctx, depth + 1)
            return Value(ValueKind.CALL, ".".join(call.chain), span, call=call)
        if kind == "dictionary_literal":
            return self._dict_value(node, ctx, depth, span)
        if kind == "array_literal":
            elements = [
                self._value(child, ctx, depth + 1)
                for index, child in enumerate(node.children)
                if node.field_name_for_child(index) == "element"
            ]
            return Value(ValueKind.LIST, self._excerpt(node), span, items=tuple(elements))
        if kind == "additive_expression":
            return self._concatenation(node, ctx, depth, span)
        return self._unknown(node)

    def _prefix_value(self, node: Node, span: Span) -> Value:
        operation = node.child_by_field_name("operation")
        target = node.child_by_field_name("target")
        if operation is not None and target is not None:
            if operation.type == "." and target.type == "simple_identifier":
                return Value(ValueKind.NAME, "." + self._text(target), span)
            if operation.type in ("-", "+") and target.type in _NUMBER_TYPES:
                text = self._text(operation) + self._text(target)
                return Value(ValueKind.NUMBER, text, span, number=_number(text))
        return self._unknown(node)

    def _dict_value(self, node: Node, ctx: _Ctx, depth: int, span: Span) -> Value:
        entries: list[tuple[str | None, Value]] = []
        key: str | None = None
        for index, child in enumerate(node.children):
            field = node.field_name_for_child(index)
            if field == "key":
                key = self._key(child)
            elif field == "value":
                entries.append((key, self._value(child, ctx, depth + 1)))
                key = None
        return Value(ValueKind.DICT, self._excerpt(node), span, entries=tuple(entries))

    def _key(self, node: Node) -> str | None:
        node = _look_through(node)
        if node.type in _STRING_TYPES:
            decoded = self._decode_string(node)
            return (
                None
                if decoded.is_template
                else "".join(p for p in decoded.parts if isinstance(p, str))
            )
        if node.type in _NUMBER_TYPES or node.type == "simple_identifier":
            return self._text(node)
        return None

    def _concatenation(self, node: Node, ctx: _Ctx, depth: int, span: Span) -> Value:
        """``"a" + b + "c"`` → TEMPLATE; other sums are UNKNOWN."""
        operands: list[Node] = []
        pending = [node]
        # Flatten left- and right-nested ``+`` iteratively; ``pending`` is a stack so the
        # right operand is pushed first to come out after the left one.
        while pending:
            current = _look_through(pending.pop())
            operator = (
                current.child_by_field_name("op") if current.type == "additive_expression" else None
            )
            if operator is not None and operator.type == "+" and len(operands) + len(pending) < 256:
                rhs = current.child_by_field_name("rhs")
                lhs = current.child_by_field_name("lhs")
                if rhs is not None:
                    pending.append(rhs)
                if lhs is not None:
                    pending.append(lhs)
            else:
                operands.append(current)
        if not any(operand.type in _STRING_TYPES for operand in operands) or len(operands) < 2:
            return self._unknown(node)
        items: list[Value] = []
        text_parts: list[str] = []
        for operand in operands:
            value = self._value(operand, ctx, depth + 1)
            if value.kind is ValueKind.TEMPLATE:
                items.extend(value.items)
                text_parts.append(value.text)
            elif value.kind is ValueKind.STRING:
                items.append(value)
                text_parts.append(value.text)
            else:
                items.append(value)
                text_parts.append("{" + self._text(operand) + "}")
        return Value(ValueKind.TEMPLATE, "".join(text_parts), span, items=tuple(items))

    def _unknown(self, node: Node) -> Value:
        return Value(ValueKind.UNKNOWN, self._excerpt(node), self._span(node))

    # ----------------------------------------------------------------- calls and names

    def _call(self, node: Node, ctx: _Ctx, depth: int) -> Call:
        cached = self.call_cache.get(node.id)
        if cached is None:
            cached = self._new_call(node, ctx, depth)
            self.call_cache[node.id] = cached
        return cached

    def _new_call(self, node: Node, ctx: _Ctx, depth: int) -> Call:
        callee = node.named_children[0] if node.named_children else None
        chain: tuple[str, ...] = ()
        name_node: Node | None = None
        if callee is not None and callee.type != "call_suffix":
            path = self._path(callee)
            if path is not None:
                chain = tuple(part.lstrip(".") for part in path[0])
                name_node = path[1]
        args: list[Argument] = []
        for suffix in node.children:
            if suffix.type != "call_suffix":
                continue
            for part in suffix.children:
                if part.type != "value_arguments":
                    continue  # trailing closures are not arguments
                for argument in part.named_children:
                    if argument.type != "value_argument":
                        continue
                    value_node = argument.child_by_field_name("value")
                    if value_node is None:
                        continue
                    label_node = argument.child_by_field_name("name")
                    label = self._text(label_node) if label_node is not None else None
                    args.append(Argument(self._value(value_node, ctx, depth), label))
        return Call(
            chain,
            tuple(args),
            self._span(node),
            self._flow(node, ctx),
            name_span=self._span(name_node) if name_node is not None else None,
        )

    def _path(self, node: Node) -> tuple[tuple[str, ...], Node | None] | None:
        """The dotted names of a member-access / call chain, calls and subscripts collapsed,
        ``?`` and ``!`` ignored, and the node of the last name. None when the root cannot be
        named (a closure, a literal, an error). A chain is walked once, its callees' paths
        remembered (``chains.ChainPaths``)."""
        paths = self.chain_paths
        steps: list[ChainStep] = []
        callees: list[tuple[int, int]] = []
        current: Node | None = node
        #: The path under the last node walked; None: the root cannot be named.
        below: Path | None = None
        while current is not None:
            if current.id in paths:
                below = paths.known(current.id)
                if below is not None and not steps:
                    return below
                break
            kind = current.type
            if kind == "navigation_expression":
                suffix = current.child_by_field_name("suffix")
                member = suffix.child_by_field_name("suffix") if suffix is not None else None
                if member is None:
                    break
                steps.append(ChainStep(self._text(member), member))
                current = next(
                    (c for c in current.named_children if c.type != "navigation_suffix"), None
                )
            elif kind == "call_expression":
                first = current.named_children[0] if current.named_children else None
                current = first if first is not None and first.type != "call_suffix" else None
                if current is None:
                    break
                callees.append((current.id, len(steps)))
            elif (
                kind == "postfix_expression"
                or kind in _LOOK_THROUGH
                or kind
                in (
                    "directly_assignable_expression",
                    "tuple_expression",
                )
            ):
                inner = _look_through(current)
                if inner is current:
                    if kind == "directly_assignable_expression" and current.named_children:
                        inner = current.named_children[0]
                    else:
                        break
                current = inner
            elif kind in ("simple_identifier", "self_expression", "super_expression"):
                steps.append(ChainStep(self._text(current), current))
                below = ((), None)  # the root
                break
            elif kind == "prefix_expression":
                operation = current.child_by_field_name("operation")
                target = current.child_by_field_name("target")
                if operation is None or operation.type != "." or target is None:
                    break
                steps.append(ChainStep("." + self._text(target), target))
                below = ((), None)
                break
            else:
                break
        if below is None:
            paths.fail(callees)
            return None
        return paths.finish(steps, callees, below)

    def _name_path(self, node: Node) -> tuple[str, ...] | None:
        """An assignment target's dotted names, or None when it is not a plain name chain
        (subscripts, calls, tuples)."""
        current = node
        while current.type == "directly_assignable_expression" and current.named_children:
            current = current.named_children[0]
        parts: list[str] = []
        while True:
            kind = current.type
            if kind == "navigation_expression":
                suffix = current.child_by_field_name("suffix")
                member = suffix.child_by_field_name("suffix") if suffix is not None else None
                target = next(
                    (c for c in current.named_children if c.type != "navigation_suffix"), None
                )
                if member is None or target is None:
                    return None
                parts.append(self._text(member))
                current = target
            elif kind == "postfix_expression":
                target = current.child_by_field_name("target")
                if target is None:
                    return None
                current = target
            elif kind in ("simple_identifier", "self_expression"):
                parts.append(self._text(current))
                parts.reverse()
                return tuple(parts)
            else:
                return None

    # ----------------------------------------------------------------- helpers

    def _text(self, node: Node | None) -> str:
        # ts.node_text, inlined: called for most named nodes.
        if node is None:
            return ""
        return self.source.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def _span(self, node: Node) -> Span:
        # Memoised: calls, strings and names are both facts and parts of values.
        node_id = node.id
        span = self.spans.get(node_id)
        if span is None:
            span = self.spans[node_id] = ts.node_span(self.source.index, node)
        return span

    def _line(self, node: Node) -> int:
        return node.start_point[0] + 1  # the line of its span, without building the span

    def _excerpt(self, node: Node) -> str:
        # Slice the bytes before decoding so a huge node costs no more than its excerpt.
        limit = ts.EXCERPT_LIMIT * 4
        raw = self.source.data[node.start_byte : min(node.end_byte, node.start_byte + limit)]
        return ts.excerpt(raw.decode("utf-8", "replace"))


#: What visiting a node of each type records (one dict lookup per node).
_VISITORS: dict[str, Callable[[_Builder, Node, _Ctx, str, str | None], None]] = {
    "call_expression": _Builder._visit_call,
    "simple_identifier": _Builder._note_identifier,
    "property_declaration": _Builder._property,
    "assignment": _Builder._assignment,
    **dict.fromkeys(_STRING_TYPES, _Builder._visit_string),
    **dict.fromkeys(_COMMENT_TYPES, _Builder._visit_comment),
    "import_declaration": _Builder._visit_import,
    **dict.fromkeys(_FUNCTION_TYPES, _Builder._visit_function),
    **dict.fromkeys(_TYPE_DECLARATIONS, _Builder._visit_class),
    "control_transfer_statement": _Builder._visit_return,
}


@dataclass(slots=True)
class _DecodedString:
    #: Literal text pieces and ``(expression node, expression source)`` for interpolations.
    parts: list[str | tuple[Node | None, str]]
    #: Byte range of each part in the file.
    ranges: list[tuple[int, int]]
    is_template: bool
    content_span: Span


def _look_through(node: Node) -> Node:
    """Parentheses, ``try``, ``await``, ``as`` casts and force unwraps do not change what a
    value is; bounded so a pathological stack of wrappers costs little."""
    for _ in range(64):
        kind = node.type
        inner: Node | None = None
        if kind in _LOOK_THROUGH:
            inner = node.child_by_field_name("expr")
        elif kind == "tuple_expression" and node.named_child_count == 1:
            only = node.named_children[0]
            # A one-element tuple with a label (``(x: 1)``) is still a tuple.
            if node.field_name_for_named_child(0) == "value":
                inner = only
        elif kind == "postfix_expression":
            operation = node.child_by_field_name("operation")
            if operation is not None and operation.type == "bang":
                inner = node.child_by_field_name("target")
        if inner is None:
            return node
        node = inner
    return node


def _is_subscript(node: Node) -> bool:
    for suffix in node.children:
        if suffix.type == "call_suffix":
            for part in suffix.children:
                if part.type == "value_arguments":
                    return part.child_count > 0 and part.children[0].type == "["
    return False


def _has_catch(node: Node) -> bool:
    return any(child.type == "catch_block" for child in node.children)


def _is_static_constant(node: Node) -> bool:
    """``static let`` (``static var`` can change, so it is no constant)."""
    binding = next((c for c in node.children if c.type == "value_binding_pattern"), None)
    mutability = binding.child_by_field_name("mutability") if binding is not None else None
    if mutability is None or mutability.type != "let":
        return False
    for child in node.children:
        if child.type == "modifiers":
            for modifier in child.named_children:
                if (
                    modifier.type == "property_modifier"
                    and modifier.child_count
                    and modifier.children[0].type in ("static", "class")
                ):
                    return True
    return False


def _number(text: str) -> float | None:
    cleaned = text.replace("_", "")
    try:
        return float(int(cleaned, 0))
    except ValueError:
        pass
    try:
        return float(cleaned)
    except ValueError:
        return None


_ESCAPE_CACHE: dict[int, re.Pattern[str]] = {}


def _escape_pattern(hashes: int) -> re.Pattern[str]:
    pattern = _ESCAPE_CACHE.get(hashes)
    if pattern is None:
        pattern = re.compile(
            r"\\" + "#" * hashes + r"""(?:u\{([0-9a-fA-F]{1,8})\}|([0\\tnr"'])|[ \t]*\r?\n)"""
        )
        _ESCAPE_CACHE[hashes] = pattern
    return pattern


def _decode_segment(segment: bytes, hashes: int, indent: bytes, at_line_start: bool) -> str:
    """A literal run of a string's source → its value: multi-line indentation stripped
    (before escapes, as Swift does), then escapes decoded."""
    if indent:
        lines = segment.split(b"\n")
        for index, line in enumerate(lines):
            if (index > 0 or at_line_start) and line.startswith(indent):
                lines[index] = line[len(indent) :]
        segment = b"\n".join(lines)
    text = segment.decode("utf-8", "replace")
    if "\\" not in text:
        return text

    def replace_escape(match: re.Match[str]) -> str:
        code, simple = match.group(1), match.group(2)
        if code is not None:
            point = int(code, 16)
            # Swift rejects surrogates and values past U+10FFFF; keeping the escape as
            # written avoids lone surrogates that reporters could not encode.
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                return match.group(0)
            return chr(point)
        if simple is not None:
            return _ESCAPE_SIMPLE[simple]
        return ""  # a line continuation in a multi-line string

    return _escape_pattern(hashes).sub(replace_escape, text)
