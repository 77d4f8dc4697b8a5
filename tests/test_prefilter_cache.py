"""The keyword prefilter (brazelint/prefilter.py) and the result cache (brazelint/cache.py).

The prefilter must let through every file a rule's own expressions match: checked as a
property over strings generated from each rule's expressions."""

from __future__ import annotations

import functools
import os
import pickle
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brazelint import analyzer as analyzer_module
from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.findings import Severity
from brazelint.languages import Language
from brazelint.prefilter import Prefilter, file_suffix, lowered_pattern, required_literals
from brazelint.rule import RuleSettings
from brazelint.rules import rule_classes

RULES = [cls(Severity.WARNING, RuleSettings()) for cls in rule_classes().values()]
PREFILTER = Prefilter(RULES)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (rb"braze", {b"braze"}),
        (rb"Braze|APPBOY", {b"braze", b"appboy"}),
        (rb"\biap\b", {b"iap"}),
        (rb"rest[_-]?key", {b"restkey", b"rest_key", b"rest-key"}),
        (rb"(?:rest|sdk)\.[a-z0-9-]+\.braze\.(?:com|eu)", {b".braze.com", b".braze.eu"}),
        (rb"foo\d+bar", {b"foo"}),
        (rb"x?", None),
        (rb"\w+", None),
        (rb"a|.*", None),
    ],
)
def test_required_literals(pattern: bytes, expected: set[bytes] | None) -> None:
    found = required_literals(pattern)
    assert (None if found is None else set(found)) == expected


CLAUSES = sorted(
    {
        (rule.id, language, clause)
        for rule in RULES
        for language in rule.languages
        for suffix in (None, ".html", ".liquid")
        for clause in rule.prefilter_clauses(language, suffix)
    },
)


@pytest.mark.parametrize(("rule_id", "language", "clause"), CLAUSES)
def test_every_match_of_a_rule_keyword_contains_a_derived_literal(
    rule_id: str, language: Language, clause: bytes
) -> None:
    literals = required_literals(clause)
    if literals is None:
        pytest.skip("no literal: this clause is always run as written")
    # Generated case-sensitively (hypothesis cannot generate from some case-insensitive
    # bytes patterns), then with random letters flipped to cover what IGNORECASE matches.
    pattern = re.compile(clause)

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(
        st.binary(max_size=40),
        st.from_regex(pattern),
        st.binary(max_size=40),
        st.lists(st.booleans(), min_size=64, max_size=64),
    )
    def check(before: bytes, match: bytes, after: bytes, flips: list[bool]) -> None:
        flipped = bytes(
            byte ^ 0x20 if flips[i % 64] and chr(byte).isalpha() and byte < 128 else byte
            for i, byte in enumerate(match)
        )
        assert re.search(clause, flipped, re.IGNORECASE)
        lowered = (before + flipped + after).lower()
        assert any(literal in lowered for literal in literals), (rule_id, flipped)

    check()


@pytest.mark.parametrize(
    ("pattern", "lowered"),
    [
        (rb"logCustomEvent|events", rb"logcustomevent|events"),
        (rb"u[0-9a-fA-F]{4}\s*[\w.]+", rb"u[0-9a-fa-f]{4}\s*[\w.]+"),
        (rb"\\S", rb"\\s"),  # an escaped backslash, then a plain letter
        (rb"\xAB", rb"\xab"),
        (rb"a\Sb", None),  # lower-cased, \S would become \s
        (rb"\bx\B", None),
        (rb"[A-z]", None),  # the range also holds [\]^_`
        (rb"(?-i:Braze)", None),
        (rb"(?a)x", None),
    ],
)
def test_lowered_pattern(pattern: bytes, lowered: bytes | None) -> None:
    assert lowered_pattern(pattern) == lowered


@functools.cache
def _fixture_bytes() -> tuple[tuple[str, bytes], ...]:
    fixtures = Path(__file__).parent / "fixtures"
    return tuple(
        (str(path), path.read_bytes()) for path in sorted(fixtures.rglob("*")) if path.is_file()
    )


