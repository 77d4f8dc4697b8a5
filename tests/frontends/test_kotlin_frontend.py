"""Kotlin frontend: exact facts for the shapes in docs/frontend-contract.md."""

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
from brazelint.syntax import kotlin
from brazelint.syntax.spec import DEPTH_LIMIT


def parse(text: str) -> FileFacts:
    return kotlin.parse("app/src/main/java/App.kt", text, Language.KOTLIN)


def chains(facts: FileFacts) -> list[tuple[str, ...]]:
    return [call.chain for call in facts.calls]


def call_named(facts: FileFacts, name: str) -> Call:
    (call,) = [c for c in facts.calls if c.name == name]
    return call


def in_function(body: str) -> FileFacts:
    return parse("fun f() {\n" + body + "\n}\n")


# --- calls and chains ---------------------------------------------------------------------


def test_builder_chain_calls_in_source_order() -> None:
    facts = parse(
        'val config = BrazeConfig.Builder().setApiKey("k")'
        '.setCustomEndpoint("sdk.iad-01.braze.com").build()\n'
    )
    assert chains(facts) == [
        ("BrazeConfig", "Builder"),
        ("BrazeConfig", "Builder", "setApiKey"),
        ("BrazeConfig", "Builder", "setApiKey", "setCustomEndpoint"),
        ("BrazeConfig", "Builder", "setApiKey", "setCustomEndpoint", "build"),
    ]
    endpoint = call_named(facts, "setCustomEndpoint")
    assert endpoint.arg() == Value(ValueKind.STRING, "sdk.iad-01.braze.com", Span(1, 69, 1, 91))
    assert endpoint.span == Span(1, 14, 1, 92)
    assert endpoint.name_span == Span(1, 51, 1, 68)
    assert endpoint.flow == Flow("<module>", 13)
    assert endpoint.qualified == ()


def test_change_user_with_member_argument() -> None:
    facts = parse("fun f() { Braze.getInstance(ctx).changeUser(user.email) }")
    assert chains(facts) == [("Braze", "getInstance"), ("Braze", "getInstance", "changeUser")]
    change = call_named(facts, "changeUser")
    assert change.arg() == Value(ValueKind.NAME, "user.email", Span(1, 45, 1, 55))
    assert call_named(facts, "getInstance").arg() == Value(
        ValueKind.NAME, "ctx", Span(1, 29, 1, 32)
    )


def test_safe_calls_and_not_null_assertions_are_ignored_in_chains() -> None:
    facts = in_function(
        "Braze.getInstance(ctx).currentUser?.setEmail(x)\n"
        "braze!!.getCurrentUser()!!.setPhoneNumber(p)"
    )
    assert chains(facts) == [
        ("Braze", "getInstance"),
        ("Braze", "getInstance", "currentUser", "setEmail"),
        ("braze", "getCurrentUser"),
        ("braze", "getCurrentUser", "setPhoneNumber"),
    ]


def test_custom_event_with_properties_builder() -> None:
    facts = in_function(
        'Braze.getInstance(this).logCustomEvent("purchase", BrazeProperties().addProperty("k", 1))'
    )
    assert chains(facts) == [
        ("Braze", "getInstance"),
        ("Braze", "getInstance", "logCustomEvent"),
        ("BrazeProperties",),
        ("BrazeProperties", "addProperty"),
    ]
    event = call_named(facts, "logCustomEvent")
    assert call_named(facts, "getInstance").arg() == Value(
        ValueKind.NAME, "this", Span(2, 19, 2, 23)
    )
    assert event.arg(0) == Value(ValueKind.STRING, "purchase", Span(2, 40, 2, 50))
    properties = event.arg(1)
    assert properties is not None
    assert properties.kind is ValueKind.CALL
    assert properties.text == "BrazeProperties.addProperty"
    assert properties.call is call_named(facts, "addProperty")
    assert [a.value.text for a in properties.call.args] == ["k", "1"]
    assert properties.call.args[1].value.number == 1.0


