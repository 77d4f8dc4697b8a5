"""The Liquid gate of the prefilter on front-end code shaped like real applications
(issue 18): JSX style objects and template literals must not make a file parse for the
Liquid rules, and narrowing the gate must not lose a single finding."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from brazelint import prefilter
from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, scan
from brazelint.findings import Severity
from brazelint.languages import Language
from brazelint.rule import Rule, RuleSettings
from brazelint.rules import rule_classes

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
RULES = [cls(Severity.WARNING, RuleSettings()) for cls in rule_classes().values()]
PREFILTER = prefilter.Prefilter(RULES)
LIQUID_RULES = {"BRZ601", "BRZ602"}

FRONT_END_BAIT = [
    b"<View style={{ width: `${progress * 100}%`, height: 4 }} />",
    b"<Text style={{ color: active || compact ? 'gray' : 'black' }}>{title}</Text>",
    b"<Text>{`${item.name} (${count})`}</Text>",
    b"const Row = styled.View`\n  padding: ${(p) => (p.compact ? 4 : 12)}px;\n`;",
    b"const Box = styled.View<{ active?: boolean }>`\n  width: ${({ size }) => size}px;\n`;",
    b"export const Q = gql`\n  query Get($id: ID!) { order(id: $id) { ...${Fragment} } }\n`;",
    b"const strings = { count: '{{count}} orders', hi: 'Hi {{name}}' };",
    b"template: `<p>{{ price | currency:'USD' }}</p>`",
    b"<div style={{width: `${w}px`}}>{label}</div>",
]

BRAZE_LIQUID_IN_CODE = [
    b"const body = \"Hi {{${first_name} | default: 'there'}}\";",
    b'const body = "Your {{custom_attribute.plan_name}} plan";',
    b'const body = "You spent {{event_properties.${amount}}}";',
    b'val body = "Call {{\\${phone}}}"',
    b"let body = \"Hi {{ ${first_name | default: 'there' }}\"",
    b'const s = "{% if ${first_name} == blank %}{% abort_message() %}{% endif %}";',
]


def _liquid_rules(language: Language, data: bytes) -> set[str]:
    return {rule.id for rule in PREFILTER.rules_for(language, data)} & LIQUID_RULES


@pytest.mark.parametrize("data", FRONT_END_BAIT)
@pytest.mark.parametrize("language", [Language.JAVASCRIPT, Language.TSX, Language.TYPESCRIPT])
def test_front_end_templates_do_not_wake_the_liquid_rules(language: Language, data: bytes) -> None:
    assert _liquid_rules(language, data) == set()


@pytest.mark.parametrize("data", FRONT_END_BAIT)
def test_with_braze_in_sight_a_liquid_shape_is_read(data: bytes) -> None:
    named = b'import * as braze from "@braze/web-sdk";\n' + data
    if b"{{" in data:
        assert "BRZ602" in _liquid_rules(Language.TSX, named)


@pytest.mark.parametrize("data", BRAZE_LIQUID_IN_CODE)
def test_braze_liquid_in_code_still_wakes_the_syntax_rule(data: bytes) -> None:
    for language in (Language.JAVASCRIPT, Language.KOTLIN, Language.SWIFT, Language.PYTHON):
        assert "BRZ602" in _liquid_rules(language, data), (language, data)


def test_liquid_template_files_are_always_read_for_the_liquid_rules() -> None:
    assert "BRZ602" in {
        rule.id for rule in PREFILTER.rules_for(Language.LIQUID, b"{{name}}", ".liquid")
    }


def _realshape_tree(tmp_path: Path, files: int) -> Path:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import generate
        import realshape
    finally:
        sys.path.remove(str(BENCHMARKS))
    out = tmp_path / "tree"
    generate.generate_tree(out, files, seed=3, shape=realshape.REAL)
    return out


def _findings(root: Path) -> list[tuple[str, str, int]]:
    result = scan(
        ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root, jobs=1)
    )
    return sorted((f.rule_id, f.path, f.span.line) for f in result.findings)


def test_the_gate_loses_no_finding_on_a_real_shaped_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _realshape_tree(tmp_path, 300)
    gated = _findings(root)

    def every_rule_of_the_language(
        self: prefilter.Prefilter, language: Language, data: bytes, suffix: str | None = None
    ) -> list[Rule]:
        return [rule for rule in self.rules if language in rule.languages]

    monkeypatch.setattr(prefilter.Prefilter, "rules_for", every_rule_of_the_language)
    assert gated == _findings(root)
    assert any(rule in LIQUID_RULES for rule, _, _ in gated)


@pytest.mark.parametrize(
    ("pattern", "branches"),
    [
        (rb"braze|appboy", [b"braze", b"appboy"]),
        (rb"(?s)\{\{x|\{%y", [rb"(?s)\{\{x", rb"(?s)\{%y"]),
        (rb"a(?:b|c)|d", [rb"a(?:b|c)", b"d"]),
        (rb"[|]x|y", [rb"[|]x", b"y"]),
        (rb"[]|]x|y", [rb"[]|]x", b"y"]),
        (rb"\|x|y", [rb"\|x", b"y"]),
        (rb"a(?:b|c)", None),
        (rb"(?x)a|b", None),
        (rb"a(b|c", None),
    ],
)
def test_top_level_branches(pattern: bytes, branches: list[bytes] | None) -> None:
    assert prefilter.top_level_branches(pattern) == branches


@pytest.mark.parametrize("data", [*FRONT_END_BAIT, *BRAZE_LIQUID_IN_CODE, b"", b"braze {{"])
def test_branch_by_branch_answers_like_one_regex(data: bytes) -> None:
    for language in (Language.JAVASCRIPT, Language.KOTLIN, Language.LIQUID):
        expected = [
            rule.id
            for rule in PREFILTER.rules
            if language in rule.languages
            and all(
                re.search(clause, data, re.IGNORECASE)
                for clause in rule.prefilter_clauses(language)
            )
        ]
        assert [rule.id for rule in PREFILTER.rules_for(language, data)] == expected
