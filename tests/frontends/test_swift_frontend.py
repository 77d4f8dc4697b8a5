"""The Swift frontend: exact facts for the shapes in docs/frontend-contract.md."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brazelint.facts import (
    Argument,
    Call,
    ClassDef,
    Comment,
    FileFacts,
    Flow,
    FunctionDef,
    Import,
    Span,
    Value,
    ValueKind,
)
from brazelint.languages import Language
from brazelint.syntax.spec import DEPTH_LIMIT
from brazelint.syntax.swift import parse


def facts(source: str) -> FileFacts:
    return parse("App/AppDelegate.swift", textwrap.dedent(source), Language.SWIFT)


def only_call(result: FileFacts, name: str) -> Call:
    found = [call for call in result.calls if call.name == name]
    assert len(found) == 1, [call.chain for call in result.calls]
    return found[0]


def labels_and_values(call: Call) -> list[tuple[str | None, ValueKind, str]]:
    return [(arg.label, arg.value.kind, arg.value.text) for arg in call.args]


# --------------------------------------------------------------------------- calls


def test_configuration_constructor_call_and_local_declaration() -> None:
    result = facts(
        """\
        func setUp() {
            let configuration = Braze.Configuration(apiKey: "k", endpoint: "sdk.iad-01.braze.com")
        }
        """
    )
    call = only_call(result, "Configuration")
    assert call.chain == ("Braze", "Configuration")
    assert labels_and_values(call) == [
        ("apiKey", ValueKind.STRING, "k"),
        ("endpoint", ValueKind.STRING, "sdk.iad-01.braze.com"),
    ]
    assert call.span == Span(2, 25, 2, 91)
    assert call.name_span == Span(2, 31, 2, 44)
    assert call.args[0].value.span == Span(2, 53, 2, 56)
    assert call.flow == Flow("setUp()@1", 39, (), ())
    assert call.qualified == ()  # filled by the core, not the frontend

    (assignment,) = result.assignments
    assert assignment.target == ("configuration",)
    assert assignment.file_level is False
    assert assignment.value.kind is ValueKind.CALL
    assert assignment.value.text == "Braze.Configuration"
    assert assignment.value.call == call
    assert assignment.span == Span(2, 5, 2, 91)
    assert assignment.flow.scope == "setUp()@1"


def test_property_assignments_on_configuration() -> None:
    result = facts(
        """\
        func setUp(configuration: Braze.Configuration) {
            configuration.logger.level = .debug
            configuration.push.automation = true
            configuration.api.requestPolicy = .automatic
        }
        """
    )
    assert [(a.target, a.value.kind, a.value.text, a.file_level) for a in result.assignments] == [
        (("configuration", "logger", "level"), ValueKind.NAME, ".debug", False),
        (("configuration", "push", "automation"), ValueKind.BOOL, "true", False),
        (("configuration", "api", "requestPolicy"), ValueKind.NAME, ".automatic", False),
    ]
    assert result.assignments[0].value.span == Span(2, 34, 2, 40)


def test_braze_instance_and_user_calls() -> None:
    result = facts(
        """\
        func login(user: User) {
            let braze = Braze(configuration: configuration)
            AppDelegate.braze?.changeUser(userId: user.email)
            braze.user.set(email: x)
            braze.notifications.register(deviceToken: deviceToken)
            UIApplication.shared.registerForRemoteNotifications()
        }
        """
    )
    assert [(c.chain, labels_and_values(c)) for c in result.calls] == [
        (("Braze",), [("configuration", ValueKind.NAME, "configuration")]),
        (("AppDelegate", "braze", "changeUser"), [("userId", ValueKind.NAME, "user.email")]),
        (("braze", "user", "set"), [("email", ValueKind.NAME, "x")]),
        (
            ("braze", "notifications", "register"),
            [("deviceToken", ValueKind.NAME, "deviceToken")],
        ),
        (("UIApplication", "shared", "registerForRemoteNotifications"), []),
    ]
    braze = result.assignments[0]
    assert braze.target == ("braze",)
    assert braze.value.kind is ValueKind.CALL
    assert braze.value.text == "Braze"


def test_custom_event_with_dictionary_properties() -> None:
    result = facts(
        'braze.logCustomEvent(name: "purchase", properties: ["k": 1, "nested": ["a": x], 7: "n"])\n'
    )
    call = only_call(result, "logCustomEvent")
    assert call.chain == ("braze", "logCustomEvent")
    assert call.arg(label="name") == Value(ValueKind.STRING, "purchase", Span(1, 28, 1, 38))
    properties = call.arg(label="properties")
    assert properties is not None
    assert properties.kind is ValueKind.DICT
    assert [key for key, _ in properties.entries] == ["k", "nested", "7"]
    one = properties.get("k")
    assert one is not None
    assert (one.kind, one.text, one.number) == (ValueKind.NUMBER, "1", 1.0)
    nested = properties.get("nested")
    assert nested is not None and nested.kind is ValueKind.DICT
    assert nested.get("a") == Value(ValueKind.NAME, "x", Span(1, 77, 1, 78))
    assert properties.get("7") == Value(ValueKind.STRING, "n", Span(1, 84, 1, 87))


def test_log_purchase_arguments() -> None:
    result = facts('braze.logPurchase(productId: "p", currency: "USD", price: 9.99, quantity: 1)\n')
    call = only_call(result, "logPurchase")
    assert [(a.label, a.value.kind, a.value.text, a.value.number) for a in call.args] == [
        ("productId", ValueKind.STRING, "p", None),
        ("currency", ValueKind.STRING, "USD", None),
        ("price", ValueKind.NUMBER, "9.99", 9.99),
        ("quantity", ValueKind.NUMBER, "1", 1.0),
    ]


def test_legacy_appboy_call_collapses_the_inner_call_and_records_it_too() -> None:
    result = facts('Appboy.sharedInstance()?.changeUser("id")\n')
    assert [c.chain for c in result.calls] == [
        ("Appboy", "sharedInstance", "changeUser"),
        ("Appboy", "sharedInstance"),
    ]
    outer = result.calls[0]
    assert outer.args == (Argument(Value(ValueKind.STRING, "id", Span(1, 37, 1, 41)), None),)
    assert outer.arg(0) is not None and outer.arg(0).text == "id"
    assert outer.name_span == Span(1, 26, 1, 36)


def test_optional_chaining_force_unwrap_self_and_try_are_ignored_in_chains() -> None:
    result = facts(
        """\
        class Tracker {
            func track() {
                self.braze!.user?.set(email: e)
                try? Braze.shared!.logCustomEvent(name: "e")
                await client?.flush()
            }
        }
        """
    )
    assert [c.chain for c in result.calls] == [
        ("self", "braze", "user", "set"),
        ("Braze", "shared", "logCustomEvent"),
        ("client", "flush"),
    ]


def test_subscripts_are_not_calls_but_collapse_in_chains() -> None:
    result = facts('arr[0].foo(x)\nlet v = dict["k"]\n')
    assert [c.chain for c in result.calls] == [("arr", "foo")]
    assert result.assignments[0].value.kind is ValueKind.UNKNOWN
    assert result.assignments[0].value.text == 'dict["k"]'


def test_callee_that_is_not_a_name_chain() -> None:
    result = facts("let b: Braze = { return Braze() }()\n")
    assert [c.chain for c in result.calls] == [(), ("Braze",)]
    assert result.calls[0].name == ""
    assert result.calls[0].name_span is None


def test_implicit_member_call_drops_the_dot_in_its_chain() -> None:
    result = facts("let c: Config = .init(apiKey: k)\n")
    assert result.calls[0].chain == ("init",)
    assert result.assignments[0].value.text == "init"


# --------------------------------------------------------------------------- values


def test_subscription_state_values() -> None:
    result = facts(
        """\
        braze.user.set(emailSubscriptionState: .optedIn)
        braze.user.set(pushNotificationSubscriptionState: Braze.User.SubscriptionState.optedIn)
        """
    )
    first, second = result.calls
    assert first.arg(label="emailSubscriptionState") == Value(
        ValueKind.NAME, ".optedIn", Span(1, 40, 1, 48)
    )
    value = second.arg(label="pushNotificationSubscriptionState")
    assert value is not None
    assert (value.kind, value.text) == (ValueKind.NAME, "Braze.User.SubscriptionState.optedIn")


def test_literal_kinds() -> None:
    result = facts(
        """\
        f(a: nil, b: false, c: -1, d: 0x1F, e: 1_000, f: 2.5e3, g: [1, "two"], h: [:])
        """
    )
    call = result.calls[0]
    kinds = [(a.label, a.value.kind, a.value.text, a.value.number) for a in call.args]
    assert kinds == [
        ("a", ValueKind.NULL, "nil", None),
        ("b", ValueKind.BOOL, "false", None),
        ("c", ValueKind.NUMBER, "-1", -1.0),
        ("d", ValueKind.NUMBER, "0x1F", 31.0),
        ("e", ValueKind.NUMBER, "1_000", 1000.0),
        ("f", ValueKind.NUMBER, "2.5e3", 2500.0),
        ("g", ValueKind.LIST, '[1, "two"]', None),
        ("h", ValueKind.DICT, "[:]", None),
    ]
    items = call.arg(label="g")
    assert items is not None
    assert [(i.kind, i.text) for i in items.items] == [
        (ValueKind.NUMBER, "1"),
        (ValueKind.STRING, "two"),
    ]
    empty = call.arg(label="h")
    assert empty is not None and empty.entries == ()


def test_wrappers_are_looked_through_in_values() -> None:
    result = facts(
        """\
        f(a: (user.email), b: try? getId(), c: await loadId(), d: name as! String, e: opt!)
        """
    )
    call = result.calls[0]
    assert labels_and_values(call) == [
        ("a", ValueKind.NAME, "user.email"),
        ("b", ValueKind.CALL, "getId"),
        ("c", ValueKind.CALL, "loadId"),
        ("d", ValueKind.NAME, "name"),
        ("e", ValueKind.NAME, "opt"),
    ]


def test_member_access_on_a_call_is_a_collapsed_name() -> None:
    result = facts("braze.changeUser(userId: UUID().uuidString)\n")
    value = result.calls[0].arg(label="userId")
    assert value is not None
    assert (value.kind, value.text) == (ValueKind.NAME, "UUID.uuidString")


def test_call_value_carries_its_call() -> None:
    result = facts("braze.changeUser(userId: user.getEmail(trimmed: true))\n")
    outer, inner = result.calls
    value = outer.arg(label="userId")
    assert value is not None
    assert value.kind is ValueKind.CALL
    assert value.text == "user.getEmail"
    assert value.call == inner
    assert inner.chain == ("user", "getEmail")
    assert [v.kind for v in value.walk()] == [ValueKind.CALL, ValueKind.BOOL]


def test_unknown_values_are_excerpts() -> None:
    result = facts(
        'f(a: x ?? "", b: { $0 }, c: cond ? 1 : 2, d: ' + "[" + ", ".join(["1"] * 100) + "])\n"
    )
    call = result.calls[0]
    # ``??`` and ternaries are one value or the other (UNKNOWN before value flow).
    assert labels_and_values(call)[:3] == [
        ("a", ValueKind.CHOICE, 'x ?? ""'),
        ("b", ValueKind.UNKNOWN, "{ $0 }"),
        ("c", ValueKind.CHOICE, "cond ? 1 : 2"),
    ]
    assert [v.text for v in call.args[0].value.alternatives()] == ["x", ""]
    big = call.arg(label="d")
    assert big is not None
    assert big.kind is ValueKind.LIST
    assert len(big.items) == 100
    assert len(big.text) == 120
    assert big.text.endswith("…")


# --------------------------------------------------------------------------- strings


def test_string_interpolation_is_a_template() -> None:
    result = facts('let greeting = "Hi \\(name)"\n')
    (assignment,) = result.assignments
    value = assignment.value
    assert value.kind is ValueKind.TEMPLATE
    assert value.text == "Hi {name}"
    assert value.items == (
        Value(ValueKind.STRING, "Hi ", Span(1, 17, 1, 20)),
        Value(ValueKind.NAME, "name", Span(1, 22, 1, 26)),
    )
    (literal,) = result.strings
    assert literal.text == "Hi {name}"
    assert literal.is_template is True
    assert literal.span == Span(1, 16, 1, 28)
    assert literal.content_span == Span(1, 17, 1, 27)


def test_interpolated_member_and_call_expressions() -> None:
    result = facts('braze.logCustomEvent(name: "order_\\(order.id)_\\(kind())")\n')
    value = result.calls[0].arg(label="name")
    assert value is not None
    assert value.text == "order_{order.id}_{kind()}"
    assert [(i.kind, i.text) for i in value.items] == [
        (ValueKind.STRING, "order_"),
        (ValueKind.NAME, "order.id"),
        (ValueKind.STRING, "_"),
        (ValueKind.CALL, "kind"),
    ]
    assert [c.chain for c in result.calls] == [("braze", "logCustomEvent"), ("kind",)]


def test_escapes_are_decoded() -> None:
    result = facts('let s = "a\\tb\\u{1F600}\\"q\\\\"\n')
    value = result.assignments[0].value
    assert value == Value(ValueKind.STRING, 'a\tb\U0001f600"q\\', Span(1, 9, 1, 29))
    assert result.strings[0].text == 'a\tb\U0001f600"q\\'


def test_invalid_unicode_escapes_are_kept_as_written() -> None:
    result = facts('let s = "\\u{D800}\\u{110000}"\n')
    assert result.assignments[0].value.text == "\\u{D800}\\u{110000}"


def test_multi_line_string_strips_indentation_and_delimiter_lines() -> None:
    source = (
        "func f() {\n"
        '    let body = """\n'
        "        Hello \\(name)\n"
        "          indented\\n \\\n"
        "        joined\n"
        '        """\n'
        "}\n"
    )
    result = parse("A.swift", source, Language.SWIFT)
    value = result.assignments[0].value
    assert value.kind is ValueKind.TEMPLATE
    assert value.text == "Hello {name}\n  indented\n joined"
    assert [(i.kind, i.text, i.span) for i in value.items] == [
        (ValueKind.STRING, "Hello ", Span(3, 9, 3, 15)),
        (ValueKind.NAME, "name", Span(3, 17, 3, 21)),
        (ValueKind.STRING, "\n  indented\n joined", Span(3, 22, 5, 15)),
    ]
    (literal,) = result.strings
    assert literal.text == "Hello {name}\n  indented\n joined"
    assert literal.span == Span(2, 16, 6, 12)
    assert literal.content_span == Span(3, 9, 5, 15)


