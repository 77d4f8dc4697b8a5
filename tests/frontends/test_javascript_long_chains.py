"""JavaScript frontend on very long call chains (minified and generated code).

Each call of ``a.b().b()…`` has the whole receiver chain in front of it; building every
call's chain by walking that receiver again made such a statement quadratic (4,000 links
took seconds), and holding every call's whole chain made its facts quadratic in memory
(3 GB for 20,000 links), so a chain keeps its last ``MAX_CHAIN_PARTS`` parts. The bound
on work is behavioural, not timed: the chain walk steps through ``_unwrap`` once per node
it visits, so counting those calls measures the work done.
"""

from __future__ import annotations

import pytest

from brazelint.facts import FileFacts, ValueKind
from brazelint.frontends import javascript
from brazelint.frontends.chains import MAX_CHAIN_PARTS as KEPT
from brazelint.languages import Language
from tests.conftest import count_calls

LINKS = 4000

#: Allowed ``_unwrap`` calls per chain link. A linear walk needs a handful per link; the
#: quadratic one needed about ``LINKS`` per link (millions in all).
PER_LINK = 20


@pytest.fixture
def unwrap_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of ``javascript._unwrap`` (one per node the chain walk visits)."""
    return count_calls(monkeypatch, javascript, "_unwrap")


def parse(text: str) -> FileFacts:
    return javascript.parse("web/src/min.js", text, Language.JAVASCRIPT)


def test_a_long_method_chain_is_walked_linearly(unwrap_calls: list[int]) -> None:
    facts = parse("a" + ".b()" * LINKS + ";\n")

    assert unwrap_calls[0] <= PER_LINK * LINKS
    assert not facts.problems
    assert len(facts.calls) == LINKS
    # Walk order: the outermost call first, its whole receiver chain collapsed.
    # A chain keeps its last KEPT parts: without a bound, n links hold n²/2 names.
    outermost, innermost = facts.calls[0], facts.calls[-1]
    assert outermost.chain == ("b",) * KEPT
    assert outermost.name == "b"
    assert innermost.chain == ("a", "b")
    assert facts.calls[-(KEPT - 1)].chain == ("a",) + ("b",) * (KEPT - 1)
    assert [len(call.chain) for call in facts.calls] == [
        min(KEPT, length) for length in range(LINKS + 1, 1, -1)
    ]
    # Each call's name span is its own ``b``: after ``a``, links of four characters put the
    # k-th ``b`` at (1-based) column 4k - 1.
    name_columns = [call.name_span.col if call.name_span else None for call in facts.calls]
    assert name_columns == [4 * k - 1 for k in range(LINKS, 0, -1)]
    assert [call.flow.order for call in facts.calls] == [0] * LINKS


def test_a_long_braze_setter_chain_is_walked_linearly(unwrap_calls: list[int]) -> None:
    setters = ["setEmail(x)", "setFirstName(y)", "setLastName(z)", "setCountry('US')"]
    links = [setters[i % len(setters)] for i in range(LINKS - 1)]
    facts = parse("braze.getUser()" + "".join("." + link for link in links) + ";\n")

    assert unwrap_calls[0] <= PER_LINK * LINKS
    assert len(facts.calls) == LINKS
    names = [link.split("(")[0] for link in links]
    assert facts.calls[0].chain == tuple(names[-KEPT:])
    assert facts.calls[-(KEPT - 1)].chain == ("braze", "getUser", *names[: KEPT - 2])
    assert facts.calls[-1].chain == ("braze", "getUser")
    assert facts.calls[-2].chain == ("braze", "getUser", "setEmail")
    assert facts.calls[-2].args[0].value.kind is ValueKind.NAME
    assert facts.calls[-2].args[0].value.text == "x"
    last_argument = links[-1].split("(")[1].rstrip(")")
    assert facts.calls[0].args[0].value.text == last_argument


def test_a_deep_then_chain_with_arrow_callbacks_is_walked_linearly(
    unwrap_calls: list[int],
) -> None:
    source = "promise" + "".join(f".then((v{i}) => f{i}(v{i}))" for i in range(LINKS)) + ";\n"
    facts = parse(source)

    assert unwrap_calls[0] <= PER_LINK * LINKS
    assert not facts.problems
    thens = [call for call in facts.calls if call.name == "then"]
    inner = [call for call in facts.calls if call.name != "then"]
    assert len(thens) == LINKS and len(inner) == LINKS
    assert thens[0].chain == ("then",) * KEPT
    assert thens[-1].chain == ("promise", "then")
    # The callbacks' calls run in the callbacks' own scopes, not at module level.
    assert {call.chain for call in inner} == {(f"f{i}",) for i in range(LINKS)}
    assert all(call.flow.scope.startswith("<lambda>@1:") for call in inner)
    assert all(call.flow.scope == "<module>" for call in thens)
    assert {len(call.args) for call in facts.calls} == {1}


def test_a_chain_assigned_to_a_name_keeps_its_value(unwrap_calls: list[int]) -> None:
    facts = parse("const r = a" + ".b(1)" * LINKS + ";\n")

    assert unwrap_calls[0] <= PER_LINK * LINKS
    assert len(facts.calls) == LINKS
    (assignment,) = facts.assignments
    assert assignment.value.kind is ValueKind.CALL
    assert assignment.value.call is not None
    assert assignment.value.call.chain == ("b",) * KEPT
    assert assignment.value.text == ".".join(("b",) * KEPT)
    assert assignment.value.call is facts.calls[0]  # built once, reused by the walk


def test_many_map_callbacks_in_one_value_keep_their_scopes() -> None:
    # Calls inside each ``.map`` callback are dropped from the memo of built calls after
    # the value is read, so the walk builds them again in the callback's scope.
    facts = parse("const r = [" + "xs.map(x => x.a())," * 500 + "];\n")

    maps = [call for call in facts.calls if call.name == "map"]
    inner = [call for call in facts.calls if call.name == "a"]
    assert len(maps) == 500 and len(inner) == 500
    assert all(call.flow.scope == "<module>" for call in maps)
    assert all(call.flow.scope.startswith("<lambda>@1:") for call in inner)
    (assignment,) = facts.assignments
    assert assignment.value.kind is ValueKind.LIST
    assert {item.kind for item in assignment.value.items} == {ValueKind.COMPREHENSION}
