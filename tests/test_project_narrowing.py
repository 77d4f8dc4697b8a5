"""The repository search of a named-files run (pre-commit) looks for each project rule's
least common required literals: BRZ405/406 need ``events``/``attributes`` *and* Braze in
sight, so the search asks git for the Braze keywords, not for every file naming events."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from brazelint import analyzer as analyzer_module
from brazelint import engine, repository_search
from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan

WEB = "web/src/analytics/track.ts"
APP = "app/src/analytics/events.ts"
FILES = {
    # Both spell the same event differently: BRZ405 reports the named file's use.
    WEB: 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("product_viewed");\n',
    APP: 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("productViewed");\n',
    # Common words of BRZ405/406's keywords without Braze: no project rule can use them.
    "app/src/store/calendar.ts": "export const state = { events: [], attributes: {} };\n",
    "app/src/graphql/orders.ts": "export const query = `events: orders { id }`;\n",
}


def _repository(root: Path) -> None:
    for relative, content in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, capture_output=True)


def _scan(root: Path) -> ScanResult:
    options = ScanOptions(targets=(root / WEB,), enabled=frozenset(load_catalog()), root=root)
    return scan(options)


def _analyzer() -> analyzer_module.Analyzer:
    return analyzer_module.Analyzer(analyzer_module.FilePlan(enabled=frozenset(load_catalog())))


def test_the_least_common_clause_stands_for_a_rule() -> None:
    literals = engine._project_literals(_analyzer().rules.project_rules)
    assert literals is not None
    assert b"braze" in literals and b".braze.com" in literals
    assert b"events" not in literals and b"attributes" not in literals


def test_narrowed_files_are_what_the_project_rules_need(tmp_path: Path) -> None:
    _repository(tmp_path)
    analyzer = _analyzer()
    narrowed = engine._project_files(analyzer.rules.project_rules, tmp_path, ())
    assert {s.display for s in narrowed} == {WEB, APP}
    needed = {
        s.display
        for s in engine.discover([tmp_path], tmp_path).files
        if analyzer.rule_ids(s, s.path.read_bytes(), analyzer_module.Mode.PROJECT) is not None
    }
    assert needed == {WEB, APP}


def test_findings_equal_those_of_a_full_discovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    narrowed = _scan(tmp_path)
    assert [(f.path, f.rule_id) for f in narrowed.findings] == [(WEB, "BRZ405")]
    # No repository search: the project pass discovers the whole repository.
    monkeypatch.setattr(repository_search.RepositoryGrep, "start", lambda *_: None)
    monkeypatch.setattr(engine.RepositoryGrep, "start", lambda *_: None)
    full = _scan(tmp_path)
    assert full.findings == narrowed.findings