def test_log_purchase_with_big_decimal() -> None:
    facts = in_function('logPurchase("sku", "USD", BigDecimal("9.99"), 1)')
    purchase = call_named(facts, "logPurchase")
    assert purchase.chain == ("logPurchase",)
    price = purchase.arg(2)
    assert price is not None
    assert (price.kind, price.text) == (ValueKind.CALL, "BigDecimal")
    assert price.call is not None
    assert price.call.chain == ("BigDecimal",)
    assert price.call.arg() == Value(ValueKind.STRING, "9.99", Span(2, 38, 2, 44))
    assert purchase.arg(3) == Value(ValueKind.NUMBER, "1", Span(2, 47, 2, 48), number=1.0)


def test_named_arguments_keep_their_label() -> None:
    call = call_named(in_function('track(name = "a", 2, props = null)'), "track")
    assert [(a.label, a.value.kind, a.value.text) for a in call.args] == [
        ("name", ValueKind.STRING, "a"),
        (None, ValueKind.NUMBER, "2"),
        ("props", ValueKind.NULL, "null"),
    ]
    assert call.arg(0, label="name") is not None
    assert call.arg(0) == Value(ValueKind.NUMBER, "2", Span(2, 19, 2, 20), number=2.0)


def test_trailing_lambda_is_not_an_argument_and_not_a_second_call() -> None:
    facts = in_function("post(1) { run() }")
    assert chains(facts) == [("post",), ("run",)]
    assert [a.value.text for a in call_named(facts, "post").args] == ["1"]
    assert call_named(facts, "run").flow.scope == "<lambda>@2:9"


# --- scope functions ----------------------------------------------------------------------


def test_apply_prefixes_calls_and_assignments_without_receiver() -> None:
    facts = in_function(
        'BrazeConfig.Builder().apply { setApiKey("k"); setCustomEndpoint(E); isFirebaseCloud'
        "MessagingRegistrationEnabled = true; other.call() }"
    )
    assert chains(facts) == [
        ("BrazeConfig", "Builder"),
        ("BrazeConfig", "Builder", "apply"),
        ("BrazeConfig", "Builder", "setApiKey"),
        ("BrazeConfig", "Builder", "setCustomEndpoint"),
        ("other", "call"),
    ]
    assert call_named(facts, "setCustomEndpoint").arg() == Value(
        ValueKind.NAME, "E", Span(2, 65, 2, 66)
    )
    (assignment,) = facts.assignments
    assert assignment.target == (
        "BrazeConfig",
        "Builder",
        "isFirebaseCloudMessagingRegistrationEnabled",
    )
    assert assignment.value.kind is ValueKind.BOOL
    assert assignment.flow.scope == "<lambda>@2:29"


def test_run_and_with_prefix_and_nest() -> None:
    facts = in_function(
        "Braze.getInstance(ctx).run { changeUser(id) }\n"
        "with(braze.currentUser) { setEmail(e); builder().apply { build() } }\n"
        "run { plain() }"
    )
    assert chains(facts) == [
        ("Braze", "getInstance"),
        ("Braze", "getInstance", "run"),
        ("Braze", "getInstance", "changeUser"),
        ("with",),
        ("braze", "currentUser", "setEmail"),
        ("braze", "currentUser", "builder"),
        ("braze", "currentUser", "builder", "apply"),
        ("braze", "currentUser", "builder", "build"),
        ("run",),
        ("plain",),
    ]


# --- assignments ----------------------------------------------------------------------------


def test_property_setter_assignment() -> None:
    facts = in_function(
        "Braze.getInstance(context).registeredPushToken = token\n"
        "BrazeLogger.logLevel = Log.VERBOSE\ncount += 1\nitems[0] = 2"
    )
    assert facts.assignments == (
        Assignment(
            ("Braze", "getInstance", "registeredPushToken"),
            Value(ValueKind.NAME, "token", Span(2, 50, 2, 55)),
            Span(2, 1, 2, 55),
            Flow("f@1", 10),
        ),
        Assignment(
            ("BrazeLogger", "logLevel"),
            Value(ValueKind.NAME, "Log.VERBOSE", Span(3, 24, 3, 35)),
            Span(3, 1, 3, 35),
            Flow("f@1", 65),
        ),
    )


