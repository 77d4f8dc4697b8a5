"""The Python spec (brazelint/syntax/python.py) gives the facts the hand-written walker gave
on every fixture, catalog example and shape of the corpus (benchmarks/parity.py), and the
differences it makes on purpose are fixes."""

from __future__ import annotations

from brazelint.facts import FileFacts, ValueKind
from brazelint.languages import Language
from brazelint.syntax import python
from brazelint.syntax.lower import OPERAND_LIMIT
from brazelint.syntax.spec import DEPTH_LIMIT
from tests.parity_support import assert_no_differences


def parse(text: str) -> FileFacts:
    return python.parse("app.py", text, Language.PYTHON)


def test_fixtures_and_catalog_examples_have_the_old_walkers_facts() -> None:
    assert_no_differences("python", "parity-corpus/python/shapes.py")


# The differences benchmarks/parity.py leaves out or cannot show: each a fix.


def test_call_spans_carry_byte_offsets() -> None:
    """The walker gave calls' spans no byte offsets; fixes and the language server need
    them, as for every other fact."""
    text = "x = 1\nbraze.track(name='é', props={})\n"
    (call,) = parse(text).calls
    data = text.encode()
    assert (
        data[call.span.start_byte : call.span.end_byte] == b"braze.track(name='\xc3\xa9', props={})"
    )
    assert (call.span.line, call.span.col) == (2, 1)


def test_a_concatenation_over_the_operand_limit_is_unknown_not_cut() -> None:
    """Shared by every spec language: a ``+`` with more operands than the limit is UNKNOWN
    (the walker joined any number of them)."""
    long = parse('x = "a"' + " + b" * (OPERAND_LIMIT + 10) + "\n")
    assert long.assignments[0].value.kind is ValueKind.UNKNOWN
    short = parse('x = "a"' + " + b" * 10 + "\n")
    assert short.assignments[0].value.kind is ValueKind.TEMPLATE
    assert short.assignments[0].value.text == "a" + "{b}" * 10


def test_branch_paths_stop_growing_at_the_shared_depth_limit() -> None:
    """Branch paths and guards stop at ``spec.DEPTH_LIMIT`` (64), shared by every spec
    language, instead of the walker's 100."""
    depth = 150
    lines = [" " * i + f"if c{i}:" for i in range(depth)]
    lines.append(" " * depth + "braze.track(x)")
    (call,) = parse("\n".join(lines) + "\n").calls
    assert len(call.flow.branch) == DEPTH_LIMIT
    assert len(call.flow.guards) == DEPTH_LIMIT
    assert call.flow.guards[0] == "c0"
