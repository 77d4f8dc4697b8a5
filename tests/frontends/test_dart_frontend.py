"""Dart / Flutter, lowered from its table (brazelint/syntax/dart.py): the shapes of
docs/frontend-contract.md, bad input, deep nesting and long chains."""

from __future__ import annotations

import pytest

from brazelint.facts import FileFacts, ValueKind
from brazelint.frontends import frontend_for
from brazelint.languages import Language, language_for_name
from brazelint.syntax import dart, lower
from brazelint.syntax.spec import CHAIN_LIMIT, DEPTH_LIMIT
from tests.conftest import count_calls


def parse(text: str) -> FileFacts:
    return dart.parse("lib/tracking.dart", text, Language.DART)


APP = """\
import 'package:braze_plugin/braze_plugin.dart';
import 'package:flutter/foundation.dart' show kDebugMode;
import 'package:app/analytics.dart' as analytics;

const brazeEndpoint = 'sdk.iad-01.braze.com';

class Tracker extends ChangeNotifier implements Analytics {
  final BrazePlugin braze = BrazePlugin();
  static const String event = "signed_in";

  String idFor(User user) {
    return user.email ?? "anonymous";
  }

  void login(User user, {required String plan}) {
    braze.changeUser(user.email ?? user.id);
    braze.getUser().setEmail(email: user.email);
    user.profile.firstName = "Hi $plan ${user.name}\\n";
    if (kDebugMode) {
      braze.logCustomEvent('debug_login');
    } else if (user.isNew) {
      braze.logCustomEvent('signup', properties: {'plan': plan, 'n': 2});
    } else {
      braze..logCustomEvent(event)..requestImmediateDataFlush();
    }
    for (final item in user.items) {
      braze.logPurchase(item.sku, 'USD', 9.99, 1);
    }
    user.items.forEach((item) => braze.logCustomEvent(item.name));
  }

  int get count => 1; // one
}
"""


def test_files_are_dart_and_have_a_frontend() -> None:
    assert language_for_name("main.dart", "lib") is Language.DART
    assert frontend_for(Language.DART) is dart


def test_postfix_runs_are_calls_with_chains_and_named_arguments() -> None:
    facts = parse(APP)
    chains = [call.chain for call in facts.calls]
    assert ("BrazePlugin",) in chains
    assert ("braze", "getUser", "setEmail") in chains
    set_email = next(c for c in facts.calls if c.name == "setEmail")
    assert [(a.label, a.value.text) for a in set_email.args] == [("email", "user.email")]
    signup = next(c for c in facts.calls if c.arg(0) and c.arg(0).text == "signup")
    properties = signup.arg(1, label="properties")
    assert properties is not None and properties.kind is ValueKind.DICT
    assert properties.get("plan").text == "plan" and properties.get("n").number == 2
    # Cascades call each method on the receiver.
    assert ("braze", "requestImmediateDataFlush") in chains
    purchase = next(c for c in facts.calls if c.name == "logPurchase")
    assert [a.value.kind for a in purchase.args] == [
        ValueKind.NAME,
        ValueKind.STRING,
        ValueKind.NUMBER,
        ValueKind.NUMBER,
    ]


def test_if_null_is_a_choice_and_returns_are_recorded() -> None:
    facts = parse(APP)
    change = next(c for c in facts.calls if c.name == "changeUser")
    value = change.arg(0)
    assert value.kind is ValueKind.CHOICE
    assert [item.text for item in value.items] == ["user.email", "user.id"]
    returns = {r.flow.scope.split("@")[0]: r.value for r in facts.returns}
    assert returns["idFor"].kind is ValueKind.CHOICE
    assert [item.text for item in returns["idFor"].items] == ["user.email", "anonymous"]
    assert returns["count"].number == 1  # ``=> 1``