def test_constants_are_file_level_top_level_and_in_companion() -> None:
    facts = parse(
        'const val ENDPOINT = "sdk.iad-01.braze.com"\n'
        "var counter = 0\n"
        "class Config {\n"
        "    companion object {\n"
        '        const val KEY = "k"\n'
        '        val OTHER = "o"\n'
        "        var mutable = 1\n"
        "    }\n"
        '    val instance = "i"\n'
        '    fun f() { val local = "l" }\n'
        "}\n"
        'object Holder { val HELD = "h" }\n'
    )
    assert [(a.target, a.value.text, a.file_level) for a in facts.assignments] == [
        (("ENDPOINT",), "sdk.iad-01.braze.com", True),
        (("counter",), "0", True),
        (("KEY",), "k", True),
        (("OTHER",), "o", True),
        (("mutable",), "1", False),
        (("instance",), "i", False),
        (("local",), "l", False),
        (("HELD",), "h", True),
    ]
    assert facts.assignments[0].span == Span(1, 1, 1, 44)
    assert facts.assignments[0].flow == Flow("<module>", 0)


def test_destructuring_and_uninitialised_properties_are_skipped() -> None:
    facts = parse("val (a, b) = pair\nlateinit var y: String\nval z by lazy { 1 }\n")
    assert facts.assignments == ()


# --- values -------------------------------------------------------------------------------


def value_of(expression: str) -> Value:
    (assignment,) = parse(f"val v = {expression}\n").assignments
    return assignment.value


def test_string_template_values() -> None:
    value = value_of('"$a and ${b.c}!"')
    assert value.kind is ValueKind.TEMPLATE
    assert value.text == "{a} and {b.c}!"
    assert value.items == (
        Value(ValueKind.NAME, "a", Span(1, 11, 1, 12)),
        Value(ValueKind.STRING, " and ", Span(1, 12, 1, 17)),
        Value(ValueKind.NAME, "b.c", Span(1, 19, 1, 22)),
        Value(ValueKind.STRING, "!", Span(1, 23, 1, 24)),
    )


def test_escapes_and_literal_dollars() -> None:
    assert value_of(r'"\$notvar \u0041\t\"q\" $ 5"').text == '$notvar A\t"q" $ 5'
    assert value_of(r'"\$notvar"').kind is ValueKind.STRING


def test_raw_strings() -> None:
    assert value_of('"""\n  multi "q" \\n\n"""') == Value(
        ValueKind.STRING, '\n  multi "q" \\n\n', Span(1, 9, 3, 4)
    )
    template = value_of('"""id=$id ${x.y}"""')
    assert (template.kind, template.text) == (ValueKind.TEMPLATE, "id={id} {x.y}")


def test_literal_values() -> None:
    assert value_of("1_000L").number == 1000.0
    assert value_of("0xFF").number == 255.0
    assert value_of("1.5f") == Value(ValueKind.NUMBER, "1.5f", Span(1, 9, 1, 13), number=1.5)
    assert value_of("-3") == Value(ValueKind.NUMBER, "-3", Span(1, 9, 1, 11), number=-3.0)
    assert value_of("true") == Value(ValueKind.BOOL, "true", Span(1, 9, 1, 13))
    assert value_of("null") == Value(ValueKind.NULL, "null", Span(1, 9, 1, 13))
    assert value_of("(x!! as String)") == Value(ValueKind.NAME, "x", Span(1, 10, 1, 11))
    assert value_of("Braze.getInstance(c).currentUser").text == "Braze.getInstance.currentUser"
    # An if expression is one arm or the other (it was UNKNOWN before value flow).
    chosen = value_of("if (a) 1 else 2")
    assert chosen.kind is ValueKind.CHOICE and [i.text for i in chosen.items] == ["1", "2"]
    elvis = value_of('u.id ?: u.email ?: "anon"')
    assert [i.text for i in elvis.alternatives()] == ["u.id", "u.email", "anon"]


def test_collections() -> None:
    listed = value_of('listOf("a", 1)')
    assert listed.kind is ValueKind.LIST
    assert [item.text for item in listed.items] == ["a", "1"]
    mapped = value_of('mapOf("a" to 1, KEY to "x", 2 to y, Pair("p", 3), other)')
    assert mapped.kind is ValueKind.DICT
    assert [(key, value.text) for key, value in mapped.entries] == [
        ("a", "1"),
        ("KEY", "x"),
        ("2", "y"),
        ("p", "3"),
    ]
    assert mapped.get("a") == Value(ValueKind.NUMBER, "1", Span(1, 22, 1, 23), number=1.0)