def test_multi_line_string_without_interpolation() -> None:
    source = 'let k = """\n  abc\n  def\n  """\n'
    result = parse("A.swift", source, Language.SWIFT)
    assert result.assignments[0].value.kind is ValueKind.STRING
    assert result.assignments[0].value.text == "abc\ndef"


def test_raw_strings_keep_backslashes() -> None:
    result = facts('let a = #"raw \\n "q""#\nlet b = #"x \\#(y) z"#\n')
    first, second = result.assignments
    assert (first.value.kind, first.value.text) == (ValueKind.STRING, 'raw \\n "q"')
    assert (second.value.kind, second.value.text) == (ValueKind.TEMPLATE, "x {y} z")
    assert [s.text for s in result.strings] == ['raw \\n "q"', "x {y} z"]
    assert result.strings[0].content_span == Span(1, 11, 1, 21)


def test_string_concatenation_is_a_template() -> None:
    result = facts('let url = "https://" + host + "/users/track"\nlet n = a + b\n')
    url, total = result.assignments
    assert url.value.kind is ValueKind.TEMPLATE
    assert url.value.text == "https://{host}/users/track"
    assert [(i.kind, i.text) for i in url.value.items] == [
        (ValueKind.STRING, "https://"),
        (ValueKind.NAME, "host"),
        (ValueKind.STRING, "/users/track"),
    ]
    # No string operand: arithmetic, with its operands (the old walker gave UNKNOWN).
    assert total.value.kind is ValueKind.ARITHMETIC
    assert [s.text for s in result.strings] == ["https://", "/users/track"]


