"""JavaScript / TypeScript / TSX frontend: exact facts for the shapes in
docs/frontend-contract.md."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    Span,
    StringLiteral,
    Value,
    ValueKind,
)
from brazelint.frontends import javascript, treesitter
from brazelint.languages import Language


def parse(text: str, language: Language = Language.JAVASCRIPT) -> FileFacts:
    return javascript.parse("web/src/app.js", text, language)


def chains(facts: FileFacts) -> list[tuple[str, ...]]:
    return [call.chain for call in facts.calls]


def call_named(facts: FileFacts, name: str) -> Call:
    (call,) = [c for c in facts.calls if c.name == name]
    return call


def arg(call: Call, index: int = 0) -> Value:
    value = call.arg(index)
    assert value is not None
    return value


# --- the shared tree-sitter helper ------------------------------------------------------------


def test_treesitter_walk_enter_leave_events_are_balanced_and_ordered() -> None:
    source = treesitter.parse_source("javascript", "f(a);")
    assert source.tree is not None
    events = [(node.type, entering) for node, entering in treesitter.walk(source.tree.root_node)]
    named = [(t, e) for t, e in events if t in ("program", "call_expression", "identifier")]
    assert named == [
        ("program", True),
        ("call_expression", True),
        ("identifier", True),
        ("identifier", False),
        ("identifier", True),
        ("identifier", False),
        ("call_expression", False),
        ("program", False),
    ]


def test_treesitter_walk_can_skip_children() -> None:
    source = treesitter.parse_source("javascript", "f(g(x));")
    assert source.tree is not None
    nodes = [
        n.type
        for n in treesitter.iter_nodes(
            source.tree.root_node, descend=lambda n: n.type != "arguments"
        )
        if n.is_named
    ]
    assert nodes == [
        "program",
        "expression_statement",
        "call_expression",
        "identifier",
        "arguments",
    ]


def test_treesitter_problems_are_top_most_and_capped() -> None:
    source = treesitter.parse_source("javascript", "const = ;\n" * 30)
    assert len(source.problems) == 20
    assert all(p.message == "syntax error" for p in source.problems)
    assert source.problems[0].span is not None and source.problems[0].span.line == 1


def test_treesitter_excerpt_and_node_text() -> None:
    assert treesitter.excerpt("x" * 130) == "x" * 119 + "…"
    assert treesitter.excerpt("short") == "short"
    source = treesitter.parse_source("javascript", "é(1)")
    assert source.tree is not None
    call = source.tree.root_node.named_children[0].named_children[0]
    assert source.text_of(call) == "é(1)"
    assert source.span(call) == Span(1, 1, 1, 5)


# --- calls and chains -------------------------------------------------------------------------


def test_namespace_import_and_initialize_options() -> None:
    facts = parse(
        'import * as braze from "@braze/web-sdk";\n'
        "braze.initialize(KEY, { baseUrl: BASE_URL, enableLogging: true });\n"
    )
    assert facts.imports == (Import("@braze/web-sdk", "*", "braze", Span(1, 1, 1, 41)),)
    assert chains(facts) == [("braze", "initialize")]
    call = facts.calls[0]
    assert call.span == Span(2, 1, 2, 66)
    assert call.name_span == Span(2, 7, 2, 17)
    assert call.flow == Flow("<module>", 41)
    assert call.qualified == ()
    assert arg(call, 0) == Value(ValueKind.NAME, "KEY", Span(2, 18, 2, 21))
    options = arg(call, 1)
    assert options.kind is ValueKind.DICT
    assert options.text == "{ baseUrl: BASE_URL, enableLogging: true }"
    assert options.entries == (
        ("baseUrl", Value(ValueKind.NAME, "BASE_URL", Span(2, 34, 2, 42))),
        ("enableLogging", Value(ValueKind.BOOL, "true", Span(2, 59, 2, 63))),
    )


def test_calls_in_the_middle_are_collapsed_and_recorded_too() -> None:
    facts = parse("braze.getUser().setEmail(e);\n")
    assert chains(facts) == [("braze", "getUser", "setEmail"), ("braze", "getUser")]
    assert facts.calls[0].args == (Argument(Value(ValueKind.NAME, "e", Span(1, 26, 1, 27))),)
    assert facts.calls[0].name_span == Span(1, 17, 1, 25)


def test_optional_chaining_non_null_and_wrappers_are_ignored() -> None:
    facts = parse(
        "Braze.changeUser(user?.email);\n"
        "a?.b?.(c);\n"
        "window.braze.x(this.y, k!, (v as string), w satisfies T);\n"
        "this.braze!.logCustomEvent('e');\n"
        "(await getBraze()).openSession();\n",
        Language.TYPESCRIPT,
    )
    assert chains(facts) == [
        ("Braze", "changeUser"),
        ("a", "b"),
        ("window", "braze", "x"),
        ("this", "braze", "logCustomEvent"),
        ("getBraze", "openSession"),
        ("getBraze",),
    ]
    assert arg(facts.calls[0]) == Value(ValueKind.NAME, "user.email", Span(1, 18, 1, 29))
    assert [(a.value.kind, a.value.text) for a in facts.calls[2].args] == [
        (ValueKind.NAME, "this.y"),
        (ValueKind.NAME, "k"),
        (ValueKind.NAME, "v"),
        (ValueKind.NAME, "w"),
    ]


def test_constructor_calls_and_unnameable_callees() -> None:
    facts = parse(
        "new X.Y(1);\nnew Plain;\n(a || b)(x);\narr[0](y);\nwindow['braze'].z();\nf()();\n"
    )
    assert chains(facts) == [
        ("X", "Y"),
        ("Plain",),
        (),
        ("arr",),
        ("window", "braze", "z"),
        ("f",),
        ("f",),
    ]
    assert facts.calls[0].args == (
        Argument(Value(ValueKind.NUMBER, "1", Span(1, 9, 1, 10), number=1.0)),
    )
    assert facts.calls[1].args == ()
    assert facts.calls[2].name == ""
    assert facts.calls[2].name_span is None


def test_fetch_to_rest_endpoint_values() -> None:
    facts = parse(
        'fetch(`${BASE}/users/track`, {method: "POST", headers: {Authorization: "Bearer " + key},'
        " body: JSON.stringify({events: []})});\n"
    )
    assert chains(facts) == [("fetch",), ("JSON", "stringify")]
    fetch = facts.calls[0]
    url = arg(fetch, 0)
    assert url == Value(
        ValueKind.TEMPLATE,
        "{BASE}/users/track",
        Span(1, 7, 1, 28),
        items=(
            Value(ValueKind.NAME, "BASE", Span(1, 10, 1, 14)),
            Value(ValueKind.STRING, "/users/track", Span(1, 15, 1, 27)),
        ),
    )
    init = arg(fetch, 1)
    assert init.get("method") == Value(ValueKind.STRING, "POST", Span(1, 39, 1, 45))
    headers = init.get("headers")
    assert headers is not None and headers.kind is ValueKind.DICT
    assert headers.get("Authorization") == Value(
        ValueKind.TEMPLATE,
        "Bearer {key}",
        Span(1, 72, 1, 87),
        items=(
            Value(ValueKind.STRING, "Bearer ", Span(1, 72, 1, 81)),
            Value(ValueKind.NAME, "key", Span(1, 84, 1, 87)),
        ),
    )
    body = init.get("body")
    assert body is not None and body.kind is ValueKind.CALL and body.text == "JSON.stringify"
    assert body.call == facts.calls[1]
    events = arg(facts.calls[1]).get("events")
    assert events == Value(ValueKind.LIST, "[]", Span(1, 120, 1, 122))


def test_axios_post_with_list_of_attributes() -> None:
    facts = parse('axios.post(url, {attributes: [{external_id: id, email}, ...more, "x"]});\n')
    call = facts.calls[0]
    assert call.chain == ("axios", "post")
    assert arg(call, 0) == Value(ValueKind.NAME, "url", Span(1, 12, 1, 15))
    attributes = arg(call, 1).get("attributes")
    assert attributes is not None and attributes.kind is ValueKind.LIST
    first, second = attributes.items  # the spread is skipped
    assert first.entries == (
        ("external_id", Value(ValueKind.NAME, "id", Span(1, 45, 1, 47))),
        ("email", Value(ValueKind.NAME, "email", Span(1, 49, 1, 54))),
    )
    assert second == Value(ValueKind.STRING, "x", Span(1, 66, 1, 69))


def test_value_kinds() -> None:
    facts = parse(
        "f(undefined, null, false, 0x1F, 1_000, -2.5, 10n, 'it\\'s \\u00e9\\n', `plain`,"
        " {'k': 1, 7: 2, [c]: 3, ...o, m() {}}, x + 1, process.env['KEY'], /re/g);\n"
    )
    values = [a.value for a in facts.calls[0].args]
    assert [(v.kind, v.text, v.number) for v in values] == [
        (ValueKind.NULL, "undefined", None),
        (ValueKind.NULL, "null", None),
        (ValueKind.BOOL, "false", None),
        (ValueKind.NUMBER, "0x1F", 31.0),
        (ValueKind.NUMBER, "1_000", 1000.0),
        (ValueKind.NUMBER, "-2.5", -2.5),
        (ValueKind.NUMBER, "10n", 10.0),
        (ValueKind.STRING, "it's é\n", None),
        (ValueKind.STRING, "plain", None),
        (ValueKind.DICT, "{'k': 1, 7: 2, [c]: 3, ...o, m() {}}", None),
        (ValueKind.ARITHMETIC, "x + 1", None),
        (ValueKind.NAME, "process.env.KEY", None),
        (ValueKind.UNKNOWN, "/re/g", None),
    ]
    # ``...o`` is an entry with key None (the object may hold keys no one can name).
    assert [key for key, _ in values[9].entries] == ["k", "7", None, None, "m"]
    assert values[9].entries[3][1] == Value(ValueKind.NAME, "o", Span(1, 104, 1, 105))
    assert values[9].entries[4][1].kind is ValueKind.UNKNOWN
    assert values[10].operator == "+"
    assert [(i.kind, i.text) for i in values[10].items] == [
        (ValueKind.NAME, "x"),
        (ValueKind.NUMBER, "1"),
    ]


def test_string_concatenation_is_a_template_only_with_a_string_operand() -> None:
    facts = parse('a = "https://" + host + `/api/${v}` + 1;\nb = n + 1;\n')
    first = facts.assignments[0].value
    assert first.kind is ValueKind.TEMPLATE
    assert first.text == "https://{host}/api/{v}{1}"
    assert [(i.kind, i.text) for i in first.items] == [
        (ValueKind.STRING, "https://"),
        (ValueKind.NAME, "host"),
        (ValueKind.STRING, "/api/"),
        (ValueKind.NAME, "v"),
        (ValueKind.NUMBER, "1"),
    ]
    assert facts.assignments[1].value.kind is ValueKind.ARITHMETIC


def test_tagged_template_is_a_call_with_the_template_as_argument() -> None:
    facts = parse("sql`select ${id}`;\n")
    assert chains(facts) == [("sql",)]
    assert arg(facts.calls[0]).kind is ValueKind.TEMPLATE
    assert arg(facts.calls[0]).text == "select {id}"


# --- assignments --------------------------------------------------------------------------


def test_declarations_and_assignments() -> None:
    facts = parse(
        "const A = 1, B = 'b';\n"
        'export const API = "https://rest.iad-01.braze.com";\n'
        "var c;\n"
        "let {d, e} = obj;\n"
        "window.braze.key = k;\n"
        "count += 1;\n"
        "function f() { let local = 2; }\n"
        "if (x) { const inIf = 3; }\n"
    )
    assert [(a.target, a.value.kind, a.value.text, a.file_level) for a in facts.assignments] == [
        (("A",), ValueKind.NUMBER, "1", True),
        (("B",), ValueKind.STRING, "b", True),
        (("API",), ValueKind.STRING, "https://rest.iad-01.braze.com", True),
        (("window", "braze", "key"), ValueKind.NAME, "k", False),
        (("local",), ValueKind.NUMBER, "2", False),
        (("inIf",), ValueKind.NUMBER, "3", False),
    ]
    assert facts.assignments[0] == Assignment(
        ("A",),
        Value(ValueKind.NUMBER, "1", Span(1, 11, 1, 12), number=1.0),
        Span(1, 7, 1, 12),
        Flow("<module>", 6),
        file_level=True,
    )
    assert facts.assignments[4].flow.scope == "f@7"


def test_class_fields_are_assignments() -> None:
    facts = parse(
        "export class Config { static KEY = 'k'; url = u; static [computed] = 1; }\n"
        "function g() { class Inner { static X = 1; } }\n",
        Language.TYPESCRIPT,
    )
    assert [(a.target, a.value.text, a.file_level) for a in facts.assignments] == [
        (("Config", "KEY"), "k", True),
        (("this", "url"), "u", False),
        (("Inner", "X"), "1", False),
    ]


# --- strings ------------------------------------------------------------------------------


def test_string_literals_with_content_spans() -> None:
    facts = parse("x('ab', `t${y}z`, \"\");\n")
    assert facts.strings == (
        StringLiteral("ab", Span(1, 3, 1, 7), Span(1, 4, 1, 6), False, Flow("<module>", 2)),
        StringLiteral("t{y}z", Span(1, 9, 1, 17), Span(1, 10, 1, 16), True, Flow("<module>", 8)),
        StringLiteral("", Span(1, 19, 1, 21), Span(1, 20, 1, 20), False, Flow("<module>", 18)),
    )


def test_multiline_template_string() -> None:
    facts = parse("const t = `line1\n{{ first_name | default: 'x' }}`;\n")
    (literal,) = facts.strings
    assert literal.text == "line1\n{{ first_name | default: 'x' }}"
    assert literal.is_template
    assert literal.span == Span(1, 11, 2, 33)
    assert literal.content_span == Span(1, 12, 2, 32)
    # a template without substitutions is certainly one string
    assert facts.assignments[0].value.kind is ValueKind.STRING


def test_positions_count_code_points_after_an_emoji() -> None:
    facts = parse('const s = "😀"; braze.changeUser("é");\n')
    call = facts.calls[0]
    assert call.span == Span(1, 16, 1, 37)
    assert call.name_span == Span(1, 22, 1, 32)
    assert arg(call) == Value(ValueKind.STRING, "é", Span(1, 33, 1, 36))
    assert facts.strings[0].content_span == Span(1, 12, 1, 13)
    assert facts.strings[1].content_span == Span(1, 34, 1, 35)


def test_escaped_surrogate_pair_is_one_character() -> None:
    facts = parse('x = "\\ud83d\\ude00 \\u{1F600} \\x41";\n')
    assert facts.assignments[0].value.text == "😀 😀 A"


# --- imports ------------------------------------------------------------------------------


def test_es_imports_requires_and_re_exports() -> None:
    facts = parse(
        'import braze, { changeUser as cu, logCustomEvent } from "@braze/web-sdk";\n'
        'import "./polyfill";\n'
        'export { a as b } from "m1";\n'
        'export * from "m2";\n'
        'const x = require("x"), {p, q: r} = require("y");\n'
        'const def = require("z").default;\n'
        'require("side");\n'
        'const mod = await import("@braze/web-sdk");\n'
        'import("lazy").then(go);\n'
    )
    assert [(i.module, i.name, i.alias) for i in facts.imports] == [
        ("@braze/web-sdk", "default", "braze"),
        ("@braze/web-sdk", "changeUser", "cu"),
        ("@braze/web-sdk", "logCustomEvent", "logCustomEvent"),
        ("./polyfill", None, None),
        ("m1", "a", None),
        ("m2", "*", None),
        ("x", "*", "x"),
        ("y", "p", "p"),
        ("y", "q", "r"),
        ("z", "default", "def"),
        ("side", None, None),
        ("@braze/web-sdk", "*", "mod"),
        ("lazy", None, None),
    ]
    assert facts.imports[6].span == Span(5, 11, 5, 23)
    assert ("require",) in chains(facts)
    assert ("import", "then") in chains(facts)


def test_typescript_import_equals_require() -> None:
    facts = parse('import braze = require("@braze/web-sdk");\n', Language.TYPESCRIPT)
    assert facts.imports == (Import("@braze/web-sdk", "*", "braze", Span(1, 1, 1, 42)),)


# --- functions, classes, comments ---------------------------------------------------------


def test_functions_methods_and_named_arrows() -> None:
    facts = parse(
        "function login(user, {id}, opts = {}, ...rest) {}\n"
        "export const track = async (name) => {};\n"
        "exports.handler = function () {};\n"
        "const handlers = { onClick: () => {} };\n"
        "class Tracker extends Base {\n"
        "  @bound @log.deco() send(e) {}\n"
        "  handle = (x) => {};\n"
        "}\n"
        "setTimeout(() => {}, 0);\n",
    )
    assert facts.functions == (
        FunctionDef("login", Span(1, 1, 1, 50), "login@1", ("user", "{id}", "opts", "rest")),
        FunctionDef("track", Span(2, 22, 2, 40), "track@2", ("name",)),
        FunctionDef("handler", Span(3, 19, 3, 33), "handler@3"),
        FunctionDef("onClick", Span(4, 29, 4, 37), "onClick@4"),
        FunctionDef("send", Span(6, 3, 6, 32), "send@6", ("e",), ("bound", "log.deco"), "Tracker"),
        FunctionDef("handle", Span(7, 12, 7, 21), "handle@7", ("x",), (), "Tracker"),
    )
    assert facts.classes == (ClassDef("Tracker", Span(5, 1, 8, 2), ("Base",)),)


def test_typescript_classes_decorators_and_heritage() -> None:
    facts = parse(
        "@Component({})\n"
        "export class App extends React.Component<Props> implements OnInit, Other {\n"
        "  @Input() @HostListener('click') onClick(this: App, e: Event) {}\n"
        "  constructor(private braze: BrazeService) { super(); }\n"
        "}\n"
        "const Anon = class extends Base {};\n",
        Language.TYPESCRIPT,
    )
    assert facts.classes == (
        ClassDef("App", Span(2, 8, 5, 2), ("Component", "OnInit", "Other")),
        ClassDef("Anon", Span(6, 14, 6, 35), ("Base",)),
    )
    assert [(f.name, f.params, f.decorators, f.class_name) for f in facts.functions] == [
        ("onClick", ("e",), ("Input", "HostListener"), "App"),
        ("constructor", ("braze",), (), "App"),
    ]
    assert ("super",) in chains(facts)


def test_comments() -> None:
    facts = parse("// one\nx(); /* two\nlines */\n/** doc */\n")
    assert facts.comments == (
        Comment("// one", Span(1, 1, 1, 7)),
        Comment("/* two\nlines */", Span(2, 6, 3, 9)),
        Comment("/** doc */", Span(4, 1, 4, 11)),
    )


# --- flow ---------------------------------------------------------------------------------


def test_if_else_if_else_arms_share_one_id_with_guards() -> None:
    facts = parse("if (__DEV__) { a(); } else if (x > 1) { b(); } else { c(); }\nafter();\n")
    assert [(c.name, c.flow) for c in facts.calls] == [
        ("a", Flow("<module>", 15, ("0:0",), (), ("__DEV__",))),
        ("b", Flow("<module>", 40, ("0:1",), (), ("!__DEV__", "x > 1"))),
        ("c", Flow("<module>", 54, ("0:2",), (), ("!__DEV__", "!x > 1"))),
        ("after", Flow("<module>", 61)),
    ]
    a, b, c, after = (call.flow for call in facts.calls)
    assert not a.ordered_with(b)
    assert after.ordered_with(a) and after.ordered_with(c)


def test_switch_ternary_and_try_arms() -> None:
    facts = parse(
        "switch (k) { case 1: one(); break; default: two(); }\n"
        "const v = cond ? yes() : no();\n"
        "try { t1() } catch (e) { t2(e) } finally { t3() }\n"
    )
    flows = {c.name: c.flow for c in facts.calls}
    assert flows["one"] == Flow("<module>", 21, ("0:0",), (), ("k == 1",))
    assert flows["two"] == Flow("<module>", 44, ("0:1",), (), ("k default",))
    assert flows["yes"] == Flow("<module>", 70, ("63:0",), (), ("cond",))
    assert flows["no"] == Flow("<module>", 78, ("63:1",), (), ("!cond",))
    assert flows["t1"] == Flow("<module>", 90, ("84:0",))
    assert flows["t2"] == Flow("<module>", 109, ("84:1",))
    assert flows["t3"] == Flow("<module>", 127)


def test_loops() -> None:
    facts = parse(
        "for (let i = init(); i < n(); i++) { a(i); }\n"
        "for (const u of users()) { b(u); }\n"
        "for (k in o) c(k);\n"
        "while (w()) { d(); }\n"
        "do { e(); } while (f());\n"
        "for (;;) { for (;;) { g(); } }\n"
    )
    loops = {c.name: c.flow.loops for c in facts.calls}
    assert loops == {
        "init": (),
        "n": ("loop@1",),
        "a": ("loop@1",),
        "users": (),
        "b": ("loop@2",),
        "c": ("loop@3",),
        "w": ("loop@4",),
        "d": ("loop@4",),
        "e": ("loop@5",),
        "f": ("loop@5",),
        "g": ("loop@6", "loop@6"),
    }


def test_closures_start_a_scope_and_iteration_closures_a_loop() -> None:
    facts = parse(
        "function outer() {\n"
        "  if (debug) {\n"
        "    items.forEach((i) => track(i));\n"
        "    users\n"
        "      .map(function (u) { return id(u); });\n"
        "    later(() => run());\n"
        "    function inner() { plain(); }\n"
        "  }\n"
        "}\n"
    )
    flows = {c.name: c.flow for c in facts.calls}
    assert flows["forEach"] == Flow("outer@1", 38, ("21:0",), (), ("debug",))
    assert flows["track"] == Flow("<lambda>@3:19", 59, (), ("iter:forEach@3",), ("debug",))
    # the iteration's line is that of the method name
    assert flows["map"] == Flow("outer@1", 74, ("21:0",), (), ("debug",))
    assert flows["id"] == Flow("<lambda>@5:12", 113, (), ("iter:map@5",), ("debug",))
    assert flows["later"] == Flow("outer@1", 128, ("21:0",), (), ("debug",))
    assert flows["run"] == Flow("<lambda>@6:11", 140, (), (), ("debug",))
    # a named function can be called from anywhere: its guards reset
    assert flows["plain"] == Flow("inner@7", 171)


def test_deep_if_nesting_caps_flow_paths() -> None:
    facts = parse("if (a) " * 300 + "f();\n")
    flow = facts.calls[0].flow
    assert len(flow.branch) == javascript.MAX_NESTING
    assert len(flow.guards) == javascript.MAX_NESTING


# --- TSX and JSX --------------------------------------------------------------------------


def test_tsx_component() -> None:
    facts = parse(
        'import React, { useEffect } from "react";\n'
        'import * as braze from "@braze/web-sdk";\n'
        "export default function App({ user }: Props) {\n"
        "  useEffect(() => { braze.changeUser(user!.id); }, [user]);\n"
        '  return <div className="app" onClick={() => braze.logCustomEvent("click")}>'
        "{user.name}</div>;\n"
        "}\n",
        Language.TSX,
    )
    assert chains(facts) == [
        ("useEffect",),
        ("braze", "changeUser"),
        ("braze", "logCustomEvent"),
    ]
    change_user = call_named(facts, "changeUser")
    assert arg(change_user) == Value(ValueKind.NAME, "user.id", Span(4, 38, 4, 46))
    assert change_user.flow.scope == "<lambda>@4:13"
    assert call_named(facts, "logCustomEvent").flow.scope == "<lambda>@5:40"
    assert [s.text for s in facts.strings] == ["react", "@braze/web-sdk", "app", "click"]
    assert facts.functions[0] == FunctionDef("App", Span(3, 16, 6, 2), "App@3", ("{ user }",))
    assert "div" not in facts.globals_used
    assert "user" not in facts.globals_used


def test_jsx_in_a_js_file() -> None:
    facts = parse('const el = <Banner title="Hi &amp; welcome" onShow={show} />;\n')
    assert [s.text for s in facts.strings] == ["Hi & welcome"]
    assert facts.problems == ()


# --- globals ------------------------------------------------------------------------------


def test_globals_used_are_undeclared_reads() -> None:
    facts = parse(
        "import { a } from 'm';\n"
        "const local = 1;\n"
        "function f(param, {destructured}) { try {} catch (err) { use(err); } }\n"
        "window.braze.x(document.cookie, navigator.userAgent, localStorage, process.env.K);\n"
        "require('fs'); param; destructured; a; local; this.y;\n"
        "export { local as exported };\n"
    )
    assert facts.globals_used == frozenset(
        {"window", "document", "navigator", "localStorage", "process", "require", "use"}
    )


# --- errors and robustness ----------------------------------------------------------------


def test_parse_errors_in_the_middle_still_yield_the_calls_after() -> None:
    facts = parse(
        "braze.initialize(KEY);\n"
        "const broken = ;\n"
        "braze.openSession(\n"
        "window.braze.changeUser(id);\n"
        "after();\n"
    )
    assert facts.problems == (
        ParseProblem("syntax error", Span(2, 14, 2, 15)),
        ParseProblem("syntax error", Span(4, 28, 4, 29)),
    )
    assert chains(facts) == [
        ("braze", "initialize"),
        ("braze", "openSession"),
        ("window", "braze", "changeUser"),
        ("after",),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,
        "x = " + "[" * 10_000 + "]" * 10_000 + ";",
        "f(" * 10_000 + ")" * 10_000 + ";",
        "x = " + "(" * 10_000 + "1" + ")" * 10_000,
        "x = " + "{a:" * 10_000 + "1" + "}" * 10_000,
        "x = " + "() => " * 10_000 + "1",
        "x = " + " + ".join(['"a"', "b"] * 5_000) + ";",
        "if (a) " * 10_000 + "f();",
    ],
    ids=["open", "array", "calls", "parens", "objects", "arrows", "concat", "ifs"],
)
@pytest.mark.parametrize("language", [Language.JAVASCRIPT, Language.TSX])
def test_deep_nesting_does_not_raise(text: str, language: Language) -> None:
    facts = parse(text, language)
    assert all(p.message == "syntax error" for p in facts.problems)


def test_deep_array_value_is_capped_at_max_depth() -> None:
    facts = parse("x = " + "[" * 200 + "]" * 200 + ";\n")
    value = facts.assignments[0].value
    depth = 0
    while value.kind is ValueKind.LIST:
        depth += 1
        (value,) = value.items
    assert depth == javascript.MAX_VALUE_DEPTH + 1
    assert value.kind is ValueKind.UNKNOWN


def test_facts_pickle() -> None:
    facts = parse("braze.changeUser(`${a}`);\n")
    assert pickle.loads(pickle.dumps(facts)) == facts


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab(){}[]`'\"$;.,=+?!:<>/ \n😀é")), max_size=80))
def test_never_raises_on_junk(text: str) -> None:
    for language in (Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX):
        facts = parse(text, language)
        assert not [p for p in facts.problems if p.message != "syntax error"]
