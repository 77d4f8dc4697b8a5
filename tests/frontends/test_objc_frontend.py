"""Objective-C, lowered from its table (brazelint/syntax/objc.py): the shapes of
docs/frontend-contract.md, bad input, deep nesting and long chains."""

from __future__ import annotations

import pytest

from brazelint.facts import FileFacts, ValueKind
from brazelint.frontends import frontend_for
from brazelint.languages import Language, language_for_name
from brazelint.syntax import lower, objc
from brazelint.syntax.spec import CHAIN_LIMIT, DEPTH_LIMIT
from tests.conftest import count_calls


def parse(text: str, path: str = "ios/AppDelegate.m") -> FileFacts:
    return objc.parse(path, text, Language.OBJECTIVE_C)


APP = """\
#import <BrazeKit/BrazeKit.h>
#import "Appboy.h"
@import BrazeKit;

@interface AppDelegate : UIResponder <UIApplicationDelegate>
@end

@implementation AppDelegate
- (BOOL)application:(UIApplication *)application
    didFinishLaunchingWithOptions:(NSDictionary *)options {
  BRZConfiguration *configuration =
      [[BRZConfiguration alloc] initWithApiKey:@"key" endpoint:@"sdk.iad-01.braze.com"];
  [[Appboy sharedInstance] changeUser:userId];
  [Appboy sharedInstance].user.firstName = user.firstName ?: @"there";
  NSString *name = signedIn ? user.name : @"guest";
#if DEBUG
  configuration.logger.level = BRZLoggerLevelDebug;
#else
  configuration.logger.level = BRZLoggerLevelError;
#endif
  for (NSString *item in items) {
    [self.braze logCustomEvent:item properties:@{@"count": @2, @"ok": @YES}];
  }
  return YES; // done
}
@end
"""


def test_files_are_objective_c_and_have_a_frontend() -> None:
    assert language_for_name("AppDelegate.m", "ios") is Language.OBJECTIVE_C
    assert language_for_name("Bridge.mm", "ios") is Language.OBJECTIVE_C
    assert frontend_for(Language.OBJECTIVE_C) is objc


def test_message_sends_are_calls_with_chains_and_selector_labels() -> None:
    facts = parse(APP)
    by_name = {call.name: call for call in facts.calls}
    assert by_name["changeUser"].chain == ("Appboy", "sharedInstance", "changeUser")
    assert by_name["changeUser"].arg(0).text == "userId"
    init = by_name["initWithApiKey"]
    assert init.chain == ("BRZConfiguration", "alloc", "initWithApiKey")
    assert [(a.label, a.value.text) for a in init.args] == [
        (None, "key"),
        ("endpoint", "sdk.iad-01.braze.com"),
    ]
    event = by_name["logCustomEvent"]
    assert event.chain == ("self", "braze", "logCustomEvent")
    properties = event.arg(1, label="properties")
    assert properties is not None and properties.kind is ValueKind.DICT
    assert properties.get("count").number == 2
    assert properties.get("ok").kind is ValueKind.BOOL
    # Calls in source order of their names: the inner send first.
    names = [call.name for call in facts.calls]
    assert names.index("sharedInstance") < names.index("changeUser")


def test_property_assignments_fallbacks_and_ternaries() -> None:
    facts = parse(APP)
    by_target = {a.target: a for a in facts.assignments}
    first_name = by_target[("Appboy", "sharedInstance", "user", "firstName")].value
    assert first_name.kind is ValueKind.CHOICE
    assert [item.text for item in first_name.items] == ["user.firstName", "there"]
    name = by_target[("name",)].value
    assert name.kind is ValueKind.CHOICE
    assert [item.text for item in name.items] == ["user.name", "guest"]
    assert by_target[("configuration",)].value.kind is ValueKind.CALL


def test_strings_imports_functions_classes_comments_returns() -> None:
    facts = parse(APP)
    endpoint = next(s for s in facts.strings if s.text == "sdk.iad-01.braze.com")
    # @"…": the content starts after the @ and the quote.
    assert endpoint.content_span.col == endpoint.span.col + 2
    assert [(i.module, i.name, i.alias) for i in facts.imports] == [
        ("BrazeKit", "BrazeKit.h", None),
        ("Appboy.h", None, None),
        ("BrazeKit", None, None),
    ]
    method = facts.functions[0]
    assert method.name == "application:didFinishLaunchingWithOptions:"
    assert method.params == ("application", "options")
    assert method.class_name == "AppDelegate"
    assert facts.classes[0].bases == ("UIResponder", "UIApplicationDelegate")
    assert [c.text for c in facts.comments] == ["// done"]
    assert [(r.value.kind, r.flow.scope) for r in facts.returns] == [(ValueKind.BOOL, method.scope)]
    assert "Appboy" in facts.globals_used


def test_flow_directives_loops_and_scopes() -> None:
    facts = parse(APP)
    levels = [a for a in facts.assignments if a.target[-1] == "level"]
    assert [a.flow.guards for a in levels] == [("DEBUG",), ("!DEBUG",)]
    assert levels[0].flow.branch[0].split(":")[0] == levels[1].flow.branch[0].split(":")[0]
    assert not levels[0].flow.ordered_with(levels[1].flow)
    event = next(c for c in facts.calls if c.name == "logCustomEvent")
    assert event.flow.loops == ("loop@21",)
    assert facts.loops[0].targets == ("item",) and facts.loops[0].iterable.text == "items"
    assert {c.flow.scope for c in facts.calls} == {facts.functions[0].scope}