@pytest.mark.parametrize(("rule_id", "clause"), sorted({(r, c) for r, _, c in CLAUSES}))
def test_lowered_clause_matches_exactly_where_the_case_insensitive_one_does(
    rule_id: str, clause: bytes
) -> None:
    folded = lowered_pattern(clause)
    if folded is None:
        pytest.skip("searched with IGNORECASE as written")
    lowered = re.compile(folded)
    insensitive = re.compile(clause, re.IGNORECASE)
    generator = re.compile(clause)
    for path, data in _fixture_bytes():
        verdict = insensitive.search(data) is not None
        assert (lowered.search(data.lower()) is not None) == verdict, (rule_id, path)

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(
        st.binary(max_size=30),
        st.from_regex(generator),
        st.lists(st.booleans(), min_size=64, max_size=64),
        st.sampled_from([b"", b"[", b"\\", b"_", b"`", b"Z", b"\xc4"]),
    )
    def check(before: bytes, match: bytes, flips: list[bool], noise: bytes) -> None:
        flipped = bytes(
            byte ^ 0x20 if flips[i % 64] and chr(byte).isalpha() and byte < 128 else byte
            for i, byte in enumerate(match)
        )
        for data in (before + flipped, noise + flipped[: len(flipped) // 2] + noise, before):
            expected = insensitive.search(data) is not None
            assert (lowered.search(data.lower()) is not None) == expected, (rule_id, data)

    check()


def test_prefilter_agrees_with_the_rules_own_expressions() -> None:
    samples = [
        b'import * as braze from "@braze/web-sdk"; braze.changeUser(user.email);',
        b'braze.logCustomEvent("Order Completed")',
        b"const style = {{ a: 1 }}; const s = `${x}`;",
        b'"{{${first_name}}}"',
        b"logger.info('order placed')",
        b"configuration.logger.level = .debug",
        b"requests.post(URL + '/users/track', json=body)",
        b"nothing to see",
        b"",
    ]
    for language in Language:
        for data in samples:
            expected = [
                rule.id
                for rule in RULES
                if language in rule.languages
                and all(re.search(c, data, re.IGNORECASE) for c in rule.prefilter_clauses(language))
            ]
            assert [r.id for r in PREFILTER.rules_for(language, data)] == expected, (
                language,
                data,
            )


def test_jsx_braces_alone_do_not_wake_the_liquid_rules() -> None:
    data = b"<div style={{ margin: 1 }} />"
    ids = {rule.id for rule in PREFILTER.rules_for(Language.TSX, data)}
    assert not ids & {"BRZ601", "BRZ602"}
    ids = {rule.id for rule in PREFILTER.rules_for(Language.TSX, b'"{{${first_name}}}"')}
    assert {"BRZ601", "BRZ602"} <= ids
    # In a template, `{{` is enough.
    ids = {rule.id for rule in PREFILTER.rules_for(Language.LIQUID, b"{{first_name}}")}
    assert "BRZ602" in ids


# --- cache -------------------------------------------------------------------------------------

GOOD = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'


def _scan(root: Path, cache: Path | None) -> ScanResult:
    return scan(
        ScanOptions(
            targets=(root,), enabled=frozenset(load_catalog()), root=root, jobs=1, cache_dir=cache
        )
    )


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although the cache holds the outcome")

    monkeypatch.setattr(analyzer_module, "parse_source", refuse)


def test_cache_serves_unchanged_files_and_notices_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.js").write_text(GOOD)
    (root / "b.js").write_text(GOOD.replace("purchase", "Order Completed"))
    cache = tmp_path / "cache"
    first = _scan(root, cache)
    assert len(first.findings) == 2
    with monkeypatch.context() as patch:
        _no_parsing(patch)
        again = _scan(root, cache)
    assert again.findings == first.findings
    assert again.facts == first.facts
    (root / "b.js").write_text(GOOD.replace("purchase", "page viewed"))
    changed = _scan(root, cache)
    assert [f.path for f in changed.findings] == ["a.js"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_cache_index_keeps_odd_file_names_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    names = ["tab\there.js", "new\nline.js", "sp ace.js", os.fsdecode(b"caf\xe9.js"), "a.js"]
    for name in names:
        (root / name).write_text(GOOD)
    cache = tmp_path / "cache"
    first = _scan(root, cache)
    assert len(first.findings) == len(names)
    index = next(cache.rglob("index")).read_bytes()
    assert index.count(b"\n") == len(names)  # a header line, then one line per file
    with monkeypatch.context() as patch:
        _no_parsing(patch)
        assert _scan(root, cache).findings == first.findings


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace(" 1\n", " x\n"),  # a kind that is not a number
        lambda text: "\n".join(line[: len(line) // 2] for line in text.split("\n")),
        lambda text: text.replace('"format": 2', '"format": 99'),
        lambda text: "not json\n" + text,
        lambda text: text.encode().hex(),
    ],
)
def test_damaged_cache_index_is_a_miss(tmp_path: Path, damage: Callable[[str], str]) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.js").write_text(GOOD)
    (root / "b.js").write_text(GOOD)
    cache = tmp_path / "cache"
    expected = _scan(root, cache).findings
    index = next(cache.rglob("index"))
    index.write_text(damage(index.read_text()))
    assert _scan(root, cache).findings == expected
    assert _scan(root, cache).findings == expected  # and the index written again is sound


def test_cache_is_keyed_by_configuration(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.js").write_text(GOOD)
    cache = tmp_path / "cache"
    _scan(root, cache)
    narrowed = scan(
        ScanOptions(targets=(root,), enabled=frozenset({"BRZ201"}), root=root, cache_dir=cache)
    )
    assert narrowed.findings == []


def test_planted_cache_objects_are_never_executed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.js").write_text(GOOD)
    cache = tmp_path / "cache"
    expected = _scan(root, cache).findings
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (Path.touch, (str(marker),))  # type: ignore[return-value]  # a deliberately hostile pickle payload

    objects = list(cache.rglob("objects/*/*"))
    assert objects
    for path in objects:
        path.write_bytes(pickle.dumps(Exploit()))
    assert _scan(root, cache).findings == expected  # a miss: parsed again
    assert not marker.exists()


def test_unwritable_cache_folder_is_a_note_not_a_failure(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.js").write_text(GOOD)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _scan(root, blocker / "cache")
    assert [f.path for f in result.findings] == ["a.js"]
    assert any("result cache disabled" in n.message for n in result.notifications)


def test_cli_cache_options(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.js").write_text(GOOD)
    cache = tmp_path / "cache"
    runner = CliRunner()
    outcome = runner.invoke(main, ["check", "--no-cache", "--cache-dir", str(cache), str(root)])
    assert outcome.exit_code == 1 and not cache.exists()
    outcome = runner.invoke(main, ["check", "--cache-dir", str(cache), "-j", "2", str(root)])
    assert outcome.exit_code == 1 and any(cache.rglob("index"))
    assert root not in cache.parents and not (root / ".brazelint_cache").exists()


# --- keywords stay necessary (throughput work must never hide a finding) ----------------------

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("rule_id", "index"),
    [(rule_id, i) for rule_id, entry in CATALOG.items() for i in range(len(entry.examples))],
)
def test_bad_catalog_example_passes_the_prefilter(rule_id: str, index: int) -> None:
    """Each rule's documented bad example must reach the rule, under its own file name and
    with the suffix unknown (the broadest conditions)."""
    example = CATALOG[rule_id].examples[index]
    if rule_id not in {rule.id for rule in RULES}:
        pytest.skip("catalogued but not implemented")
    data = example.bad.encode("utf-8")
    for suffix in (file_suffix(example.filename), None):
        ids = {r.id for r in PREFILTER.rules_for(example.language, data, suffix)}
        assert rule_id in ids, (example.filename, suffix)


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("a/b/Mail.LIQUID", ".liquid"),
        ("x.html", ".html"),
        (".env", ".env"),
        ("dir.v2/Makefile", ""),
        ("a.b.liquid", ".liquid"),
    ],
)
def test_file_suffix_is_what_endswith_tests(name: str, suffix: str) -> None:
    assert file_suffix(name) == suffix
    assert name.lower().endswith(".liquid") == (suffix == ".liquid")


def test_html_without_braze_liquid_is_not_parsed_for_the_liquid_rules() -> None:
    handlebars = b"<p>Hello {{first_name}} {{#if x}}{{/if}} {% raw %}</p>"
    assert PREFILTER.rules_for(Language.LIQUID, handlebars, ".html") == []
    # The same text in a .liquid file is Braze Liquid: a plain name is BRZ602's.
    ids = {r.id for r in PREFILTER.rules_for(Language.LIQUID, handlebars, ".liquid")}
    assert ids == {"BRZ602"}
    braze = b"<p>Hello {{${first_name}}}</p>"
    ids = {r.id for r in PREFILTER.rules_for(Language.LIQUID, braze, ".html")}
    assert {"BRZ601", "BRZ602"} <= ids
    custom = b"<p>{{custom_attribute.plan}}</p>"
    assert {r.id for r in PREFILTER.rules_for(Language.LIQUID, custom, ".htm")} == {"BRZ602"}


def test_html_plain_names_are_found_when_the_file_uses_braze_liquid(tmp_path: Path) -> None:
    """End to end: a .html template with `${` somewhere is Braze Liquid, so its plain
    `{{first_name}}` is reported; without `${` it is Handlebars and nothing is."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "braze.html").write_text("<p>{{${last_name} | default: 'x'}} {{first_name}}</p>\n")
    (root / "hbs.html").write_text("<p>{{first_name}} {{{first_name}}}</p>\n")
    result = _scan(root, None)
    assert {(f.path, f.rule_id) for f in result.findings} == {("braze.html", "BRZ602")}


def test_rest_key_names_anchor_on_their_spellings_not_on_rest() -> None:
    """`restore`/`interest` no longer wake BRZ101/102; every spelling of the key name does."""
    assert PREFILTER.rules_for(Language.PYTHON, b"def restore(interest): pass") == []
    for name in (b"REST_API_KEY", b"restKey", b"rest-api-token", b"BRAZE_REST_SECRET"):
        ids = {r.id for r in PREFILTER.rules_for(Language.TYPESCRIPT, name + b' = "x"')}
        assert {"BRZ101", "BRZ102"} <= ids, name


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 7])
def test_read_source_reads_whole_files_in_as_few_calls_as_possible(
    tmp_path: Path, size: int
) -> None:
    from brazelint.source import OversizeSource, read_source

    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    target = tmp_path / "f.bin"
    target.write_bytes(data)
    assert read_source(target, size) == data
    assert read_source(target, size + 10) == data
    if size:
        with pytest.raises(OversizeSource):
            read_source(target, size - 1)


@pytest.mark.parametrize("use_automaton", [True, False], ids=["automaton", "trie"])
def test_one_pass_finds_overlapping_and_covering_literals(use_automaton: bool) -> None:
    from brazelint.prefilter import LiteralSearch

    stage1 = LiteralSearch(
        frozenset({b"abc", b"bcd", b"users/", b"/users/track", b"zz"}), use_automaton
    )
    lowered = b"xabcd /users/tr"
    found = stage1.found(lowered)
    # "bcd" starts inside the match of "abc": a search resuming at a match's end misses it.
    assert found == {b"abc", b"bcd", b"users/"}
    # "/users/track" contains "users/", which is there, but is not there itself.
    assert not stage1.holds_any(frozenset({b"/users/track"}), found, lowered)
    track = b"post /users/track"
    assert stage1.holds_any(frozenset({b"/users/track"}), stage1.found(track), track)
    assert not stage1.holds_any(frozenset({b"zz"}), found, lowered)


@pytest.mark.parametrize("use_automaton", [True, False], ids=["automaton", "trie"])
@given(
    st.lists(st.sampled_from([b"ab", b"bc", b"abc", b"cab", b"b", b"x", b"bca"]), max_size=12),
    st.sets(st.sampled_from([b"ab", b"bc", b"abc", b"cab", b"ca"]), min_size=1),
)
def test_one_pass_answers_like_a_search_per_literal(
    use_automaton: bool, pieces: list[bytes], literals: set[bytes]
) -> None:
    from brazelint.prefilter import LiteralSearch

    stage1 = LiteralSearch(frozenset(literals), use_automaton)
    lowered = b"".join(pieces)
    found = stage1.found(lowered)
    assert found == {literal for literal in stage1._minimal if literal in lowered}
    for literal in literals:
        assert stage1.holds_any(frozenset({literal}), found, lowered) == (literal in lowered)
    assert stage1.holds_any(frozenset(literals), found, lowered) == any(
        literal in lowered for literal in literals
    )


def test_derived_literals_are_kept_between_runs(tmp_path: Path) -> None:
    from brazelint.prefilter import Derivations

    derivations = Derivations()
    assert derivations.literals(rb"changeUser|external_id") == {b"changeuser", b"external_id"}
    assert derivations.literals(rb"\w+") is None
    assert derivations.learned
    again = Derivations()
    again.load(derivations.dump())
    assert again.literals(rb"changeUser|external_id") == {b"changeuser", b"external_id"}
    assert again.literals(rb"\w+") is None
    assert not again.learned  # nothing had to be derived
    broken = Derivations()
    broken.load(b'{"zz": ["not hex"]}')
    broken.load(b"not json")
    assert broken.literals(rb"changeUser") == {b"changeuser"}


def test_derivations_made_before_loading_are_saved_only_if_the_file_lacks_them() -> None:
    from brazelint.prefilter import Derivations

    saved = Derivations()
    saved.literals(rb"changeUser")
    early = Derivations()
    early.literals(rb"changeUser")  # derived before the cache was read (the project pass)
    early.load(saved.dump())
    assert not early.learned
    other = Derivations()
    other.literals(rb"logPurchase")
    other.load(saved.dump())
    assert other.learned


def test_a_scan_with_the_cache_stores_derivations_once(tmp_path: Path) -> None:
    source = tmp_path / "app.ts"
    source.write_text("braze.changeUser(user.email);\n")
    cache = tmp_path / "cache"
    args = ["check", "--format", "json", "--cache-dir", str(cache), str(source)]
    first = CliRunner().invoke(main, args)
    (derived,) = cache.glob("v[0-9]*/*/derived.json")
    written = derived.stat().st_mtime_ns
    second = CliRunner().invoke(main, args)
    assert first.stdout == second.stdout
    assert derived.stat().st_mtime_ns == written  # nothing new to write


def test_automaton_and_trie_find_the_same_literals_in_every_fixture() -> None:
    from brazelint.analyzer import RuleSet
    from brazelint.prefilter import LiteralSearch, _Automaton, file_suffix
    from brazelint.rule import RuleSettings

    if _Automaton is None:
        pytest.skip("ahocorasick_rs is not installed: only the trie exists")
    from brazelint.catalog import load_catalog
    from brazelint.discover import discover

    rules = RuleSet(load_catalog(), {}, RuleSettings())
    root = Path(__file__).parent / "fixtures"
    checked = 0
    for source in discover([root], root).files:
        _, stage1 = rules.prefilter._tests(source.language, file_suffix(source.display))
        if stage1 is None:
            continue
        trie = LiteralSearch(stage1.literals, use_automaton=False)
        lowered = Path(source.fspath).read_bytes().lower()
        assert stage1.found(lowered) == trie.found(lowered), source.display
        checked += 1
    assert checked > 100


def test_a_scan_without_the_automaton_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ahocorasick_rs has no wheel, the trie search stands in: same findings."""
    from brazelint import prefilter

    root = Path(__file__).parent / "fixtures"
    options = ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root, jobs=1)
    with_automaton = scan(options)
    monkeypatch.setattr(prefilter, "_Automaton", None)
    without = scan(options)
    assert without.findings == with_automaton.findings
    assert len(with_automaton.findings) > 100