def test_assignments_strings_imports_functions_classes() -> None:
    facts = parse(APP)
    by_target = {a.target: a for a in facts.assignments}
    assert by_target[("brazeEndpoint",)].file_level
    assert by_target[("event",)].file_level  # static const
    assert not by_target[("braze",)].file_level
    greeting = by_target[("user", "profile", "firstName")].value
    assert greeting.kind is ValueKind.TEMPLATE
    assert greeting.text == "Hi {plan} {user.name}\n"
    literal = next(s for s in facts.strings if s.text == "signed_in")
    assert literal.content_span.col == literal.span.col + 1
    assert [(i.module, i.name, i.alias) for i in facts.imports] == [
        ("braze_plugin.braze_plugin", "*", None),
        ("flutter.foundation", "kDebugMode", "kDebugMode"),
        ("app.analytics", "*", "analytics"),
    ]
    relative = parse("import 'src/events.dart';\nimport 'dart:async';\n").imports
    assert [i.module for i in relative] == ["src/events.dart", "dart:async"]
    login = next(f for f in facts.functions if f.name == "login")
    assert login.params == ("user", "plan") and login.class_name == "Tracker"
    assert facts.classes[0].bases == ("ChangeNotifier", "Analytics")
    assert [c.text for c in facts.comments] == ["// one"]


def test_flow_guards_branches_loops_and_closures() -> None:
    facts = parse(APP)
    events = [c for c in facts.calls if c.name == "logCustomEvent"]
    debug, signup, cascade, closure = events
    assert debug.flow.guards == ("kDebugMode",)
    assert signup.flow.guards == ("!kDebugMode", "user.isNew")
    assert cascade.flow.guards == ("!kDebugMode", "!user.isNew")
    assert len({c.flow.branch[0].split(":")[0] for c in (debug, signup, cascade)}) == 1
    assert {c.flow.scope for c in (debug, signup, cascade)} == {"login@15"}
    assert closure.flow.loops[0].startswith("iter:forEach@")
    assert closure.flow.scope.startswith("<lambda>@")
    purchase = next(c for c in facts.calls if c.name == "logPurchase")
    assert purchase.flow.loops == ("loop@26",)
    assert facts.loops[0].targets == ("item",) and facts.loops[0].iterable.text == "user.items"


def test_a_malformed_file_reports_syntax_errors_and_keeps_the_rest() -> None:
    facts = parse(
        "void f() { braze.changeUser('a'); }\nclass {{{ ( \nvoid g() { braze.wipeData(); }\n"
    )
    assert facts.problems and all(p.message == "syntax error" for p in facts.problems)
    assert "changeUser" in {c.name for c in facts.calls}


def test_parse_never_raises_on_garbage() -> None:
    for text in ("", "'", "'''", "r'", "${", "import", "..", "a..b(", "\x00\xff"):
        parse(text)


def test_10000_deep_nesting_is_bounded() -> None:
    deep = 10_000
    facts = parse("void f() { braze.changeUser(" + "[" * deep + "]" * deep + "); }\n")
    value = facts.calls[0].arg(0)
    depth = 0
    while value is not None and value.kind is ValueKind.LIST and value.items:
        value, depth = value.items[0], depth + 1
    assert depth <= DEPTH_LIMIT + 1
    nested = parse("void f() {" + "if (a) {" * deep + "g();" + "}" * deep + "}\n")
    assert len(nested.calls[0].flow.branch) == DEPTH_LIMIT
    assert len(nested.calls[0].flow.guards) == DEPTH_LIMIT


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return count_calls(monkeypatch, lower.Lowering, "text")


def test_a_long_chain_is_read_once(text_reads: list[int]) -> None:
    links = 4000
    facts = parse("void f() { braze.user" + ".set(x)" * links + "; }\n")
    assert len(facts.calls) == links
    assert text_reads[0] <= 20 * links
    chains = [call.chain for call in facts.calls]
    assert chains[0] == ("braze", "user", "set")
    assert chains[-1] == ("set",) * CHAIN_LIMIT
    # Equal chains are one tuple, so a hostile chain holds no CHAIN_LIMIT names per call.
    assert len({id(chain) for chain in chains[CHAIN_LIMIT:]}) == 1