def test_if_else_if_arms_share_one_statement() -> None:
    facts = parse("void f(void) { if (a) { g(1); } else if (b) { g(2); } else { g(3); } }")
    branches = [c.flow.branch for c in facts.calls]
    statement = branches[0][0].split(":")[0]
    assert branches == [(f"{statement}:0",), (f"{statement}:1",), (f"{statement}:2",)]
    assert facts.calls[2].flow.guards == ("!a", "!b")


def test_a_malformed_file_reports_syntax_errors_and_keeps_the_rest() -> None:
    facts = parse('[braze changeUser:@"a"];\n@implementation {{{ \n[braze logout];\n')
    assert facts.problems and all(p.message == "syntax error" for p in facts.problems)
    assert "changeUser" in {c.name for c in facts.calls}


def test_objective_cpp_parts_are_not_syntax_errors() -> None:
    text = (
        "#import <BrazeKit/BrazeKit.h>\n"
        "template <typename T> class Box { std::vector<T> items; };\n"
        'void f() { [AppDelegate.braze changeUser:@"u"]; }\n'
    )
    assert parse(text, "ios/Bridge.m").problems  # the C++ part is an error in plain ObjC
    facts = parse(text, "ios/Bridge.mm")
    assert facts.problems == ()
    assert "changeUser" in {c.name for c in facts.calls}


def test_10000_deep_nesting_is_bounded() -> None:
    deep = 10_000
    facts = parse("void f(void) { [braze changeUser:" + "@[" * deep + "]" * deep + "]; }\n")
    change = next(c for c in facts.calls if c.name == "changeUser")
    depth = 0
    value = change.arg(0)
    while value is not None and value.kind is ValueKind.LIST and value.items:
        value, depth = value.items[0], depth + 1
    assert depth <= DEPTH_LIMIT + 1
    nested = parse("void f(void) {" + "if (a) {" * deep + "g();" + "}" * deep + "}\n")
    assert len(nested.calls[0].flow.branch) == DEPTH_LIMIT


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return count_calls(monkeypatch, lower.Lowering, "text")


def test_a_long_message_chain_is_walked_linearly(text_reads: list[int]) -> None:
    links = 4000
    facts = parse("void f(void) { " + "[" * links + "braze" + " next]" * links + "; }\n")
    assert len(facts.calls) == links
    assert text_reads[0] <= 20 * links
    chains = sorted((c.span.end_col, c.chain) for c in facts.calls)
    assert chains[0][1] == ("braze", "next")
    assert chains[-1][1] == ("next",) * CHAIN_LIMIT
    assert all(len(chain) <= CHAIN_LIMIT for _, chain in chains)


def test_directive_guards_hold_for_the_functions_inside_them() -> None:
    facts = parse(
        "#ifdef DEBUG\nvoid a(void) { f(); }\n#elif defined(BETA)\nvoid b(void) { g(); }\n"
        "#else\nvoid c(void) { h(); }\n#endif\n#ifndef RELEASE\nvoid d(void) { k(); }\n#endif\n"
    )
    assert [call.flow.guards for call in facts.calls] == [
        ("DEBUG",),
        ("!DEBUG", "defined(BETA)"),
        ("!DEBUG", "!defined(BETA)"),
        ("!RELEASE",),
    ]


def test_static_constants_in_an_implementation_are_file_level() -> None:
    facts = parse(
        'NSString *const kTop = @"a";\n@implementation A\nstatic NSString *kKey = @"b";\n'
        '- (void)f { NSString *local = @"c"; }\n@end\n'
    )
    assert {a.target[0]: a.file_level for a in facts.assignments} == {
        "kTop": True,
        "kKey": True,
        "local": False,
    }


def test_c_functions_and_blocks() -> None:
    facts = parse(
        "static void Track(NSString *name, int count) {\n"
        "  [items enumerateObjectsUsingBlock:^(id item, NSUInteger i, BOOL *stop) {\n"
        "    [AppDelegate.braze logCustomEvent:item];\n  }];\n}\n"
    )
    assert [(f.name, f.params) for f in facts.functions] == [("Track", ("name", "count"))]
    event = next(c for c in facts.calls if c.name == "logCustomEvent")
    assert event.flow.scope.startswith("<lambda>@2:")
    assert event.flow.loops == ("iter:enumerateObjectsUsingBlock@2",)


def test_try_and_catch_are_arms_finally_is_not() -> None:
    facts = parse(
        "void f(void) { @try { a(); } @catch (NSException *e) { b(); } @finally { c(); } }"
    )
    a, b, c = facts.calls
    assert [a.flow.branch[0][-2:], b.flow.branch[0][-2:], c.flow.branch] == [":0", ":1", ()]
    assert a.flow.guards == b.flow.guards == ()


def test_only_the_elvis_operator_is_a_fallback() -> None:
    facts = parse("void f(void) { x = a ?: b; y = a || b; z = count + 1; }")
    kinds = {a.target[0]: a.value for a in facts.assignments}
    assert kinds["x"].kind is ValueKind.CHOICE
    assert kinds["y"].kind is ValueKind.UNKNOWN  # C's || is 0 or 1
    assert kinds["z"].kind is ValueKind.ARITHMETIC and kinds["z"].operator == "+"
