"""The catalog is the single source of rule documentation: every rule has an entry, every
entry's examples behave as documented, and the README's table is generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from brazelint.catalog import (
    CatalogError,
    Example,
    _parse_entry,
    catalog_dir,
    load_catalog,
    rule_table_markdown,
    short_part,
)
from brazelint.findings import Applicability
from brazelint.fixes import apply_fixes
from brazelint.rule import RuleSettings
from brazelint.rules import rule_classes
from brazelint.tracking_plan import load as load_plan
from tests.conftest import REPO, implemented_rules, run_scan

CATALOG = load_catalog()


def test_every_rule_has_exactly_one_catalog_entry() -> None:
    assert set(CATALOG) == implemented_rules()


def test_catalog_languages_are_the_rules_languages() -> None:
    classes = rule_classes()
    for rule_id, entry in CATALOG.items():
        assert set(entry.languages) == set(classes[rule_id].languages), rule_id


@pytest.mark.parametrize("path", sorted(catalog_dir().glob("BRZ*.toml")), ids=lambda p: p.stem)
def test_short_fields_come_before_the_long_text(path: Path) -> None:
    """A scan reads only the part before the first multi-line string; every key that is
    not long text must be there, or a scan would miss it (tags, security_severity)."""
    import tomllib

    text = path.read_text(encoding="utf-8")
    whole = tomllib.loads(text)
    short = tomllib.loads(short_part(text))
    long_keys = {"full", "why", "fix", "references", "examples"}
    assert set(short) == set(whole) - long_keys
    assert all(short[key] == whole[key] for key in short)


def test_entry_written_long_text_first_is_still_read_whole(tmp_path: Path) -> None:
    source = tmp_path / "BRZ999.toml"
    source.write_text(
        'id = "BRZ999"\nfull = """\nLong.\n"""\nname = "x"\nseverity = "note"\n'
        'precision = "high"\nlanguages = ["python"]\nshort = "S"\nwhy = "W"\nfix = "F"\n'
        'tags = ["t"]\n',
        encoding="utf-8",
    )
    entry = _parse_entry(source)
    assert (entry.name, entry.tags, entry.full, entry.fix) == ("x", ("t",), "Long.", "F")


def test_broken_long_text_is_reported_when_the_docs_are_read(tmp_path: Path) -> None:
    source = tmp_path / "BRZ998.toml"
    source.write_text(
        'id = "BRZ998"\nname = "x"\nseverity = "note"\nprecision = "high"\n'
        'languages = ["python"]\nshort = "S"\nfull = """\nnever closed\n',
        encoding="utf-8",
    )
    entry = _parse_entry(source)  # a scan needs only the short part, which is fine
    assert entry.name == "x"
    with pytest.raises(CatalogError, match=r"BRZ998\.toml"):
        _ = entry.full


def test_every_entry_is_complete() -> None:
    for entry in CATALOG.values():
        assert entry.short and entry.full and entry.why and entry.fix, entry.id
        assert len(entry.full) <= 1024, entry.id
        assert entry.name == entry.name.lower() and " " not in entry.name
        assert entry.examples, f"{entry.id} has no examples"
        assert {e.language for e in entry.examples} <= set(entry.languages), entry.id
        if entry.security_severity is not None:
            assert 0.1 <= float(entry.security_severity) <= 10.0


#: Languages that share a syntax share examples.
_FAMILIES = {
    "typescript": "javascript",
    "tsx": "javascript",
}


def test_every_language_family_has_an_example() -> None:
    for rule_id, entry in CATALOG.items():
        wanted = {_FAMILIES.get(lang.value, lang.value) for lang in entry.languages}
        have = {_FAMILIES.get(e.language.value, e.language.value) for e in entry.examples}
        assert wanted <= have, f"{rule_id} lacks examples for {sorted(wanted - have)}"


def _examples() -> list[tuple[str, int]]:
    return [(rule_id, i) for rule_id, e in CATALOG.items() for i in range(len(e.examples))]


def _settings(example: Example, folder: Path) -> RuleSettings:
    """The example's tracking plan, loaded as the ``tracking-plan`` key would (written
    beside the project, so it is never scanned)."""
    if example.plan is None:
        return RuleSettings()
    path = folder / "tracking-plan.toml"
    path.write_text(example.plan, encoding="utf-8")
    return RuleSettings(tracking_plan=load_plan(path))