def test_a_long_cascade_is_read_once(text_reads: list[int]) -> None:
    links = 4000
    facts = parse("void f() { braze" + "..logCustomEvent(x)" * links + "; }\n")
    assert len(facts.calls) == links
    assert text_reads[0] <= 20 * links
    assert {call.chain for call in facts.calls} == {("braze", "logCustomEvent")}


def test_a_failing_handler_costs_the_rest_of_the_file_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: lower.Lowering, node: object, ctx: object) -> None:
        raise ValueError("unforeseen shape")

    lower._handlers.cache_clear()
    monkeypatch.setattr(lower.Lowering, "enter_return", broken)
    try:
        facts = parse("void f() { braze.changeUser('a'); }\nint g() { return 1; }\n")
    finally:
        monkeypatch.undo()
        lower._handlers.cache_clear()
    assert [p.message for p in facts.problems] == [
        "could not read the rest of the file: ValueError('unforeseen shape')"
    ]
    assert [c.name for c in facts.calls] == ["changeUser"]
    assert facts.functions  # what was read before the failure is kept


def test_annotations_are_decorators() -> None:
    facts = parse(
        "class A {\n  @override\n  @pragma('vm:entry-point')\n  void f() {}\n}\n"
        "@visibleForTesting\nvoid g() {}\nvoid h() {}\n"
    )
    assert [(f.name, f.decorators) for f in facts.functions] == [
        ("f", ("override", "pragma")),
        ("g", ("visibleForTesting",)),
        ("h", ()),
    ]


def test_try_and_each_catch_are_arms_finally_is_not() -> None:
    facts = parse(
        "void f() { try { a(); } on FormatException catch (e) { b(); } catch (e) { c(); }"
        " finally { d(); } }"
    )
    assert [call.flow.branch[-1:] for call in facts.calls] == [
        ("11:0",),
        ("11:1",),
        ("11:2",),
        (),
    ]


def test_strings_escapes_raw_adjacent_and_multiline() -> None:
    facts = parse(
        "var a = 'a\\n\\$b' r'c\\n' \"d\";\nvar m = '''\n  Hi {{\\${first_name}}}\n''';\n"
    )
    adjacent, multiline = facts.strings
    assert adjacent.text == "a\n$bc\\nd"
    assert multiline.text == "  Hi {{${first_name}}}\n"
    assert (multiline.content_span.line, multiline.content_span.col) == (3, 1)


def test_else_if_condition_and_ternary_arms_have_their_arms_flow() -> None:
    """Fixes made while Java became a spec, for every spec: an ``else if`` condition runs
    in the arm it opens, and a call read as part of a ternary's value keeps its arm."""
    facts = parse(
        "void f(bool a) {\n  if (a) { g(1); } else if (check()) { g(2); }\n"
        "  final x = a ? pick() : other();\n}\n"
    )
    by_name = {call.chain[-1]: call.flow for call in facts.calls}
    first_arm = by_name["g"].branch[0].split(":")[0]
    assert by_name["check"].branch == (f"{first_arm}:1",)
    assert by_name["check"].guards == ("!a",)
    assert by_name["pick"].guards == ("a",)
    assert by_name["other"].guards == ("!a",)
    assert by_name["pick"].branch[-1].endswith(":0")
    assert by_name["other"].branch[-1].endswith(":1")


def test_iteration_closure_loop_is_labelled_at_the_method_name() -> None:
    facts = parse("void f(List<String> xs) {\n  xs.forEach(\n    (x) { log(x); });\n}\n")
    (log,) = [c for c in facts.calls if c.chain == ("log",)]
    assert log.flow.loops == ("iter:forEach@2",)
