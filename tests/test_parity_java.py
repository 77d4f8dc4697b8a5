"""The Java spec (brazelint/syntax/java.py) gives the facts the hand-written walker gave
on every fixture and catalog example (benchmarks/parity.py), and the differences it makes
on purpose are fixes."""

from __future__ import annotations

from brazelint.facts import FileFacts, ValueKind
from brazelint.languages import Language
from brazelint.syntax import java
from tests.parity_support import assert_no_differences


def parse(text: str) -> FileFacts:
    return java.parse("App.java", text, Language.JAVA)


def test_fixtures_and_catalog_examples_have_the_old_walkers_facts() -> None:
    assert_no_differences("java")


# The differences benchmarks/parity.py leaves out (ACCEPTED): each a fix.


def test_number_literals_are_recorded_with_their_flow() -> None:
    facts = parse(
        "class A {\n  void m(int status) {\n    if (status == 429) { retry(0x1F, 1_000L); }\n"
        "  }\n}\n"
    )
    numbers = [(n.text, n.number, n.span.line, n.flow.scope, n.flow.guards) for n in facts.numbers]
    assert numbers == [
        ("429", 429.0, 3, "m@2", ()),
        ("0x1F", 31.0, 3, "m@2", ("status == 429",)),
        ("1_000L", 1000.0, 3, "m@2", ("status == 429",)),
    ]


def test_enhanced_for_is_a_loop_over_its_collection() -> None:
    facts = parse(
        "class A {\n  void m(java.util.List<String> ids) {\n"
        "    for (String id : ids) { braze.changeUser(id); }\n  }\n}\n"
    )
    (loop,) = facts.loops
    assert (loop.label, loop.targets, loop.iterable.kind, loop.iterable.text) == (
        "loop@3",
        ("id",),
        ValueKind.NAME,
        "ids",
    )
    (call,) = facts.calls
    assert call.flow.loops == ("loop@3",)
    assert "id" not in facts.globals_used


def test_arithmetic_has_its_operands() -> None:
    facts = parse('class A {\n  void m(int n) {\n    track(n * 2, "n" + (n - 1));\n  }\n}\n')
    (call,) = facts.calls
    product, label = (argument.value for argument in call.args)
    assert (product.kind, product.operator) == (ValueKind.ARITHMETIC, "*")
    assert [(i.kind, i.text) for i in product.items] == [
        (ValueKind.NAME, "n"),
        (ValueKind.NUMBER, "2"),
    ]
    # A parenthesised sum inside a concatenation is added first, then joined.
    assert label.kind is ValueKind.TEMPLATE
    assert label.text == "n{(n - 1)}"
    assert label.items[1].kind is ValueKind.ARITHMETIC


def test_a_parenthesised_concatenation_is_still_a_string() -> None:
    """The old walker made ``("a" + b) + c`` UNKNOWN (it saw no string literal among the
    operands of the outer ``+``); it is a string, and ``("a" + b) + (n + 1)`` adds first."""
    facts = parse('class A {\n  void m() {\n    track(("id:" + b) + c, (n + 1) + m);\n  }\n}\n')
    (call,) = facts.calls
    joined, total = (argument.value for argument in call.args)
    assert (joined.kind, joined.text) == (ValueKind.TEMPLATE, "id:{b}{c}")
    assert (total.kind, total.operator) == (ValueKind.ARITHMETIC, "+")