def test_strings_record_flow() -> None:
    result = facts('func f() {\n    if a { log("x") }\n}\n')
    (literal,) = result.strings
    assert literal.flow == Flow("f()@1", 26, ("15:0",), (), ("a",))


# --------------------------------------------------------------------------- closures and scopes


def test_trailing_closures_are_new_scopes_not_arguments() -> None:
    result = facts(
        """\
        func login(id: String) {
            DispatchQueue.main.async { braze.changeUser(userId: id) }
            braze.user.set { user in
                user.email = "e"
            }
            UIView.animate(withDuration: 1) { a() } completion: { _ in b() }
        }
        """
    )
    assert [(c.chain, len(c.args), c.flow.scope) for c in result.calls] == [
        (("DispatchQueue", "main", "async"), 0, "login(id:)@1"),
        (("braze", "changeUser"), 1, "<lambda>@2:30"),
        (("braze", "user", "set"), 0, "login(id:)@1"),
        (("UIView", "animate"), 1, "login(id:)@1"),
        (("a",), 0, "<lambda>@6:37"),
        (("b",), 0, "<lambda>@6:57"),
    ]
    (assignment,) = result.assignments
    assert assignment.target == ("user", "email")
    assert assignment.flow.scope == "<lambda>@3:20"
    assert result.functions == (
        FunctionDef("login(id:)", Span(1, 1, 7, 2), "login(id:)@1", ("id",), (), None),
    )


