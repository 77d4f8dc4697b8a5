"""What a scan keeps of each file's facts once file rules have run (analyzer_module.Slimmer), and
what the runner keeps of files with nothing to say: only what later stages read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from brazelint import analyzer as analyzer_module
from brazelint import repository_search
from brazelint.analyzer import Analyzer, FilePlan, Mode
from brazelint.catalog import load_catalog
from brazelint.discover import discover
from brazelint.facts import FileFacts, merge_views, view_of
from brazelint.workers import Runner

ANALYZER = Analyzer(FilePlan(enabled=frozenset(load_catalog())))
SLIMMER = analyzer_module.Slimmer(tuple(ANALYZER.rules.project_rules))

AUTO_FCM_XML = b"""<resources>
  <string name="com_braze_api_key">00000000-aaaa-bbbb-cccc-000000000000</string>
  <bool name="com_braze_firebase_cloud_messaging_registration_enabled">true</bool>
  <string name="app_name">Shop</string>
  <string name="support_hint">Set log_level in the settings screen</string>
</resources>
"""

HOSTS_PY = b"""import requests
ENDPOINTS = {"us": "https://rest.iad-01.braze.com", "eu": "https://rest.fra-01.braze.eu"}
url = "https://rest.iad-03.braze.com/users/track"
other = "https://example.com/x"
requests.post(url, json={"attributes": []})
requests.get(other)
"""


def _outcome(tmp_path: Path, name: str, data: bytes) -> analyzer_module.FileOutcome:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    (source,) = discover([path], tmp_path).files
    return ANALYZER.analyze(source, data)


def test_android_settings_stay_for_the_push_rule_whatever_matched(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path, "android/app/src/main/res/values/braze.xml", AUTO_FCM_XML)
    assert outcome.facts is not None
    # Parsed for BRZ701's keywords; the push rule never matches XML by keywords.
    assert outcome.rule_ids and "BRZ702" not in outcome.rule_ids
    assert not outcome.findings
    slim = SLIMMER(outcome).facts
    assert slim is not None
    assert {entry.key for entry in slim.config} == {
        "com_braze_api_key",
        "com_braze_firebase_cloud_messaging_registration_enabled",
    }
    assert slim.lines == outcome.facts.lines


def test_region_rule_keeps_host_literals_and_the_calls_holding_them(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path, "server/track.py", HOSTS_PY)
    facts = outcome.facts
    assert facts is not None
    slim = SLIMMER(outcome).facts
    assert slim is not None
    assert [s.text for s in slim.strings] == [
        "https://rest.iad-01.braze.com",
        "https://rest.fra-01.braze.eu",
        "https://rest.iad-03.braze.com/users/track",
    ]
    # The catalogue (a dict of clusters) is an assigned value; the REST call holds a host
    # only through a name, so it is not kept, nor is the unrelated call.
    assert [a.target for a in slim.assignments] == [("ENDPOINTS",), ("url",)]
    assert len(slim.calls) < len(facts.calls)
    assert slim.imports == () and slim.functions == ()


def test_a_file_nobody_needs_loses_its_facts(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path, "web/track.js", b'braze.logPurchase("sku-1", 9.99, "USD");\n')
    assert outcome.facts is not None and not outcome.findings
    assert SLIMMER(outcome).facts is None


def test_event_drift_keeps_only_the_event_calls_and_imports(tmp_path: Path) -> None:
    data = (
        b'import * as braze from "@braze/web-sdk";\n'
        b'braze.logCustomEvent("clicked");\nbraze.logPurchase("sku-1", 9.99, "USD");\n'
    )
    outcome = _outcome(tmp_path, "web/track.js", data)
    slim = SLIMMER(outcome).facts
    assert slim is not None
    assert [call.name for call in slim.calls] == ["logCustomEvent"]
    assert [item.module for item in slim.imports] == ["@braze/web-sdk"]
    assert slim.strings == () and slim.assignments == ()


def test_suppression_comments_are_kept_whole(tmp_path: Path) -> None:
    data = b'braze.logPurchase("sku-1", 9.99, "USD"); // brazelint: ignore[BRZ401]\n'
    outcome = _outcome(tmp_path, "web/track.js", data)
    slim = SLIMMER(outcome).facts
    assert slim is not None and outcome.facts is not None
    assert slim.comments == outcome.facts.comments
    assert slim.calls == ()


def test_files_with_a_key_to_redact_keep_every_fact(tmp_path: Path) -> None:
    data = b'const BRAZE_REST_API_KEY = "d9e1f0a2-3b4c-4d5e-8f60-718293a4b5c6";\n'
    outcome = _outcome(tmp_path, "web/config.js", data)
    assert any(f.extra.get("redact_snippet") == "1" for f in outcome.findings)
    assert SLIMMER(outcome) is outcome


def test_views_take_items_of_the_file_itself() -> None:
    from brazelint.languages import Language

    facts = FileFacts("a.py", Language.PYTHON)
    with pytest.raises(TypeError, match="not item fields"):
        view_of(facts, path=("x",))
    assert merge_views(facts, []) == facts


def test_runner_returns_only_files_with_something_to_say(tmp_path: Path) -> None:
    for index in range(5):
        (tmp_path / f"plain{index}.py").write_text("print('hello')\n")
    (tmp_path / "track.py").write_text('braze.logCustomEvent("purchase")\n')
    sources = discover([tmp_path], tmp_path).files
    with Runner(ANALYZER, tmp_path, 1, None) as runner:
        outcomes = runner.run(sources, Mode.FULL)
    assert [o.display for o in outcomes] == ["track.py"]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_repository_grep_runs_in_the_background_and_can_be_cancelled(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.ts").write_text('const host = "sdk.iad-01.braze.com";\n')
    (tmp_path / "b.ts").write_text("const nothing = 1;\n")
    grep = repository_search.RepositoryGrep.start(tmp_path, [b".braze.com"])
    assert grep is not None
    assert grep.names() == ["a.ts"]
    grep.cancel()  # already answered: nothing to stop
    running = repository_search.RepositoryGrep.start(tmp_path, [b".braze.com"])
    assert running is not None
    running.cancel()
    assert running.names() is None or running.names() == ["a.ts"]
    assert repository_search.RepositoryGrep.start(tmp_path / "elsewhere", [b"x"]) is None
    assert repository_search.RepositoryGrep.start(tmp_path, None) is None
