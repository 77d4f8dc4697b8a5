"""BRZ205's near-miss matching of Braze configuration keys, and the rule's messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from brazelint.braze.config_keys import ANDROID_KEYS, PLIST_KEYS, edit_distance, near_miss
from brazelint.engine import ScanOptions, scan


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("custom_endpiont", "custom_endpoint"),  # transposition
        ("api_kay", "api_key"),
        ("handle_push_deeplinks_automatically", "handle_push_deep_links_automatically"),
        ("Custom_Endpoint", "custom_endpoint"),  # case
        ("custom-endpoint", "custom_endpoint"),
    ],
)
def test_android_near_misses(written: str, meant: str) -> None:
    assert near_miss(written, ANDROID_KEYS) == meant


@pytest.mark.parametrize(
    "written",
    [
        "custom_endpoint",  # known
        "some_future_setting_enabled",  # far from everything
        "push_medium_notification_icon",  # as close to small as to large: not a clear typo
        "push_gcm_messaging_registration_enabled",  # a real legacy Appboy key
        "custom_endpoinnt_x",  # two edits away: not a clear typo
    ],
)
def test_android_keys_not_reported(written: str) -> None:
    assert near_miss(written, ANDROID_KEYS) is None


def test_plist_keys_are_case_sensitive_near_misses() -> None:
    assert near_miss("endpoint", PLIST_KEYS) == "Endpoint"
    assert near_miss("EndPoint", PLIST_KEYS) == "Endpoint"
    assert near_miss("LogLevel", PLIST_KEYS) is None
    assert near_miss("EnableGeofence", PLIST_KEYS) is None  # read by Braze's Expo adapter
    assert near_miss("Sessions", PLIST_KEYS) is None


def test_edit_distance_is_bounded() -> None:
    assert edit_distance("abc", "acb", 2) == 1
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("a" * 500, "b" * 500, 2) == 3  # gives up once above the limit


def test_message_names_the_key_meant(tmp_path: Path) -> None:
    values = tmp_path / "res" / "values"
    values.mkdir(parents=True)
    (values / "braze.xml").write_text(
        '<resources>\n  <string name="com_appboy_custom_endpiont">sdk.iad-01.braze.com</string>\n'
        "</resources>\n",
        encoding="utf-8",
    )
    result = scan(ScanOptions(targets=(tmp_path,), enabled=frozenset({"BRZ205"}), root=tmp_path))
    assert [(f.path, f.span.line, f.message) for f in result.findings] == [
        (
            "res/values/braze.xml",
            2,
            "`com_appboy_custom_endpiont` is not a key the Braze SDK reads, so this setting is "
            "ignored and the SDK keeps its default; did you mean `com_appboy_custom_endpoint`?",
        )
    ]