def test_closure_argument_is_an_unknown_value_and_a_scope() -> None:
    result = facts("fetch(completion: { result in track(result) })\n")
    fetch, track = result.calls
    assert labels_and_values(fetch) == [
        ("completion", ValueKind.UNKNOWN, "{ result in track(result) }")
    ]
    assert track.flow.scope == "<lambda>@1:19"


def test_iteration_closures_start_with_an_iteration_loop() -> None:
    result = facts(
        """\
        func f() {
            items.forEach { braze.logCustomEvent(name: $0) }
            let names = users
                .map { user in user.name(x) }
            queue.async { g() }
        }
        """
    )
    assert [(c.chain, c.flow.scope, c.flow.loops) for c in result.calls] == [
        (("items", "forEach"), "f()@1", ()),
        (("braze", "logCustomEvent"), "<lambda>@2:19", ("iter:forEach@2",)),
        (("users", "map"), "f()@1", ()),
        (("user", "name"), "<lambda>@4:14", ("iter:map@4",)),
        (("queue", "async"), "f()@1", ()),
        (("g",), "<lambda>@5:17", ()),
    ]
    assert result.calls[1].args[0].value == Value(ValueKind.NAME, "$0", Span(2, 48, 2, 50))


def test_iteration_closure_passed_in_parentheses() -> None:
    result = facts("ids.forEach({ id in send(id) })\n")
    assert result.calls[1].flow.loops == ("iter:forEach@1",)