def test_concatenation_is_a_template() -> None:
    value = value_of('"https://" + host + "/users/track"')
    assert value.kind is ValueKind.TEMPLATE
    assert value.text == "https://{host}/users/track"
    # No string operand: arithmetic, with its operands (the old walker gave UNKNOWN).
    assert value_of("a + b").kind is ValueKind.ARITHMETIC


# --- strings, imports, comments, classes, functions --------------------------------------


def test_string_literals() -> None:
    facts = in_function('log("plain")\nlog("id $id")')
    assert [(s.text, s.is_template, s.span, s.content_span) for s in facts.strings] == [
        ("plain", False, Span(2, 5, 2, 12), Span(2, 6, 2, 11)),
        ("id {id}", True, Span(3, 5, 3, 13), Span(3, 6, 3, 12)),
    ]
    assert facts.strings[0].flow == Flow("f@1", 14)


def test_imports() -> None:
    facts = parse(
        "package app\nimport com.braze.Braze\nimport com.appboy.Appboy\n"
        "import com.braze.support.BrazeLogger as Logger\nimport com.braze.models.*\n"
    )
    assert facts.imports == (
        Import("com.braze", "Braze", "Braze", Span(2, 1, 2, 23)),
        Import("com.appboy", "Appboy", "Appboy", Span(3, 1, 3, 25)),
        Import("com.braze.support", "BrazeLogger", "Logger", Span(4, 1, 4, 47)),
        Import("com.braze.models", "*", None, Span(5, 1, 5, 26)),
    )


def test_comments() -> None:
    facts = parse("// line\n/* block */\n/** kdoc */\nval x = 1 // tail\n")
    assert facts.comments == (
        Comment("// line", Span(1, 1, 1, 8)),
        Comment("/* block */", Span(2, 1, 2, 12)),
        Comment("/** kdoc */", Span(3, 1, 3, 12)),
        Comment("// tail", Span(4, 11, 4, 18)),
    )


def test_classes_and_functions() -> None:
    facts = parse(
        "class MyService : FirebaseMessagingService(), Foo, Bar<Int> {\n"
        '    @Suppress("x") @com.x.Y\n'
        "    override fun onNewToken(token: String, n: Int = 1) { }\n"
        "    companion object { fun create(): MyService = MyService() }\n"
        "}\n"
        "object Single : A by b\n"
        "fun topLevel() { fun local() {} }\n"
    )
    assert facts.classes == (
        ClassDef("MyService", Span(1, 1, 5, 2), ("FirebaseMessagingService", "Foo", "Bar")),
        ClassDef("Single", Span(6, 1, 6, 23), ("A",)),
    )
    assert facts.functions == (
        FunctionDef(
            "onNewToken",
            Span(2, 5, 3, 59),
            "onNewToken@2",
            ("token", "n"),
            ("Suppress", "com.x.Y"),
            "MyService",
        ),
        FunctionDef("create", Span(4, 24, 4, 61), "create@4", (), (), "MyService"),
        FunctionDef("topLevel", Span(7, 1, 7, 34), "topLevel@7"),
        FunctionDef("local", Span(7, 18, 7, 32), "local@7"),
    )


# --- flow -----------------------------------------------------------------------------------


def flows(facts: FileFacts) -> dict[str, Flow]:
    return {call.name: call.flow for call in facts.calls}


def test_if_else_if_else_arms_share_one_id() -> None:
    facts = in_function("if (a) f() else if (b(c)) { g() } else h()\nafter()")
    got = flows(facts)
    assert got["f"] == Flow("f@1", 17, ("10:0",), (), ("a",))
    assert got["b"] == Flow("f@1", 30, ("10:1",), (), ("!a",))
    assert got["g"] == Flow("f@1", 38, ("10:1",), (), ("!a", "b(c)"))
    assert got["h"] == Flow("f@1", 49, ("10:2",), (), ("!a", "!b(c)"))
    assert got["after"] == Flow("f@1", 53)


