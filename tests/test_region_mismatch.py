"""BRZ203 region-mismatch: the project-wide view, environments, configuration, and the
engine's named-files mode (pre-commit) with its prefilter."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from brazelint import analyzer as analyzer_module
from brazelint import engine, repository_search
from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.facts import FileFacts, Span
from brazelint.findings import RelatedLocation
from brazelint.languages import Language
from brazelint.rule import RuleSettings
from brazelint.rules.brz203_region_mismatch import path_flavour

ANDROID_XML = "android/app/src/main/res/values/braze.xml"
IOS_SWIFT = "ios/App/AppDelegate.swift"
SERVER_ENV = "server/.env"


def _braze_xml(host: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        f'    <string name="com_braze_custom_endpoint">{host}</string>\n'
        "</resources>\n"
    )


def _app_delegate(host: str) -> str:
    return (
        "import BrazeKit\n\n"
        "func makeConfiguration() -> Braze.Configuration {\n"
        f'  Braze.Configuration(apiKey: Secrets.brazeApiKey, endpoint: "{host}")\n'
        "}\n"
    )


MISMATCH = {
    ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
    IOS_SWIFT: _app_delegate("sdk.iad-03.braze.com"),
    SERVER_ENV: "BRAZE_REST_ENDPOINT=https://rest.iad-01.braze.com\n",
    # Mentions Braze for file rules (changeUser) but holds no host: project facts never
    # need it.
    "android/app/src/main/java/com/example/Login.kt": (
        "import com.braze.Braze\n"
        "import com.braze.events.FeedUpdatedEvent\n\n"
        "fun login(c: Context, id: String) {\n"
        "    Braze.getInstance(c).changeUser(id)\n}\n"
    ),
    # Nothing Braze at all.
    "ios/App/Colors.swift": "import UIKit\n\nlet accent = UIColor.systemBlue\n",
}


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def _scan(
    root: Path, *targets: Path, settings: RuleSettings | None = None, only: bool = True
) -> ScanResult:
    enabled = frozenset({"BRZ203"}) if only else frozenset(load_catalog())
    return scan(
        ScanOptions(
            targets=targets or (root,),
            enabled=enabled,
            root=root,
            settings=settings or RuleSettings(),
        )
    )


def _where(result: ScanResult) -> list[tuple[str, int]]:
    return [(f.path, f.span.line) for f in result.findings]


def test_ios_and_android_disagree(tmp_path: Path) -> None:
    _write(tmp_path, MISMATCH)
    result = _scan(tmp_path)
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.rule_id == "BRZ203"
    assert finding.path == IOS_SWIFT
    assert finding.span == Span(4, 63, 4, 83)
    assert finding.message == (
        "`sdk.iad-03.braze.com` is on Braze cluster US-03 (`iad-03`), but the rest of the "
        f"project uses US-01 (`iad-01`) (`{ANDROID_XML}:3` and 1 other file); a Braze "
        "workspace lives on one cluster, so SDK data sent here is lost and REST calls fail "
        "with 401. Point every endpoint at the same cluster, or list both clusters in "
        "`allowed-clusters` if the project really uses several"
    )
    assert finding.related == (
        RelatedLocation(
            ANDROID_XML, Span(3, 46, 3, 66), "`sdk.iad-01.braze.com` is on US-01 (`iad-01`)"
        ),
        RelatedLocation(
            SERVER_ENV, Span(1, 21, 1, 50), "`rest.iad-01.braze.com` is on US-01 (`iad-01`)"
        ),
    )


def test_one_cluster_everywhere_is_clean(tmp_path: Path) -> None:
    files = dict(MISMATCH)
    files[IOS_SWIFT] = _app_delegate("sdk.iad-01.braze.com")
    _write(tmp_path, files)
    assert _scan(tmp_path).findings == []


def test_a_tie_keeps_the_cluster_seen_first_in_path_order(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.fra-01.braze.eu"),
            IOS_SWIFT: _app_delegate("sdk.iad-01.braze.com"),
        },
    )
    assert _where(_scan(tmp_path)) == [(IOS_SWIFT, 4)]


def test_majority_counts_files_not_hosts(tmp_path: Path) -> None:
    # One server file writes iad-01 three times; two app files use fra-01.
    server = "\n".join(
        f'export const URL_{n} = "https://rest.iad-01.braze.com/users/track";' for n in range(3)
    )
    _write(
        tmp_path,
        {
            "server/braze.ts": server + "\n",
            ANDROID_XML: _braze_xml("sdk.fra-01.braze.eu"),
            IOS_SWIFT: _app_delegate("sdk.fra-01.braze.eu"),
        },
    )
    assert _where(_scan(tmp_path)) == [
        ("server/braze.ts", 1),
        ("server/braze.ts", 2),
        ("server/braze.ts", 3),
    ]


def test_named_file_sees_the_whole_repository(tmp_path: Path) -> None:
    _write(tmp_path, MISMATCH)
    result = _scan(tmp_path, tmp_path / IOS_SWIFT)
    assert _where(result) == [(IOS_SWIFT, 4)]
    assert [r.path for r in result.findings[0].related] == [ANDROID_XML, SERVER_ENV]
    # Related files' lines are kept for reporters (snippets, fingerprints).
    assert result.lines[ANDROID_XML][2].strip().startswith("<string")


def test_naming_only_majority_files_reports_nothing(tmp_path: Path) -> None:
    _write(tmp_path, MISMATCH)
    assert _scan(tmp_path, tmp_path / ANDROID_XML, tmp_path / SERVER_ENV).findings == []


def test_project_facts_skip_files_that_cannot_hold_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, MISMATCH)
    parsed: list[str] = []
    real = analyzer_module.frontend_for

    class Counting:
        def __init__(self, module: ModuleType) -> None:
            self.module = module

        def parse(self, path: str, text: str, language: Language) -> FileFacts:
            parsed.append(path)
            facts: FileFacts = self.module.parse(path, text, language)
            return facts

    monkeypatch.setattr(analyzer_module, "frontend_for", lambda language: Counting(real(language)))
    result = _scan(tmp_path, tmp_path / IOS_SWIFT, only=False)
    assert _where(result) == [(IOS_SWIFT, 4)]
    # The named file, then only the files some project rule may want: those whose bytes
    # mention a Braze host, and Login.kt for its changeUser (BRZ306 compares external-ID
    # sources across files); not Colors.swift.
    login = "android/app/src/main/java/com/example/Login.kt"
    assert parsed == [IOS_SWIFT, login, ANDROID_XML, SERVER_ENV]


def test_allowed_clusters_report_hosts_outside_even_when_all_agree(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-03.braze.com"),
            IOS_SWIFT: _app_delegate("sdk.iad-03.braze.com"),
        },
    )
    result = _scan(tmp_path, settings=RuleSettings(allowed_clusters=("iad-01",)))
    assert _where(result) == [(ANDROID_XML, 3), (IOS_SWIFT, 4)]
    assert result.findings[0].message == (
        "`sdk.iad-03.braze.com` is on Braze cluster US-03 (`iad-03`), which is not in the "
        "configured `allowed-clusters` (US-01 (`iad-01`)); point it at your workspace's "
        "cluster, or add the cluster to `allowed-clusters`"
    )
    assert result.findings[0].related == ()


def test_allowed_clusters_accept_a_multi_region_project(tmp_path: Path) -> None:
    _write(tmp_path, MISMATCH)
    settings = RuleSettings(allowed_clusters=("iad-01", "iad-03"))
    assert _scan(tmp_path, settings=settings).findings == []


def test_allowed_clusters_apply_to_environments_too(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
            "android/app/src/debug/res/values/braze.xml": _braze_xml("sdk.iad-03.braze.com"),
        },
    )
    assert _scan(tmp_path).findings == []
    result = _scan(tmp_path, settings=RuleSettings(allowed_clusters=("iad-01",)))
    assert _where(result) == [("android/app/src/debug/res/values/braze.xml", 3)]
    assert [r.path for r in result.findings[0].related] == [ANDROID_XML]


def test_debug_source_set_on_another_cluster_is_not_a_mismatch(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
            "android/app/src/debug/res/values/braze.xml": _braze_xml("sdk.iad-03.braze.com"),
            IOS_SWIFT: _app_delegate("sdk.iad-01.braze.com"),
        },
    )
    assert _scan(tmp_path).findings == []


def test_an_environment_that_disagrees_with_itself_is_reported(tmp_path: Path) -> None:
    debug_kt = "android/app/src/debug/java/com/example/DebugBraze.kt"
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
            "android/app/src/debug/res/values/braze.xml": _braze_xml("sdk.iad-03.braze.com"),
            debug_kt: 'val debugEndpoint = "sdk.iad-02.braze.com"\n',
            "web/.env.development": "VITE_BRAZE_ENDPOINT=sdk.iad-03.braze.com\n",
        },
    )
    result = _scan(tmp_path)
    # debug: iad-02 (DebugBraze.kt) vs iad-03 (braze.xml), a tie kept by path order; the
    # `dev` environment (.env.development) is another environment and not compared.
    assert _where(result) == [("android/app/src/debug/res/values/braze.xml", 3)]
    assert "the rest of the `debug` environment uses US-02 (`iad-02`)" in (
        result.findings[0].message
    )


def test_debug_guards_in_code_are_an_environment(tmp_path: Path) -> None:
    swift = (
        "#if DEBUG\n"
        'let brazeEndpoint = "sdk.iad-03.braze.com"\n'
        "#else\n"
        'let brazeEndpoint = "sdk.iad-01.braze.com"\n'
        "#endif\n"
    )
    kotlin = (
        'val endpoint = if (BuildConfig.DEBUG) "sdk.iad-03.braze.com" else "sdk.iad-01.braze.com"\n'
    )
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
            "ios/App/Endpoints.swift": swift,
            "android/app/src/main/java/com/example/Endpoints.kt": kotlin,
        },
    )
    assert _scan(tmp_path).findings == []
    # The else arm is the default configuration: on another cluster, it is reported.
    _write(tmp_path, {"ios/App/Endpoints.swift": swift.replace("iad-01", "iad-02")})
    assert _where(_scan(tmp_path)) == [("ios/App/Endpoints.swift", 4)]


def test_environment_globs_replace_the_path_heuristic(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
            IOS_SWIFT: _app_delegate("sdk.iad-01.braze.com"),
            "android/app/src/debug/res/values/braze.xml": _braze_xml("sdk.iad-03.braze.com"),
            "partner-portal/braze.ts": 'export const baseUrl = "sdk.iad-03.braze.com";\n',
        },
    )
    assert _where(_scan(tmp_path)) == [("partner-portal/braze.ts", 1)]
    settings = RuleSettings(environment_globs=("partner-portal/**",))
    # src/debug/ is no longer an environment by itself once globs are configured.
    assert _where(_scan(tmp_path, settings=settings)) == [
        ("android/app/src/debug/res/values/braze.xml", 3)
    ]
    settings = RuleSettings(environment_globs=("partner-portal/**", "**/src/debug/**"))
    assert _scan(tmp_path, settings=settings).findings == []


def test_unknown_dashboard_and_legacy_hosts_are_not_counted(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ANDROID_XML: _braze_xml("sdk.iad-01.braze.com"),
            "web/links.ts": (
                'export const dashboard = "https://dashboard-03.braze.com";\n'
                'export const eu = "https://dashboard.us-10.braze.com";\n'
                'export const legacy = "https://api.appboy.com";\n'
                'export const typo = "sdk.iad-09.braze.com";\n'
            ),
        },
    )
    assert _scan(tmp_path).findings == []


def test_sarif_carries_related_locations(tmp_path: Path) -> None:
    _write(tmp_path, MISMATCH)
    outcome = CliRunner().invoke(
        main,
        ["check", "--isolated", "--select", "BRZ203", "--format", "sarif", str(tmp_path)],
    )
    assert outcome.exit_code == 1, outcome.output
    results = json.loads(outcome.output)["runs"][0]["results"]
    assert len(results) == 1
    related = results[0]["relatedLocations"]
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in related] == [
        ANDROID_XML,
        SERVER_ENV,
    ]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 3


@pytest.mark.parametrize(
    ("path", "flavour"),
    [
        ("app/src/main/res/values/braze.xml", None),
        ("app/src/release/res/values/braze.xml", None),
        ("app/src/debug/res/values/braze.xml", "debug"),
        ("app/src/staging/java/com/example/A.kt", "staging"),
        ("app/src/internalDebug/kotlin/A.kt", "internalDebug"),
        ("app/src/androidTest/java/A.kt", "test"),
        ("web/src/components/Braze.ts", None),
        ("web/src/dev/braze.ts", "dev"),
        ("ios/Config/Info-Debug.plist", "debug"),
        ("ios/App/Info.plist", None),
        ("ios/App/LocalNotifications.swift", None),
        ("ios/ShopTests/BrazeTests.swift", "test"),
        ("config/braze.dev.ts", "dev"),
        (".env", None),
        (".env.production", None),
        (".env.development", "dev"),
        (".env.local", "dev"),
        ("server/.env.staging", "staging"),
        ("server/test_braze.py", "test"),
        ("server/braze_sync.py", None),
    ],
)
def test_path_flavour(path: str, flavour: str | None) -> None:
    assert path_flavour(path) == flavour


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_named_files_in_git_find_project_facts_like_full_discovery(tmp_path: Path) -> None:
    """In a git work tree the repository around named files is narrowed by ``git grep``;
    it must still see tracked and untracked files and UTF-16 files, and skip ignored
    ones, exactly as discovering the whole repository would."""
    _write(tmp_path, MISMATCH)
    _write(
        tmp_path,
        {
            ".gitignore": "ignored/\n",
            # Ignored by git, so never part of the project: would otherwise be a finding.
            "ignored/braze.ts": 'const baseUrl = "sdk.fra-02.braze.eu";\n',
            "web/Untracked.ts": 'export const baseUrl = "sdk.iad-01.braze.com";\n',
        },
    )
    # UTF-16 with a BOM: git cannot see the host, the prefilter (which re-encodes) can.
    (tmp_path / "ios/App/Debugless.swift").write_bytes(
        'let e = "sdk.iad-01.braze.com"\n'.encode("utf-16")
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ANDROID_XML, IOS_SWIFT)  # the rest stays untracked

    result = _scan(tmp_path, tmp_path / IOS_SWIFT)
    assert _where(result) == [(IOS_SWIFT, 4)]
    assert "ignored/braze.ts" not in result.lines

    analyzer = analyzer_module.Analyzer(analyzer_module.FilePlan(enabled=frozenset(load_catalog())))
    project_rules = analyzer.rules.project_rules
    narrowed = {s.display for s in engine._project_files(project_rules, tmp_path, ())}
    everything = engine.discover([tmp_path], tmp_path).files
    needed = {
        s.display
        for s in everything
        if analyzer.rule_ids(s, s.path.read_bytes(), analyzer_module.Mode.PROJECT) is not None
    }
    grep = repository_search.RepositoryGrep.start(tmp_path, [b".braze.com"])
    assert grep is not None and grep.names() is not None  # the git path ran
    assert needed <= narrowed <= {s.display for s in everything}
    assert {"ios/App/Debugless.swift", "web/Untracked.ts", SERVER_ENV} <= narrowed
    assert "ios/App/Colors.swift" not in narrowed


def _searches(monkeypatch: pytest.MonkeyPatch) -> list[repository_search.RepositoryGrep]:
    """Every repository search started from now on, in order."""
    started: list[repository_search.RepositoryGrep] = []
    original = repository_search.RepositoryGrep.__init__

    def spy(search: repository_search.RepositoryGrep, *args: Any) -> None:
        original(search, *args)
        started.append(search)

    monkeypatch.setattr(repository_search.RepositoryGrep, "__init__", spy)
    return started


def test_named_file_run_starts_the_repository_search_before_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first named-file run records the project rules' literals in the cache; the
    next starts git grep with them before loading rules, and scan() uses that search
    rather than starting another, with the same findings."""
    repo = tmp_path / "repo"
    _write(repo, MISMATCH)
    _git(repo, "init", "-q")
    cache = tmp_path / "cache"
    arguments = ["check", "--format", "json", "--cache-dir", str(cache), str(repo / IOS_SWIFT)]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 1, first.output
    assert (cache / "v3" / "project-literals.json").is_file()
    started = _searches(monkeypatch)
    (repo / IOS_SWIFT).write_text(_app_delegate("sdk.iad-03.braze.com") + "\n")  # an edit
    second = CliRunner().invoke(main, arguments)
    assert second.exit_code == 1, second.output
    assert len(started) == 1  # the early one, used by scan()
    assert b".braze.com" in started[0].literals
    assert json.loads(second.output)["findings"] == json.loads(first.output)["findings"]