def test_module_scope_and_order() -> None:
    result = facts("a()\nb()\n")
    assert [c.flow for c in result.calls] == [Flow("<module>", 0), Flow("<module>", 4)]


# --------------------------------------------------------------------------- flow


def test_if_else_if_else_arms_share_one_id() -> None:
    result = facts(
        """\
        func f() {
            if a { b1() } else if c() { b2() } else { b3() }
            if let u = user, let v = w { b4(u) }
            b5()
        }
        """
    )
    assert [(c.chain, c.flow.branch) for c in result.calls] == [
        (("b1",), ("15:0",)),
        (("c",), ("15:1",)),
        (("b2",), ("15:1",)),
        (("b3",), ("15:2",)),
        (("b4",), ("68:0",)),
        (("b5",), ()),
    ]
    assert result.calls[0].flow.ordered_with(result.calls[-1].flow)
    assert not result.calls[0].flow.ordered_with(result.calls[2].flow)


def test_nested_branches_extend_the_path() -> None:
    result = facts("if a {\n  if b { x() } else { y() }\n}\n")
    assert [c.flow.branch for c in result.calls] == [("0:0", "9:0"), ("0:0", "9:1")]


def test_empty_first_arm_still_counts() -> None:
    result = facts("if a {} else { y() }\n")
    assert result.calls[0].flow.branch == ("0:1",)


