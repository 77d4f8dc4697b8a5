"""Swift frontend on very long call chains (``braze.user.set(…).set(…)…``).

Each call's path (its receiver's names) was found by walking the whole chain below it
again, so n links cost n²/2 steps (20,000 links ran into the 20 s budget, using 765 MB);
now the chain is walked once and each call keeps its last ``CHAIN_PARTS`` names. The
bound on work is behavioural: every name of a path is read with ``Lowering.text``, so
counting those calls measures the walking done.
"""

from __future__ import annotations

import pytest

from brazelint.facts import FileFacts
from brazelint.languages import Language
from brazelint.limits import CHAIN_PARTS as KEPT
from brazelint.syntax import swift
from brazelint.syntax.lower import Lowering
from tests.conftest import count_calls

LINKS = 4000
#: ``_text`` calls allowed per link: a few for the name and the argument; the quadratic
#: walk read every name below each call again (millions in all).
PER_LINK = 20


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of ``Lowering.text`` (one per name a path reads)."""
    return count_calls(monkeypatch, Lowering, "text")


def parse(text: str) -> FileFacts:
    return swift.parse("ios/App/Min.swift", text, Language.SWIFT)


def test_a_long_setter_chain_is_walked_linearly(text_reads: list[int]) -> None:
    facts = parse("import BrazeKit\nlet u = braze.user" + ".set(email: x)" * LINKS + "\n")

    assert text_reads[0] <= PER_LINK * LINKS
    calls = sorted(facts.calls, key=lambda call: call.span.end_col)
    assert len(calls) == LINKS
    # The innermost call has its whole path; from KEPT names on, the last KEPT are kept.
    assert calls[0].chain == ("braze", "user", "set")
    assert calls[KEPT - 3].chain == ("braze", "user") + ("set",) * (KEPT - 2)
    assert calls[KEPT - 2].chain == ("user",) + ("set",) * (KEPT - 1)
    assert calls[-1].chain == ("set",) * KEPT
    assert [len(call.chain) for call in calls] == [min(KEPT, k + 3) for k in range(LINKS)]
    # Each call's name span is its own ``set``.
    assert [call.name_span.col if call.name_span else None for call in calls[:3]] == [
        20,
        34,
        48,
    ]
    assert all(call.args and call.args[0].label == "email" for call in calls)


def test_a_chain_whose_root_cannot_be_named_has_no_path(text_reads: list[int]) -> None:
    facts = parse("let u = { 1 }()" + ".f()" * LINKS + "\n")

    assert text_reads[0] <= PER_LINK * LINKS
    assert len(facts.calls) == LINKS + 1
    assert {call.chain for call in facts.calls} == {()}
