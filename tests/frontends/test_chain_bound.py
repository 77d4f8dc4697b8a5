"""Every frontend bounds the names it keeps per call chain, whatever the chain's length.

A hostile file with one 5,000-link receiver chain must not cost 5,000 names for every
call in it (quadratic memory); each call keeps at most ``CHAIN_PARTS`` names, the
outermost call still keeps its own name last, and the file still yields its calls.
"""

from __future__ import annotations

import pytest

from brazelint.frontends import frontend_for
from brazelint.languages import language_for_name
from brazelint.limits import CHAIN_PARTS

LINKS = 5000

CHAINS: dict[str, str] = {
    "chain.js": "braze" + ".user()" * LINKS + ".setEmail(x);\n",
    "chain.ts": "braze" + ".user()" * LINKS + ".setEmail(x);\n",
    "chain.py": "braze" + ".user()" * LINKS + ".setEmail(x)\n",
    "chain.kt": "fun f() { braze" + ".user()" * LINKS + ".setEmail(x) }\n",
    "Chain.java": "class A { void f() { braze" + ".user()" * LINKS + ".setEmail(x); } }\n",
    "chain.swift": "braze" + ".user()" * LINKS + ".setEmail(x)\n",
    "chain.dart": "void f() { braze" + ".user()" * LINKS + ".setEmail(x); }\n",
}


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_a_5000_link_chain_keeps_a_bounded_chain_per_call(name: str) -> None:
    language = language_for_name(name, "")
    assert language is not None
    facts = frontend_for(language).parse(name, CHAINS[name], language)
    assert facts.calls, "the file's calls are still reported"
    assert max(len(call.chain) for call in facts.calls) <= CHAIN_PARTS
    outermost = [call for call in facts.calls if call.chain and call.chain[-1] == "setEmail"]
    assert outermost, "the outermost call keeps its own name"