def test_guard_switch_do_catch_and_ternary_arms() -> None:
    result = facts(
        """\
        func f() {
            guard let t = token else { fail(); return }
            switch state {
            case .a, .b: one()
            default: two()
            }
            do { try risky() } catch { recover() }
            do { plain() }
            let v = c ? yes() : no()
            after()
        }
        """
    )
    assert [(c.chain, c.flow.branch) for c in result.calls] == [
        (("fail",), ("15:0",)),
        (("one",), ("63:0",)),
        (("two",), ("63:1",)),
        (("risky",), ("130:0",)),
        (("recover",), ("130:1",)),
        (("plain",), ()),
        (("yes",), ("200:0",)),
        (("no",), ("200:1",)),
        (("after",), ()),
    ]


def test_loops() -> None:
    result = facts(
        """\
        func f() {
            for item in load() {
                send(item)
                while more() { step() }
            }
            repeat { poll() } while waiting()
        }
        """
    )
    assert [(c.chain, c.flow.loops) for c in result.calls] == [
        (("load",), ()),
        (("send",), ("loop@2",)),
        (("more",), ("loop@2", "loop@4")),
        (("step",), ("loop@2", "loop@4")),
        (("poll",), ("loop@6",)),
        (("waiting",), ("loop@6",)),
    ]


def test_flow_resets_in_a_closure_but_guards_stay() -> None:
    result = facts("for x in xs {\n  if a { run { inner() } }\n}\n")
    inner = only_call(result, "inner")
    assert inner.flow == Flow("<lambda>@2:14", 29, (), (), ("a",))


def test_if_guards() -> None:
    result = facts(
        """\
        func f() {
            if a { b1() } else if c() { b2() } else { b3() }
            if let u = user,
               let v = w { b4(u) }
        }
        """
    )
    assert [(c.chain, c.flow.guards) for c in result.calls] == [
        (("b1",), ("a",)),
        (("c",), ("!a",)),
        (("b2",), ("!a", "c()")),
        (("b3",), ("!a", "!c()")),
        (("b4",), ("let u = user, let v = w",)),
    ]


def test_guard_switch_and_ternary_guards() -> None:
    result = facts(
        """\
        func f() {
            guard isEnabled else { fail(); return }
            switch env {
            case .debug, .test: one()
            default: two()
            }
            let v = isDebug ? yes() : no()
        }
        func g() { later() }
        """
    )
    assert [(c.chain, c.flow.guards) for c in result.calls] == [
        (("fail",), ("!isEnabled",)),
        (("one",), ("isEnabled", "env == .debug, .test")),
        (("two",), ("isEnabled", "env default")),
        (("yes",), ("isEnabled", "isDebug")),
        (("no",), ("isEnabled", "!isDebug")),
        (("later",), ()),
    ]


def test_compiler_directive_guards() -> None:
    result = facts(
        """\
        #if DEBUG
        let level = "debug"
        func setUp() {
            configuration.logger.level = .debug
        }
        #elseif os(iOS)
        func a() { one() }
        #else
        func b() {
            if x { two() }
        }
        #endif
        func c() {
            #if !DEBUG
            three()
            #endif
            four()
        }
        """
    )
    assert [(a.target, a.flow.guards) for a in result.assignments] == [
        (("level",), ("DEBUG",)),
        (("configuration", "logger", "level"), ("DEBUG",)),
    ]
    assert [(c.chain, c.flow.guards) for c in result.calls] == [
        (("one",), ("!DEBUG", "os(iOS)")),
        (("two",), ("!DEBUG", "!os(iOS)", "x")),
        (("three",), ("!DEBUG",)),
        (("four",), ()),
    ]


# --------------------------------------------------------------------------- declarations


