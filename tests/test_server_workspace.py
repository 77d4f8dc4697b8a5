"""The language server's workspace model and analysis process, without an LSP client:
configuration layering, findings as the CLI reports them, and the bad-input paths."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from brazelint.analyzer import Analyzer, Slimmer
from brazelint.catalog import load_catalog
from brazelint.crossfile import cross_file
from brazelint.discover import SourceFile
from brazelint.languages import Language
from brazelint.server import analysis
from brazelint.server.analysis import AnalysisWorker, analyze_here
from brazelint.server.workspace import SETTING_KEYS, ClientSettings, Workspace, configure

PURCHASE = 'braze.logCustomEvent("purchase", {price: 9});\n'
KEY = "f00dfeed-5eed-4b1d-9bad-decafc0ffee0"
LEAK = (
    "import requests\n\n"
    f'BRAZE_REST_API_KEY = "{KEY}"\n'
    'requests.post("https://rest.iad-01.braze.com/users/track", '
    'headers={"Authorization": f"Bearer {BRAZE_REST_API_KEY}"})\n'
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def _analyse(workspace: Workspace, path: Path, text: str) -> str:
    source = workspace.source_for(path)
    assert source is not None
    workspace.store(analyze_here(Analyzer(workspace.plan), source, text.encode()))
    return source.display


def _shown(workspace: Workspace, *displays: str) -> dict[str, list[str]]:
    project, problems = workspace.project_findings()
    assert problems == []
    reports = workspace.report(displays, project)
    return {d: [f.rule_id for f in reports[d].findings] for d in displays}


def test_client_settings_keep_the_good_keys_and_name_the_bad_ones() -> None:
    settings, problems = ClientSettings.parse(
        {"ignore": ["BRZ401"], "selectt": ["BRZ4"], "configurationPreference": "sideways"}
    )
    assert settings.table == {"ignore": ["BRZ401"]}
    assert settings.preference == "editorFirst"
    assert problems == [
        "editor settings: unknown key 'selectt'; allowed keys: configurationPreference, "
        + ", ".join(sorted(SETTING_KEYS)),
        "editor settings: configurationPreference must be one of editorFirst, "
        "filesystemFirst, editorOnly, got 'sideways'",
    ]
    assert ClientSettings.parse("nonsense")[1] == ["editor settings: expected an object"]
    assert ClientSettings.parse(None) == (ClientSettings(), [])


@pytest.mark.parametrize(
    ("preference", "severity"),
    [("editorFirst", "error"), ("filesystemFirst", "note"), ("editorOnly", "error")],
)
def test_editor_settings_and_the_file_combine_as_the_preference_says(
    folder: Path, preference: str, severity: str
) -> None:
    (folder / ".brazelint.toml").write_text('severity = { BRZ401 = "note" }\nignore = ["BRZ701"]\n')
    settings = ClientSettings({"severity": {"BRZ401": "error"}}, preference)
    config, root, problems = configure(folder, settings, load_catalog())
    assert problems == [] and root == folder.resolve()
    assert config.severity_overrides["BRZ401"].value == severity
    assert ("BRZ701" in config.enabled) is (preference == "editorOnly")


def test_a_broken_config_file_is_named_and_the_editor_settings_still_apply(folder: Path) -> None:
    (folder / ".brazelint.toml").write_text("select = [\n")
    settings = ClientSettings({"ignore": ["BRZ401"]})
    config, _, problems = configure(folder, settings, load_catalog())
    (problem,) = problems
    assert ".brazelint.toml: invalid TOML" in problem
    assert "BRZ401" not in config.enabled and "BRZ101" in config.enabled


def test_a_bad_editor_setting_is_named_and_the_file_still_applies(folder: Path) -> None:
    (folder / ".brazelint.toml").write_text('ignore = ["BRZ701"]\n')
    settings = ClientSettings({"select": ["BRZ9999"]})
    config, _, problems = configure(folder, settings, load_catalog())
    (problem,) = problems
    assert problem.startswith("editor settings: key 'select': unknown rule selector 'BRZ9999'")
    assert "BRZ701" not in config.enabled and "BRZ401" in config.enabled


def test_findings_are_what_the_cli_reports(folder: Path) -> None:
    (folder / ".brazelint.toml").write_text('per-file-ignores = { "legacy/*" = ["BRZ401"] }\n')
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    shop = _analyse(workspace, folder / "shop.js", PURCHASE)
    legacy = _analyse(workspace, folder / "legacy" / "old.js", PURCHASE)
    quiet = _analyse(
        workspace, folder / "quiet.js", "// brazelint: ignore-next-line[BRZ401]\n" + PURCHASE
    )
    unused = _analyse(workspace, folder / "unused.js", "// brazelint: ignore-file[BRZ401]\n")
    assert _shown(workspace, shop, legacy, quiet, unused) == {
        shop: ["BRZ401"],
        legacy: [],  # per-file ignore
        quiet: [],  # inline suppression
        unused: ["BRZ001"],  # a suppression that silences nothing
    }


def test_a_hard_coded_key_never_appears_whole(folder: Path) -> None:
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    display = _analyse(workspace, folder / "a.py", LEAK)
    project, _ = workspace.project_findings()
    (finding,) = workspace.report([display], project)[display].findings
    assert finding.rule_id == "BRZ101"
    assert KEY not in finding.message and "f00d…" in finding.message


def test_project_findings_follow_the_files_they_depend_on(folder: Path) -> None:
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    web = 'braze.initialize("key", {baseUrl: "sdk.iad-01.braze.com"});\n'
    first = _analyse(workspace, folder / "a" / "web.js", web)
    second = _analyse(workspace, folder / "b" / "web.js", web.replace("iad-01", "iad-03"))
    assert _shown(workspace, first, second) == {first: [], second: ["BRZ203"]}
    assert workspace.forget(first) is True  # the project rules must run again
    workspace.store(analyze_here(Analyzer(workspace.plan), _source(folder, "c/x.js"), b"1;\n"))
    assert _shown(workspace, second) == {second: []}


def _source(folder: Path, name: str) -> SourceFile:
    return SourceFile(folder / name, name, Language.JAVASCRIPT)


def test_the_worker_reports_files_it_cannot_read_and_keeps_going(folder: Path) -> None:
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    worker = AnalysisWorker()
    try:
        missing = worker.analyze(workspace.plan, _source(folder, "gone.js"), None)
        assert missing is not None
        (notification,) = missing.notifications
        assert notification.path == "gone.js" and "cannot be read" in notification.message

        big = b"var x = 1;\n" * (workspace.plan.max_file_bytes // 11 + 1)
        oversize = worker.analyze(workspace.plan, _source(folder, "big.js"), big)
        assert oversize is not None
        assert oversize.notifications[0].message == (
            "larger than 10 MiB; skipped (raise the limit with --max-file-size)"
        )

        stale = worker.analyze(
            workspace.plan, _source(folder, "a.js"), PURCHASE.encode(), lambda: False
        )
        assert stale is None

        found = worker.analyze(workspace.plan, _source(folder, "a.js"), PURCHASE.encode())
        assert found is not None and [f.rule_id for f in found.findings] == ["BRZ401"]
    finally:
        worker.close()
    assert worker.analyze(workspace.plan, _source(folder, "a.js"), PURCHASE.encode()) is None


def _hang(self: Analyzer, source: SourceFile, data: bytes, *args: object) -> None:
    time.sleep(120)  # like a parse stuck in native code: no budget check ever runs


def _die(self: Analyzer, source: SourceFile, data: bytes, *args: object) -> None:
    os._exit(3)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (_hang, "took longer than 0.2 s to analyse; skipped"),
        (_die, "the analysis process died on this file; skipped"),
    ],
)
def test_a_stuck_or_dead_analysis_process_is_replaced(
    folder: Path, monkeypatch: pytest.MonkeyPatch, broken: object, message: str
) -> None:
    # A forked child inherits the broken analyser; short budgets keep the test quick.
    monkeypatch.setattr(analysis, "KILL_GRACE", 0.3)
    monkeypatch.setattr(analysis, "_START_GRACE", 2.0)
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    plan = dataclasses.replace(workspace.plan, file_timeout=0.2)
    worker = AnalysisWorker("fork")
    monkeypatch.setattr(Analyzer, "analyze", broken)
    try:
        lost = worker.analyze(plan, _source(folder, "bad.js"), PURCHASE.encode())
        assert lost is not None and not lost.complete
        (notification,) = lost.notifications
        assert (notification.path, notification.message) == ("bad.js", message)
        monkeypatch.undo()  # the next child is forked from the mended parent
        after = worker.analyze(plan, _source(folder, "a.js"), PURCHASE.encode())
        assert after is not None and [f.rule_id for f in after.findings] == ["BRZ401"]
    finally:
        worker.close()


def test_any_change_of_the_configuration_means_a_new_scan(folder: Path) -> None:
    config = folder / ".brazelint.toml"
    config.write_text('ignore = ["BRZ701"]\n')
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    shop = _analyse(workspace, folder / "legacy" / "shop.js", PURCHASE)
    assert workspace.reconfigure(ClientSettings()) is False  # nothing changed: kept
    assert shop in workspace.outcomes
    # Per-file ignores change nothing the analysis computes, only what is shown.
    config.write_text('ignore = ["BRZ701"]\nper-file-ignores = { "legacy/*" = ["BRZ401"] }\n')
    assert workspace.reconfigure(ClientSettings()) is True
    assert workspace.outcomes == {}
    shop = _analyse(workspace, folder / "legacy" / "shop.js", PURCHASE)
    assert _shown(workspace, shop) == {shop: []}


WEB = 'import * as braze from "@braze/web-sdk";\n'
ANALYTICS = (
    WEB
    + "export function track(name: string, props?: object) {\n"
    + "  braze.logCustomEvent(name, props);\n}\n"
)
CHECKOUT = 'import { track } from "./analytics";\ntrack("purchase", { price: 9 });\n'
EVENTS = 'export const EVENTS = { ORDER: "purchase" };\n'
PAGE = WEB + 'import { EVENTS } from "./events";\nbraze.logCustomEvent(EVENTS.ORDER);\n'


def _cross_workspace(folder: Path) -> tuple[Workspace, Analyzer, dict[str, bytes]]:
    texts = {
        "src/analytics.ts": ANALYTICS,
        "src/checkout.ts": CHECKOUT,
        "src/events.ts": EVENTS,
        "src/page.ts": PAGE,
        "src/other.ts": "export const n = 1;\n",
    }
    workspace = Workspace(folder, ClientSettings(), load_catalog())
    analyzer = Analyzer(workspace.plan)
    for name, text in texts.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text)
        source = workspace.source_for(folder / name)
        assert source is not None
        workspace.files[source.display] = source
        outcome = analyze_here(analyzer, source, text.encode())
        if outcome.facts is not None or outcome.findings:
            workspace.store(outcome)
    return workspace, analyzer, {name: text.encode() for name, text in texts.items()}


def _run_cross(workspace: Workspace, analyzer: Analyzer, only: frozenset[str] | None) -> bool:
    wrappers = workspace.wrappers()
    found = cross_file(
        analyzer, list(workspace.files.values()), workspace.cross_outcomes(), only=only
    )
    return workspace.store_cross(found, only, wrappers)


def test_the_second_phase_adds_call_site_findings_and_replaces_importers_findings(
    folder: Path,
) -> None:
    workspace, analyzer, _ = _cross_workspace(folder)
    assert workspace.cross_targets("src/page.ts", PAGE.encode()) is None  # never run yet
    assert _run_cross(workspace, analyzer, None) is True
    shown = _shown(workspace, "src/checkout.ts", "src/page.ts")
    assert shown == {"src/checkout.ts": ["BRZ401"], "src/page.ts": ["BRZ401"]}
    assert "src/page.ts" in workspace.cross_replaced
    assert "src/checkout.ts" not in workspace.cross_replaced  # a call site only adds


def test_a_change_names_the_files_the_second_phase_must_see_again(folder: Path) -> None:
    workspace, analyzer, texts = _cross_workspace(folder)
    _run_cross(workspace, analyzer, None)
    # A constants module: the file importing it. A call site: itself. An unrelated file:
    # nothing to do.
    assert workspace.cross_targets("src/events.ts", texts["src/events.ts"]) == {"src/page.ts"}
    assert workspace.cross_targets("src/checkout.ts", texts["src/checkout.ts"]) == {
        "src/checkout.ts"
    }
    assert workspace.cross_targets("src/other.ts", texts["src/other.ts"]) == frozenset()
    # A call site that stopped calling the wrapper is seen again (its finding then goes).
    assert workspace.cross_targets("src/checkout.ts", b"export {};\n") == {"src/checkout.ts"}
    # The wrappers changed: every file.
    source = workspace.files["src/analytics.ts"]
    workspace.store(analyze_here(analyzer, source, ("\n" + ANALYTICS).encode()))
    assert workspace.cross_targets("src/analytics.ts", None) is None
    # Its own share first, for the edited file's diagnostics; the rest comes after.
    assert workspace.cross_targets("src/analytics.ts", None, whole=False) is not None


def test_refreshing_one_file_keeps_the_others_second_phase(folder: Path) -> None:
    workspace, analyzer, _ = _cross_workspace(folder)
    _run_cross(workspace, analyzer, None)
    (folder / "src" / "events.ts").write_text('export const EVENTS = { ORDER: "screen_viewed" };\n')
    _run_cross(workspace, analyzer, frozenset({"src/page.ts"}))
    assert _shown(workspace, "src/checkout.ts", "src/page.ts") == {
        "src/checkout.ts": ["BRZ401"],
        "src/page.ts": [],
    }


def test_the_worker_runs_the_second_phase_from_the_buffers(folder: Path) -> None:
    workspace, _, _ = _cross_workspace(folder)
    worker = AnalysisWorker()
    args = (workspace.plan, list(workspace.files.values()), workspace.cross_outcomes())
    try:
        # The module's buffer, not its file, is what the importer is analysed with.
        renamed = {"src/events.ts": b'export const EVENTS = { ORDER: "screen_viewed" };\n'}
        found = worker.cross_file(*args, renamed, frozenset({"src/page.ts"}))
        assert found is not None and found.replaced == {"src/page.ts"}
        assert found.findings == []
        found = worker.cross_file(*args, {}, None)
        assert found is not None
        assert sorted(f.path for f in found.findings) == ["src/checkout.ts", "src/page.ts"]
        assert worker.cross_file(*args, {}, None, lambda: False) is None  # stale
    finally:
        worker.close()
    assert worker.cross_file(*args, {}, None) is None


def test_a_bug_in_the_second_phase_costs_that_phase_only(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, analyzer, _ = _cross_workspace(folder)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(analysis, "cross_file", broken)
    request = analysis.CrossRequest(
        workspace.plan, tuple(workspace.files.values()), tuple(workspace.cross_outcomes()), {}, None
    )
    found = analysis._cross(analyzer, Slimmer(()), analysis.MemoryCache(), request)
    assert found.internal_error and found.findings == []
    (notification,) = found.notifications
    assert notification.message == (
        "internal error in the cross-file analysis (RuntimeError: boom); "
        "the files' own analyses stand"
    )
    # The workspace keeps the first phase's findings.
    workspace.store_cross(found, None, workspace.wrappers())
    assert _shown(workspace, "src/page.ts") == {"src/page.ts": []}
