"""Java frontend: exact facts for the shapes in docs/frontend-contract.md."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from brazelint.facts import (
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
    Value,
    ValueKind,
)
from brazelint.languages import Language
from brazelint.syntax import java
from brazelint.syntax.spec import DEPTH_LIMIT


def parse(text: str) -> FileFacts:
    return java.parse("app/src/main/java/App.java", text, Language.JAVA)


def chains(facts: FileFacts) -> list[tuple[str, ...]]:
    return [call.chain for call in facts.calls]


def call_named(facts: FileFacts, name: str) -> Call:
    (call,) = [c for c in facts.calls if c.name == name]
    return call


def in_method(body: str) -> FileFacts:
    """``body`` as the lines of a method starting on line 3 (indent 4)."""
    return parse("class A {\n  void m() {\n" + body + "\n  }\n}\n")


# --- calls and chains ---------------------------------------------------------------------


def test_builder_chain_across_lines() -> None:
    facts = in_method(
        "    BrazeConfig config = new BrazeConfig.Builder()\n"
        '        .setApiKey("k")\n'
        '        .setCustomEndpoint("sdk.iad-01.braze.com")\n'
        "        .build();"
    )
    assert chains(facts) == [
        ("BrazeConfig", "Builder"),
        ("BrazeConfig", "Builder", "setApiKey"),
        ("BrazeConfig", "Builder", "setApiKey", "setCustomEndpoint"),
        ("BrazeConfig", "Builder", "setApiKey", "setCustomEndpoint", "build"),
    ]
    endpoint = call_named(facts, "setCustomEndpoint")
    assert endpoint.arg() == Value(ValueKind.STRING, "sdk.iad-01.braze.com", Span(5, 28, 5, 50))
    assert endpoint.name_span == Span(5, 10, 5, 27)
    assert endpoint.span == Span(3, 26, 5, 51)
    assert endpoint.flow == Flow("m@2", 48)
    assert call_named(facts, "Builder").name_span == Span(3, 42, 3, 49)


def test_current_user_and_push_token() -> None:
    facts = in_method(
        "    Braze.getInstance(ctx).getCurrentUser().setEmail(x);\n"
        "    Braze.getInstance(this).setRegisteredPushToken(token);"
    )
    assert chains(facts) == [
        ("Braze", "getInstance"),
        ("Braze", "getInstance", "getCurrentUser"),
        ("Braze", "getInstance", "getCurrentUser", "setEmail"),
        ("Braze", "getInstance"),
        ("Braze", "getInstance", "setRegisteredPushToken"),
    ]
    assert facts.calls[3].arg() == Value(ValueKind.NAME, "this", Span(4, 23, 4, 27))
    assert facts.calls[4].arg() == Value(ValueKind.NAME, "token", Span(4, 52, 4, 57))


def test_properties_and_big_decimal() -> None:
    facts = in_method(
        '    Braze.getInstance(this).logPurchase("sku", "USD", new BigDecimal("9.99"), 1,'
        ' new BrazeProperties().addProperty("k", 1));'
    )
    purchase = call_named(facts, "logPurchase")
    price = purchase.arg(2)
    assert price is not None
    assert (price.kind, price.text) == (ValueKind.CALL, "BigDecimal")
    assert price.call is call_named(facts, "BigDecimal")
    assert price.call.arg() == Value(ValueKind.STRING, "9.99", Span(3, 70, 3, 76))
    properties = purchase.arg(4)
    assert properties is not None
    assert (properties.kind, properties.text) == (ValueKind.CALL, "BrazeProperties.addProperty")
    assert chains(facts) == [
        ("Braze", "getInstance"),
        ("Braze", "getInstance", "logPurchase"),
        ("BigDecimal",),
        ("BrazeProperties",),
        ("BrazeProperties", "addProperty"),
    ]


def test_this_super_and_constructor_calls() -> None:
    facts = parse(
        "class A extends B {\n  A(int x) { super(x); this.braze.changeUser(id); "
        "super.onCreate(); ((Braze) b).go(); }\n}\n"
    )
    assert chains(facts) == [
        ("super",),
        ("this", "braze", "changeUser"),
        ("super", "onCreate"),
        ("b", "go"),
    ]


def test_set_log_level_argument() -> None:
    call = call_named(in_method("    BrazeLogger.setLogLevel(Log.VERBOSE);"), "setLogLevel")
    assert call.chain == ("BrazeLogger", "setLogLevel")
    assert call.arg() == Value(ValueKind.NAME, "Log.VERBOSE", Span(3, 29, 3, 40))


# --- assignments ----------------------------------------------------------------------------


def test_fields_and_locals() -> None:
    facts = parse(
        "public class Config {\n"
        '  private static final String ENDPOINT = "sdk.iad-01.braze.com", OTHER = "o";\n'
        '  static String notFinal = "n";\n'
        '  final String instance = "i";\n'
        "  int bare;\n"
        '  void m() { String local = "l"; local = "again"; this.f = 2; arr[0] = 1; n += 1; }\n'
        "}\n"
        'interface Keys { String KEY = "k"; }\n'
    )
    assert [(a.target, a.value.text, a.file_level) for a in facts.assignments] == [
        (("ENDPOINT",), "sdk.iad-01.braze.com", True),
        (("OTHER",), "o", True),
        (("notFinal",), "n", False),
        (("instance",), "i", False),
        (("local",), "l", False),
        (("local",), "again", False),
        (("this", "f"), "2", False),
        (("KEY",), "k", True),
    ]
    assert facts.assignments[0] == Assignment(
        ("ENDPOINT",),
        Value(ValueKind.STRING, "sdk.iad-01.braze.com", Span(2, 42, 2, 64)),
        Span(2, 31, 2, 64),
        Flow("<module>", 52),
        True,
    )
    assert facts.assignments[4].flow.scope == "m@6"


# --- values -------------------------------------------------------------------------------


def value_of(expression: str) -> Value:
    (assignment,) = parse(f"class A {{ Object v = {expression}; }}").assignments
    return assignment.value


def test_literal_values() -> None:
    assert value_of('"a\\tb\\u0041\\""').text == 'a\tbA"'
    assert value_of("42") == Value(ValueKind.NUMBER, "42", Span(1, 22, 1, 24), number=42.0)
    assert value_of("0x1FL").number == 31.0
    assert value_of("017").number == 15.0
    assert value_of("1_000").number == 1000.0
    assert value_of("1.5e3").number == 1500.0
    assert value_of("-3").number == -3.0
    assert value_of("true") == Value(ValueKind.BOOL, "true", Span(1, 22, 1, 26))
    assert value_of("null") == Value(ValueKind.NULL, "null", Span(1, 22, 1, 26))
    assert value_of("((String) x)") == Value(ValueKind.NAME, "x", Span(1, 32, 1, 33))
    assert value_of("a.b.c").text == "a.b.c"
    assert value_of("user.getEmail()").text == "user.getEmail"
    # A ternary is one arm or the other (it was UNKNOWN before value flow).
    chosen = value_of("c ? 1 : 2")
    assert chosen.kind is ValueKind.CHOICE and [i.text for i in chosen.items] == ["1", "2"]


def test_text_block() -> None:
    (assignment,) = parse(
        'class A {\n  String t = """\n      hello "x"\n        there\\tz\n      """;\n}\n'
    ).assignments
    assert assignment.value.text == 'hello "x"\n  there\tz\n'


def test_concatenation_is_a_template() -> None:
    value = value_of('"https://" + host + "/users/track?n=" + 1')
    assert value.kind is ValueKind.TEMPLATE
    assert value.text == "https://{host}/users/track?n={1}"
    assert [item.kind for item in value.items] == [
        ValueKind.STRING,
        ValueKind.NAME,
        ValueKind.STRING,
        ValueKind.NUMBER,
    ]
    # No string operand: a sum (it was UNKNOWN before Java was a spec).
    total = value_of("a + b")
    assert (total.kind, total.operator, [i.text for i in total.items]) == (
        ValueKind.ARITHMETIC,
        "+",
        ["a", "b"],
    )


def test_collections() -> None:
    listed = value_of('List.of("a", 1)')
    assert (listed.kind, [i.text for i in listed.items]) == (ValueKind.LIST, ["a", "1"])
    array = value_of('new String[] {"x", "y"}')
    assert (array.kind, [i.text for i in array.items]) == (ValueKind.LIST, ["x", "y"])
    mapped = value_of('Map.of("a", 1, KEY, "k")')
    assert mapped.kind is ValueKind.DICT
    assert [(k, v.text) for k, v in mapped.entries] == [("a", "1"), ("KEY", "k")]


# --- strings, imports, comments, classes, functions --------------------------------------


def test_string_literals() -> None:
    facts = in_method('    log("plain");')
    (string,) = facts.strings
    assert (string.text, string.is_template, string.span, string.content_span) == (
        "plain",
        False,
        Span(3, 9, 3, 16),
        Span(3, 10, 3, 15),
    )
    assert string.flow == Flow("m@2", 31)


def test_imports() -> None:
    facts = parse(
        "package app;\nimport com.braze.Braze;\nimport com.appboy.Appboy;\n"
        "import static com.braze.support.BrazeLogger.setLogLevel;\nimport com.braze.models.*;\n"
        "import static org.junit.Assert.*;\n"
    )
    assert facts.imports == (
        Import("com.braze", "Braze", "Braze", Span(2, 1, 2, 24)),
        Import("com.appboy", "Appboy", "Appboy", Span(3, 1, 3, 26)),
        Import("com.braze.support.BrazeLogger", "setLogLevel", "setLogLevel", Span(4, 1, 4, 57)),
        Import("com.braze.models", "*", None, Span(5, 1, 5, 27)),
        Import("org.junit.Assert", "*", None, Span(6, 1, 6, 34)),
    )


def test_comments() -> None:
    facts = parse("// line\n/* block */\n/** doc */\nclass A {} // tail\n")
    assert facts.comments == (
        Comment("// line", Span(1, 1, 1, 8)),
        Comment("/* block */", Span(2, 1, 2, 12)),
        Comment("/** doc */", Span(3, 1, 3, 11)),
        Comment("// tail", Span(4, 12, 4, 19)),
    )


def test_classes_and_methods() -> None:
    facts = parse(
        "public class MyService extends FirebaseMessagingService implements A, b.B<C> {\n"
        "  @Override\n"
        "  public void onNewToken(String token, int... rest) { }\n"
        "  MyService() { new Runnable() { public void run() { } }; }\n"
        "}\n"
        "interface I extends J, K { void x(); }\n"
        "enum E implements Z { A; @com.x.Y(1) void m() {} }\n"
    )
    assert facts.classes == (
        ClassDef("MyService", Span(1, 1, 5, 2), ("FirebaseMessagingService", "A", "B")),
        ClassDef("I", Span(6, 1, 6, 39), ("J", "K")),
        ClassDef("E", Span(7, 1, 7, 51), ("Z",)),
    )
    assert facts.functions == (
        FunctionDef(
            "onNewToken",
            Span(2, 3, 3, 56),
            "onNewToken@2",
            ("token", "rest"),
            ("Override",),
            "MyService",
        ),
        FunctionDef("MyService", Span(4, 3, 4, 60), "MyService@4", (), (), "MyService"),
        FunctionDef("run", Span(4, 34, 4, 55), "run@4"),
        FunctionDef("x", Span(6, 28, 6, 37), "x@6", (), (), "I"),
        FunctionDef("m", Span(7, 26, 7, 49), "m@7", (), ("com.x.Y",), "E"),
    )


# --- flow -----------------------------------------------------------------------------------


def flows(facts: FileFacts) -> dict[str, Flow]:
    return {call.name: call.flow for call in facts.calls}


def test_if_else_if_else_and_ternary() -> None:
    facts = in_method(
        "    if (BuildConfig.DEBUG) a(); else if (b()) { c(); } else d();\n"
        "    int x = cond ? e() : f();"
    )
    got = flows(facts)
    assert got["a"] == Flow("m@2", 50, ("27:0",), (), ("BuildConfig.DEBUG",))
    assert got["b"] == Flow("m@2", 64, ("27:1",), (), ("!BuildConfig.DEBUG",))
    assert got["c"] == Flow("m@2", 71, ("27:1",), (), ("!BuildConfig.DEBUG", "b()"))
    assert got["d"] == Flow("m@2", 83, ("27:2",), (), ("!BuildConfig.DEBUG", "!b()"))
    assert got["e"] == Flow("m@2", 107, ("100:0",), (), ("cond",))
    assert got["f"] == Flow("m@2", 113, ("100:1",), (), ("!cond",))


def test_switch_and_try() -> None:
    facts = in_method(
        "    switch (k) { case 1: one(); break; case 2: case 3: two(); default: three(); }\n"
        "    switch (k) { case 1 -> four(); default -> { five(); } }\n"
        "    try { t(); } catch (IOException e) { u(); } catch (Exception e) { v(); }"
        " finally { w(); }\n"
        "    try (R r = open()) { x(); } finally { y(); }"
    )
    got = flows(facts)
    assert (got["one"].branch, got["one"].guards) == (("27:0",), ("k: case 1",))
    assert got["two"].branch == ("27:2",)
    assert (got["three"].branch, got["three"].guards) == (("27:3",), ("k: default",))
    assert (got["four"].branch, got["five"].branch) == (("109:0",), ("109:1",))
    assert [got[n].branch for n in ("t", "u", "v", "w")] == [
        ("169:0",),
        ("169:1",),
        ("169:2",),
        (),
    ]
    assert (got["open"].branch, got["x"].branch, got["y"].branch) == ((), (), ())


def test_loops_and_lambdas() -> None:
    facts = in_method(
        "    for (int i = init(); i < n(); i++) a();\n"
        "    for (String s : items()) { b(); }\n"
        "    while (more()) c();\n"
        "    do { d(); } while (again());\n"
        "    users.forEach(u -> u.track());\n"
        "    Runnable r = () -> { run(); };"
    )
    got = flows(facts)
    assert got["init"].loops == ()
    assert (got["n"].loops, got["a"].loops) == (("loop@3",), ("loop@3",))
    assert (got["items"].loops, got["b"].loops) == ((), ("loop@4",))
    assert (got["more"].loops, got["c"].loops) == (("loop@5",), ("loop@5",))
    assert (got["d"].loops, got["again"].loops) == (("loop@6",), ("loop@6",))
    assert got["track"] == Flow("<lambda>@7:19", 185, (), ("iter:forEach@7",))
    assert got["run"] == Flow("<lambda>@8:18", 222)


def test_globals_used() -> None:
    facts = parse(
        "import com.braze.Braze;\nclass A { void m(Context ctx) { int u = 1; "
        "Braze.getInstance(ctx).go(u, window.x); } }"
    )
    assert facts.globals_used == frozenset({"window"})


# --- robustness -----------------------------------------------------------------------------


def test_syntax_error_in_the_middle_keeps_calls_before_and_after() -> None:
    facts = parse(
        "class A {\n  void a() { before(); }\n  void b() { int x = foo(1,\n  mid(); }\n"
        "  void c() { after(); }\n}\n"
    )
    assert chains(facts) == [("before",), ("foo",), ("mid",), ("after",)]
    assert facts.problems == (ParseProblem("syntax error", Span(4, 8, 4, 9)),)


def test_deep_nesting_does_not_raise() -> None:
    depth = 10_000
    calls = parse("class A { void a() { int x = " + "f(" * depth + "1" + ")" * depth + "; } }")
    assert len(calls.calls) == depth
    chain = parse("class A { void a() { x = a" + ".b()" * depth + "; } }")
    assert len(chain.calls) == depth
    blocks = parse("class A { void a() {" + " if (c) {" * depth + " g(); " + "}" * depth + "} }")
    # Branch paths stop growing at the limit every language shares.
    assert len(blocks.calls[0].flow.branch) == DEPTH_LIMIT
    braces = parse("class A { void a() { " + "{" * depth + "g();" + "}" * depth + " } }")
    assert chains(braces) == [("g",)]
    pickle.dumps(calls)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='class void(){}[];."\\ \n=ab:->?!@+', max_size=80))
def test_never_raises(text: str) -> None:
    parse(text)