def test_application_delegate_functions_and_class() -> None:
    result = facts(
        """\
        class AppDelegate: UIResponder, UIApplicationDelegate {
            static var braze: Braze? = nil

            @objc
            func application(
                _ application: UIApplication,
                didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data
            ) {
                AppDelegate.braze?.notifications.register(deviceToken: deviceToken)
            }

            init(apiKey: String, _ other: Int) {}
            deinit { stop() }
        }
        """
    )
    selector = "application(_:didRegisterForRemoteNotificationsWithDeviceToken:)"
    assert result.functions == (
        FunctionDef(
            selector,
            Span(4, 5, 10, 6),
            f"{selector}@5",
            ("_", "didRegisterForRemoteNotificationsWithDeviceToken"),
            ("objc",),
            "AppDelegate",
        ),
        FunctionDef(
            "init(apiKey:_:)",
            Span(12, 5, 12, 42),
            "init(apiKey:_:)@12",
            ("apiKey", "_"),
            (),
            "AppDelegate",
        ),
        FunctionDef("deinit", Span(13, 5, 13, 22), "deinit@13", (), (), "AppDelegate"),
    )
    assert result.classes == (
        ClassDef("AppDelegate", Span(1, 1, 14, 2), ("UIResponder", "UIApplicationDelegate")),
    )
    register = only_call(result, "register")
    assert register.flow.scope == f"{selector}@5"
    assert only_call(result, "stop").flow.scope == "deinit@13"


def test_extensions_structs_enums_and_protocols() -> None:
    result = facts(
        """\
        extension AppDelegate: UNUserNotificationCenterDelegate {
            func userNotificationCenter(
                _ center: UNUserNotificationCenter, didReceive response: UNNotificationResponse
            ) async {}
        }
        struct Event: Codable, Hashable {}
        enum Region: String { case us }
        protocol Tracking: AnyObject { func track(name: String) }
        class Service: Foundation.NSObject, Box<Int> {}
        """
    )
    assert [(c.name, c.bases) for c in result.classes] == [
        ("AppDelegate", ("UNUserNotificationCenterDelegate",)),
        ("Event", ("Codable", "Hashable")),
        ("Region", ("String",)),
        ("Tracking", ("AnyObject",)),
        ("Service", ("NSObject", "Box")),
    ]
    assert [(f.name, f.class_name) for f in result.functions] == [
        ("userNotificationCenter(_:didReceive:)", "AppDelegate"),
        ("track(name:)", "Tracking"),
    ]


def test_file_level_declarations() -> None:
    result = facts(
        """\
        let apiKey = "top"
        var counter = 0
        enum Constants {
            static let endpoint = "sdk.iad-01.braze.com"
            static var mutable = "m"
            let instance = "i"
        }
        func f() {
            let local = "l"
        }
        let a = 1, b = "two"
        let (c, d) = (1, 2)
        """
    )
    assert [(a.target, a.value.text, a.file_level) for a in result.assignments] == [
        (("apiKey",), "top", True),
        (("counter",), "0", True),
        (("endpoint",), "sdk.iad-01.braze.com", True),
        (("mutable",), "m", False),
        (("instance",), "i", False),
        (("local",), "l", False),
        (("a",), "1", True),
        (("b",), "two", True),
    ]
    assert all(a.flow.scope == "<module>" for a in result.assignments[:5])


def test_compound_and_subscript_assignments_are_skipped() -> None:
    result = facts('count += 1\ndict["k"] = v\nself.token = t\n')
    assert [a.target for a in result.assignments] == [("self", "token")]


def test_computed_properties_and_observers_are_scopes() -> None:
    result = facts(
        """\
        class A {
            var braze: Braze { make() }
            var id: String = "" { didSet { braze.changeUser(userId: id) } }
        }
        """
    )
    assert [(c.chain, c.flow.scope) for c in result.calls] == [
        (("make",), "braze@2"),
        (("braze", "changeUser"), "id@3"),
    ]
    assert result.functions == ()


def test_imports() -> None:
    result = facts(
        """\
        import BrazeKit
        @testable import BrazeUI
        import struct Foundation.Date
        """
    )
    assert result.imports == (
        Import("BrazeKit", None, None, Span(1, 1, 1, 16)),
        Import("BrazeUI", None, None, Span(2, 1, 2, 25)),
        Import("Foundation.Date", None, None, Span(3, 1, 3, 30)),
    )


def test_comments() -> None:
    result = facts('// one\n/* two\n three */\nlet x = 1 /// doc\nlet s = "// not a comment"\n')
    assert result.comments == (
        Comment("// one", Span(1, 1, 1, 7)),
        Comment("/* two\n three */", Span(2, 1, 3, 10)),
        Comment("/// doc", Span(4, 11, 4, 18)),
    )


