"""brazelint/resolve.py: the parts not covered through the frontends' tests."""

from __future__ import annotations


def test_resolver_builds_calls_and_values_with_every_field() -> None:
    """brazelint/resolve.py builds Call and CALL Values field by field for speed; a new
    field must be copied there too, or it would be dropped silently."""
    from dataclasses import fields

    from brazelint.facts import Call, Value

    assert [f.name for f in fields(Call)] == [
        "chain",
        "args",
        "span",
        "flow",
        "qualified",
        "name_span",
        "sdk",
        "via",
    ]
    assert [f.name for f in fields(Value)] == [
        "kind",
        "text",
        "span",
        "number",
        "items",
        "entries",
        "call",
        "resolved_from",
        "operator",
    ]
