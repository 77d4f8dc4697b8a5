"""The Swift spec (brazelint/syntax/swift.py) gives the facts the hand-written walker gave
on every fixture, catalog example and shape of the corpus (benchmarks/parity.py), and the
differences it makes on purpose are fixes or the limits every spec language shares."""

from __future__ import annotations

from brazelint.facts import FileFacts, ValueKind
from brazelint.languages import Language
from brazelint.syntax import swift
from brazelint.syntax.spec import CHAIN_LIMIT, DEPTH_LIMIT
from tests.parity_support import assert_no_differences


def parse(text: str) -> FileFacts:
    return swift.parse("App.swift", text, Language.SWIFT)


def test_fixtures_and_catalog_examples_have_the_old_walkers_facts() -> None:
    assert_no_differences("swift", "Shapes.swift")


# The differences benchmarks/parity.py leaves out: each a fix.


def test_number_literals_are_recorded_with_their_flow() -> None:
    facts = parse("func m(status: Int) {\n    if status == 429 { retry(0x1F, 1_000) }\n}\n")
    numbers = [(n.text, n.number, n.span.line, n.flow.guards) for n in facts.numbers]
    assert numbers == [
        ("429", 429.0, 2, ()),
        ("0x1F", 31.0, 2, ("status == 429",)),
        ("1_000", 1000.0, 2, ("status == 429",)),
    ]


def test_for_in_is_a_loop_over_its_collection() -> None:
    facts = parse(
        "func m(ids: [String]) {\n    for id in ids { braze.changeUser(userId: id) }\n}\n"
    )
    (loop,) = facts.loops
    assert (loop.label, loop.targets, loop.iterable.kind, loop.iterable.text) == (
        "loop@2",
        ("id",),
        ValueKind.NAME,
        "ids",
    )
    (call,) = facts.calls
    assert call.flow.loops == ("loop@2",)
    assert "id" not in facts.globals_used
    looped = parse("func m() {\n    for x in load() { use(x) }\n}\n")
    assert [(c.chain, c.flow.loops) for c in looped.calls] == [
        (("load",), ()),
        (("use",), ("loop@2",)),
    ]


def test_arithmetic_is_a_value_with_its_operands() -> None:
    facts = parse('let a = count * 2\nlet b = total - used\nlet s = "n=" + n + 1\n')
    a, b, s = facts.assignments
    assert (a.value.kind, a.value.operator, [i.text for i in a.value.items]) == (
        ValueKind.ARITHMETIC,
        "*",
        ["count", "2"],
    )
    assert (b.value.kind, b.value.operator) == (ValueKind.ARITHMETIC, "-")
    assert s.value.kind is ValueKind.TEMPLATE  # a string among the operands: a join
    assert {"count", "total", "used", "n"} <= facts.globals_used


# Limits every spec language shares (hostile input only).


def test_deep_nesting_stops_growing_at_the_shared_limit() -> None:
    depth = 150
    text = "func f() {\n" + "if a {\n" * depth + "g()\n" + "}\n" * depth + "}\n"
    (call,) = parse(text).calls
    assert len(call.flow.branch) == DEPTH_LIMIT
    assert len(call.flow.guards) == DEPTH_LIMIT


def test_nested_call_arguments_turn_unknown_at_the_shared_depth() -> None:
    text = "f(" * 100 + "1" + ")" * 100 + "\n"
    value = parse(text).calls[0].args[0].value
    levels = 0
    while value.kind is ValueKind.CALL and value.call is not None and value.call.args:
        value = value.call.args[0].value
        levels += 1
    assert value.kind is ValueKind.UNKNOWN
    assert levels == DEPTH_LIMIT  # the walker read one level more (arguments at level 0)


# The walker's decisions, kept.


def test_a_long_chain_gives_each_call_its_last_names() -> None:
    facts = parse("let x = a" + ".b()" * 200 + "\n")
    assert len(facts.calls) == 200
    assert all(len(c.chain) == CHAIN_LIMIT for c in facts.calls[: 200 - CHAIN_LIMIT])
    assert facts.calls[-1].chain == ("a", "b")


def test_a_chain_from_no_name_is_empty_and_names_nothing() -> None:
    facts = parse('"text".uppercased().count\nmake()().value\n')
    assert [(c.chain, c.name_span is None) for c in facts.calls] == [
        ((), True),
        (("make",), False),
        (("make",), False),
    ]


def test_calls_are_in_walk_order() -> None:
    facts = parse("braze.user.set(email: e).build()\n")
    assert [c.chain for c in facts.calls] == [
        ("braze", "user", "set", "build"),
        ("braze", "user", "set"),
    ]