def test_globals_used() -> None:
    result = facts(
        """\
        let braze = Braze(configuration: config)
        func f(user: User) {
            braze.changeUser(userId: user.email)
            items.forEach { $0.go() }
            configuration.logger.level = .debug
        }
        """
    )
    assert result.globals_used == frozenset({"Braze", "config", "items", "configuration"})


# --------------------------------------------------------------------------- robustness


def test_syntax_error_in_the_middle_keeps_calls_before_and_after() -> None:
    result = facts(
        """\
        func f() {
            braze.changeUser(userId: "a")
            let x = = 3 )(
            }}} ]
            braze.logCustomEvent(name: "b")
        }
        """
    )
    assert [c.chain for c in result.calls if c.chain] == [
        ("braze", "changeUser"),
        ("braze", "logCustomEvent"),
    ]
    assert result.problems
    assert all(p.message == "syntax error" for p in result.problems)
    assert result.problems[0].span is not None
    assert result.problems[0].span.line == 3


def test_unterminated_string_does_not_raise() -> None:
    result = facts('braze.changeUser(userId: "abc\nbraze.logCustomEvent(name: "b")\n')
    assert result.problems
    # tree-sitter's recovery swallows the next line into the string; what it kept is read.
    assert [c.chain for c in result.calls] == [("braze", "changeUser")]


@pytest.mark.parametrize(
    "source",
    [
        "f(" * 10_000 + ")" * 10_000,
        "let a = " + "[" * 10_000 + "]" * 10_000,
        "func a() {" * 10_000 + "}" * 10_000,
        "if a {" * 10_000 + "}" * 10_000,
        "x.forEach {" * 10_000 + "}" * 10_000,
        "let q = " + "(" * 10_000 + "1" + ")" * 10_000,
        "let s = " + '"\\(' * 3_000 + "x" + ')"' * 3_000,
        "x = " + "a + " * 10_000 + '"z"',
        "a" + ".b" * 10_000 + "()",
        "{" * 10_000,
    ],
    ids=[
        "calls",
        "arrays",
        "functions",
        "ifs",
        "closures",
        "parens",
        "strings",
        "concat",
        "members",
        "unclosed",
    ],
)
def test_deep_nesting_returns_without_raising(source: str) -> None:
    result = parse("Deep.swift", source, Language.SWIFT)
    assert isinstance(result, FileFacts)
    for call in result.calls:
        for argument in call.args:
            # Values stay shallow enough for rules to walk recursively.
            assert sum(1 for _ in argument.value.walk()) < 10_000


def test_deep_call_nesting_records_every_call() -> None:
    result = parse("Deep.swift", "f(" * 10_000 + ")" * 10_000, Language.SWIFT)
    assert len(result.calls) == 10_000
    assert len(result.functions) == 0


def test_deep_if_nesting_caps_the_branch_path() -> None:
    source = "if a {" * 500 + "x()" + "}" * 500
    result = parse("Deep.swift", source, Language.SWIFT)
    # Branch paths stop growing at spec.DEPTH_LIMIT, shared by every spec language (the
    # old walker's limit was 100).
    assert len(result.calls[0].flow.branch) == DEPTH_LIMIT


def test_non_ascii_columns_are_code_points() -> None:
    result = facts('let s = "é✓"; braze.changeUser(userId: "ü")\n')
    call = result.calls[0]
    assert call.span == Span(1, 15, 1, 44)
    assert call.args[0].value == Value(ValueKind.STRING, "ü", Span(1, 40, 1, 43))


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('braze.().{}[]"\\:#$ \n,=?!letfunc()/*`')), max_size=200)
)
def test_never_raises_on_arbitrary_text(source: str) -> None:
    result = parse("Fuzz.swift", source, Language.SWIFT)
    assert result.path == "Fuzz.swift"
    assert result.language is Language.SWIFT


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_unicode(source: str) -> None:
    parse("Fuzz.swift", source, Language.SWIFT)


def test_defaults_left_for_the_core() -> None:
    result = facts("braze.changeUser(userId: id)\n")
    assert result.lines == ()
    assert result.liquid == ()
    assert result.context.reason == "not inferred"
    assert result.path == "App/AppDelegate.swift"
    assert result.language is Language.SWIFT