def test_an_early_search_that_misses_a_literal_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brazelint import cache as result_cache

    repo = tmp_path / "repo"
    _write(repo, MISMATCH)
    _git(repo, "init", "-q")
    cache = tmp_path / "cache"
    # An early search for too few literals (as a record from another configuration
    # could give): scan() must not trust it for the rest.
    monkeypatch.setattr(result_cache, "remembered_project_literals", lambda _: [b"zzzz"])
    monkeypatch.setattr(result_cache, "remember_project_literals", lambda *_: None)
    started = _searches(monkeypatch)
    arguments = ["check", "--format", "json", "--cache-dir", str(cache), str(repo / IOS_SWIFT)]
    outcome = CliRunner().invoke(main, arguments)
    assert outcome.exit_code == 1, outcome.output
    assert len(started) == 2
    assert started[0].literals == {b"zzzz"} and b".braze.com" in started[1].literals
    assert [(f["path"], f["line"]) for f in json.loads(outcome.output)["findings"]] == [
        (IOS_SWIFT, 4)
    ]


def test_recorded_project_literals_belong_to_one_version_of_the_code(tmp_path: Path) -> None:
    from brazelint import cache as result_cache

    result_cache.remember_project_literals(tmp_path, [b"b", b"a"])
    result_cache.remember_project_literals(tmp_path, [b"c"])  # merged, never narrowed
    assert result_cache.remembered_project_literals(tmp_path) == [b"a", b"b", b"c"]
    record = tmp_path / "v3" / "project-literals.json"
    document = json.loads(record.read_text())
    record.write_text(json.dumps({**document, "code": "another version"}))
    assert result_cache.remembered_project_literals(tmp_path) is None
    record.write_text("{not json")
    assert result_cache.remembered_project_literals(tmp_path) is None