def test_when_and_try_arms() -> None:
    facts = in_function(
        "when (x) { 1 -> a(); is String -> { b() } else -> c() }\n"
        "when { BuildConfig.DEBUG -> d() }\n"
        "try { t() } catch (e: Exception) { u() } finally { v() }\n"
        "try { w() } finally { z() }"
    )
    got = flows(facts)
    assert got["a"].branch == ("10:0",)
    assert got["a"].guards == ("x == 1",)
    assert got["b"].branch == ("10:1",)
    assert got["b"].guards == ("x == is String",)
    assert got["c"].branch == ("10:2",)
    assert got["c"].guards == ("x else",)
    assert got["d"].guards == ("BuildConfig.DEBUG",)
    assert (got["t"].branch, got["u"].branch, got["v"].branch) == (("100:0",), ("100:1",), ())
    assert (got["w"].branch, got["z"].branch) == ((), ())


def test_loops() -> None:
    facts = in_function(
        "for (i in items()) { a() }\nwhile (more()) b()\ndo { c() } while (again())"
    )
    got = flows(facts)
    assert got["items"].loops == ()
    assert got["a"].loops == ("loop@2",)
    assert got["more"].loops == ("loop@3",)
    assert got["b"].loops == ("loop@3",)
    assert got["c"].loops == ("loop@4",)
    assert got["again"].loops == ("loop@4",)


def test_iteration_closures_and_lambdas_are_scopes() -> None:
    facts = in_function(
        "if (debug) {\n  users.forEach { it.track() }\n}\n"
        "val cb = { x: Int -> log(x) }\n"
        "items.map({ y -> conv(y) })"
    )
    got = flows(facts)
    assert got["track"] == Flow("<lambda>@3:17", 41, (), ("iter:forEach@3",), ("debug",))
    assert got["log"] == Flow("<lambda>@5:10", 77)
    assert got["conv"].scope == "<lambda>@6:11"
    assert got["conv"].loops == ("iter:map@6",)
    assert got["forEach"].branch == ("10:0",)


def test_globals_used() -> None:
    facts = parse(
        "import com.braze.Braze\nfun f(ctx: Context) { val u = 1; Braze.getInstance(ctx).go(u, "
        "window.x) }"
    )
    assert facts.globals_used == frozenset({"window"})


# --- robustness -----------------------------------------------------------------------------


def test_syntax_error_in_the_middle_keeps_calls_before_and_after() -> None:
    facts = parse(
        "fun a() { before() }\nfun b() {\n  val x = foo(1,\n  mid()\n}\nfun c() { after() }\n"
    )
    assert chains(facts) == [("before",), ("foo",), ("mid",), ("after",)]
    assert facts.problems == (ParseProblem("syntax error", Span(4, 8, 4, 9)),)


def test_deep_nesting_does_not_raise() -> None:
    depth = 10_000
    calls = parse("fun a() { val x = " + "f(" * depth + "1" + ")" * depth + "\n}\n")
    assert len(calls.calls) == depth
    assert calls.calls[0].chain == ("f",)
    parens = parse("val x = " + "(" * depth + '"s"' + ")" * depth + "\n")
    assert len(parens.strings) == 1
    chain = parse("val x = a" + ".b()" * depth + "\n")
    assert len(chain.calls) == depth
    blocks = parse("fun a() {" + " if (c) {" * depth + " g() " + "}" * depth + "}\n")
    # Branch paths stop growing at spec.DEPTH_LIMIT, shared by every spec language (the
    # old walker's limit was 100).
    assert len(blocks.calls[0].flow.branch) == DEPTH_LIMIT
    concat = parse('val x = "a"' + " + b" * depth + "\n")
    assert concat.assignments[0].value.kind is ValueKind.UNKNOWN  # over 1000 operands
    shorter = parse('val x = "a"' + " + b" * 999 + "\n")
    assert shorter.assignments[0].value.text == "a" + "{b}" * 999
    pickle.dumps(calls)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='fun val(){}[]."$\\ \n=ab:->?!@', max_size=80))
def test_never_raises(text: str) -> None:
    parse(text)