@pytest.mark.parametrize(("rule_id", "index"), _examples())
def test_bad_example_fires_only_its_rule(rule_id: str, index: int, tmp_path: Path) -> None:
    example = CATALOG[rule_id].examples[index]
    settings = _settings(example, tmp_path)
    tmp_path = tmp_path / "project"
    target = tmp_path / example.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example.bad, encoding="utf-8")
    result = run_scan(tmp_path, root=tmp_path, settings=settings)
    # Findings silenced by a brazelint: ignore comment are kept with suppressed_by set.
    shown = [f for f in result.findings if f.suppressed_by is None]
    fired = {f.rule_id for f in shown}
    assert fired == {rule_id}, [f"{f.rule_id}: {f.message}" for f in shown]


@pytest.mark.parametrize(("rule_id", "index"), _examples())
def test_good_example_is_clean(rule_id: str, index: int, tmp_path: Path) -> None:
    example = CATALOG[rule_id].examples[index]
    settings = _settings(example, tmp_path)
    tmp_path = tmp_path / "project"
    target = tmp_path / example.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example.good, encoding="utf-8")
    result = run_scan(tmp_path, root=tmp_path, settings=settings)
    shown = [f for f in result.findings if f.suppressed_by is None]
    assert shown == [], [f"{f.rule_id}: {f.message}" for f in shown]


def _fixed_examples() -> list[tuple[str, int]]:
    return [(rule_id, i) for rule_id, i in _examples() if CATALOG[rule_id].examples[i].fixed]


@pytest.mark.parametrize(("rule_id", "index"), _fixed_examples())
def test_bad_example_fixes_to_its_fixed_text(rule_id: str, index: int, tmp_path: Path) -> None:
    """``fixed`` is what ``--fix`` (and ``--unsafe-fixes``) makes of the bad example: the
    rule's fixes applied round after round until none is left, and the rule then quiet."""
    example = CATALOG[rule_id].examples[index]
    target = tmp_path / example.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(example.bad.encode("utf-8"))
    for _ in range(10):
        result = run_scan(tmp_path, root=tmp_path)
        fixes = [
            f.fix
            for f in result.findings
            if f.rule_id == rule_id
            and f.suppressed_by is None
            and f.fix is not None
            and f.fix.applicability is not Applicability.DISPLAY_ONLY
        ]
        if not fixes:
            break
        data = target.read_bytes()
        applied = apply_fixes(data, fixes)
        if applied.data == data:
            break
        target.write_bytes(applied.data)
    assert target.read_bytes().decode("utf-8") == example.fixed
    result = run_scan(tmp_path, root=tmp_path)
    left = [f for f in result.findings if f.rule_id == rule_id and f.suppressed_by is None]
    assert left == [], [f.message for f in left]


def test_catalog_has_fixed_examples() -> None:
    assert {rule_id for rule_id, _ in _fixed_examples()} >= {
        "BRZ001",
        "BRZ201",
        "BRZ204",
        "BRZ205",
        "BRZ402",
        "BRZ404",
        "BRZ602",
    }


def test_markdown_shows_the_fixed_example() -> None:
    rule_id, index = _fixed_examples()[0]
    entry = CATALOG[rule_id]
    text = entry.markdown()
    assert "After the fix:" in text
    assert entry.examples[index].fixed.rstrip() in text
    assert all(
        "After the fix:" not in e.markdown()
        for e in CATALOG.values()
        if not any(x.fixed for x in e.examples)
    )


def test_readme_rule_table_is_generated_from_the_catalog() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert rule_table_markdown() in readme, (
        "README rule table is stale: regenerate it with `brazelint rules --format markdown`"
    )


def test_rule_command_prints_the_entry() -> None:
    from click.testing import CliRunner

    from brazelint.cli import main

    entry = next(iter(CATALOG.values()))
    for selector in (entry.id, entry.name, entry.id.lower()):
        outcome = CliRunner().invoke(main, ["rule", selector])
        assert outcome.exit_code == 0
        assert outcome.output.startswith(f"# {entry.name} ({entry.id})")
        assert "## Why is this bad?" in outcome.output
    outcome = CliRunner().invoke(main, ["rule", "BRZ999"])
    assert outcome.exit_code == 2
    assert "unknown rule" in outcome.output
