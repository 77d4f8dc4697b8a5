"""JSON app configuration, read only where Braze is in sight: string pairs become config
entries (hosts checked by BRZ201/203/204), arrays give one entry per string, comments and
trailing commas are read the same, and a JSON file that names no Braze gives nothing."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.frontends import json_config
from brazelint.languages import Language, language_for

APP_JSON = """{
  // Expo config (JSONC: comments and a trailing comma)
  "expo": {
    "name": "Shop",
    "plugins": [
      ["@braze/expo-plugin", {
        "androidApiKey": "android-app-identifier",
        "baseUrl": "sdk.iad-1.braze.com",
        "logLevel": 0,
      }]
    ],
    "extra": { "brazeRest": "https://rest.fra-01.braze.eu", "note": "caf\\u00e9" }
  },
  "clusters": ["sdk.iad-01.braze.com", "sdk.fra-01.braze.eu"]
}
"""


def _scan(root: Path, files: dict[str, str]) -> ScanResult:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return scan(ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root))


def test_pairs_and_array_items_become_entries() -> None:
    facts = json_config.parse("app.json", APP_JSON, Language.JSON)
    entries = [(e.key, e.value, e.value_span.line) for e in facts.config]
    assert ("baseUrl", "sdk.iad-1.braze.com", 8) in entries
    assert ("brazeRest", "https://rest.fra-01.braze.eu", 12) in entries
    assert ("note", "café", 12) in entries
    assert ("clusters[]", "sdk.iad-01.braze.com", 14) in entries
    assert ("clusters[]", "sdk.fra-01.braze.eu", 14) in entries
    assert all(key != "logLevel" for key, _, _ in entries)  # numbers are left out
    [base] = [e for e in facts.config if e.key == "baseUrl"]
    assert (base.value_span.col, base.value_span.end_col) == (21, 40)
    assert facts.problems == ()


def test_json_without_braze_gives_nothing() -> None:
    facts = json_config.parse(
        "tsconfig.json", '{"compilerOptions": {"strict": true}}', Language.JSON
    )
    assert facts.config == () and facts.problems == ()


def test_broken_json_is_read_as_far_as_it_goes() -> None:
    text = '{"braze": {"baseUrl": "sdk.iad-01.braze.com", "x": [1, {"y": "unterminated'
    facts = json_config.parse("c.json", text, Language.JSON)
    assert [(e.key, e.value) for e in facts.config] == [("baseUrl", "sdk.iad-01.braze.com")]


def test_hosts_in_json_config_are_checked(tmp_path: Path) -> None:
    result = _scan(
        tmp_path,
        {
            "app.json": APP_JSON,
            "src/braze.ts": (
                'import * as braze from "@braze/web-sdk";\n'
                'braze.initialize("k", { baseUrl: "sdk.fra-01.braze.eu" });\n'
            ),
        },
    )
    found = sorted((f.path, f.span.line, f.rule_id) for f in result.findings)
    # The malformed host; the clusters list is a list of alternatives (a chooser).
    assert ("app.json", 8, "BRZ201") in found
    assert [f for f in found if f[2] == "BRZ203"] == []
    assert result.notifications == []


def test_which_json_files_are_read() -> None:
    assert language_for(PurePosixPath("app.json")) is Language.JSON
    assert language_for(PurePosixPath("config/braze.JSON")) is Language.JSON
    assert language_for(PurePosixPath("package.json")) is Language.MANIFEST
    assert language_for(PurePosixPath("web/package-lock.json")) is None


def test_two_settings_on_two_clusters_are_a_mismatch(tmp_path: Path) -> None:
    config = (
        '{"web": {"baseUrl": "sdk.iad-01.braze.com"},\n'
        ' "tv": {"baseUrl": "sdk.iad-03.braze.com"},\n'
        ' "server": {"restUrl": "https://rest.iad-01.braze.com"},\n'
        ' "regions": {"US": "sdk.iad-01.braze.com", "EU": "sdk.fra-01.braze.eu"}}\n'
    )
    result = _scan(tmp_path, {"config/braze.json": config})
    assert [(f.span.line, f.rule_id) for f in result.findings] == [(2, "BRZ203")]
