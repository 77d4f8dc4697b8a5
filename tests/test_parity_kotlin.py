"""The Kotlin spec (brazelint/syntax/kotlin.py) gives the facts the hand-written walker gave
on every fixture, catalog example and shape of the corpus (benchmarks/parity.py), and the
differences it makes on purpose are fixes."""

from __future__ import annotations

from brazelint.facts import FileFacts, ValueKind
from brazelint.languages import Language
from brazelint.syntax import kotlin
from tests.parity_support import assert_no_differences


def parse(text: str) -> FileFacts:
    return kotlin.parse("App.kt", text, Language.KOTLIN)


def test_fixtures_and_catalog_examples_have_the_old_walkers_facts() -> None:
    assert_no_differences("kotlin", "Shapes.kt")


# The differences benchmarks/parity.py leaves out: each a fix.


def test_number_literals_are_recorded_with_their_flow() -> None:
    facts = parse("fun m(status: Int) {\n    if (status == 429) { retry(0x1F, 1_000L) }\n}\n")
    numbers = [(n.text, n.number, n.span.line, n.flow.scope, n.flow.guards) for n in facts.numbers]
    assert numbers == [
        ("429", 429.0, 2, "m@1", ()),
        ("0x1F", 31.0, 2, "m@1", ("status == 429",)),
        ("1_000L", 1000.0, 2, "m@1", ("status == 429",)),
    ]


def test_for_in_is_a_loop_over_its_collection() -> None:
    facts = parse("fun m(ids: List<String>) {\n    for (id in ids) { braze.changeUser(id) }\n}\n")
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
    # The collection is evaluated once, before the loop.
    looped = parse("fun m() {\n    for (x in load()) { use(x) }\n}\n")
    assert [(c.chain, c.flow.loops) for c in looped.calls] == [
        (("load",), ()),
        (("use",), ("loop@2",)),
    ]


def test_arithmetic_has_its_operands() -> None:
    facts = parse('fun m(n: Int) {\n    track(n * 2, "n" + (n - 1))\n}\n')
    (call,) = facts.calls
    product, label = (argument.value for argument in call.args)
    assert (product.kind, product.operator) == (ValueKind.ARITHMETIC, "*")
    assert [(i.kind, i.text) for i in product.items] == [
        (ValueKind.NAME, "n"),
        (ValueKind.NUMBER, "2"),
    ]
    assert label.kind is ValueKind.TEMPLATE
    assert label.text == "n{(n - 1)}"
    assert label.items[1].kind is ValueKind.ARITHMETIC


def test_a_concatenation_over_the_operand_limit_is_unknown_not_cut() -> None:
    """Shared by every spec language: a ``+`` with more operands than the limit is UNKNOWN
    (before, the lowering kept the first ones as if they were the whole string)."""
    long = parse('val x = "a"' + " + b" * 5_000 + "\n")
    assert long.assignments[0].value.kind is ValueKind.UNKNOWN
    fallback = parse("val x = a" + " ?: b" * 5_000 + "\n")
    assert fallback.assignments[0].value.kind is ValueKind.UNKNOWN
    short = parse('val x = "a"' + " + b" * 10 + "\n")
    assert short.assignments[0].value.text == "a" + "{b}" * 10


def test_a_labelled_this_is_this() -> None:
    """``this@Outer.ping()`` keeps ``this`` as its root, as the walker had it, and reads no
    global."""
    facts = parse("class Outer {\n  inner class I {\n    fun go() { this@Outer.ping() }\n  }\n}\n")
    assert [c.chain for c in facts.calls] == [("this", "ping")]
    assert not facts.globals_used
