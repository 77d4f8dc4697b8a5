"""BRZ701's log levels mean what each platform says (issue 13): Swift `.debug` is verbose and
`.info` is not; Android VERBOSE/DEBUG (and numbers below INFO, the SDK default) are."""

from __future__ import annotations

from pathlib import Path

import pytest

from brazelint.engine import ScanOptions, scan


def _lines(tmp_path: Path, name: str, text: str) -> list[int]:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result = scan(ScanOptions(targets=(tmp_path,), enabled=frozenset({"BRZ701"}), root=tmp_path))
    return [f.span.line for f in result.findings]


def test_swift_debug_is_verbose_and_info_is_not(tmp_path: Path) -> None:
    text = (
        "import BrazeKit\n"
        "func setUp(configuration: Braze.Configuration) {\n"
        "  configuration.logger.level = .info\n"
        "  configuration.logger.level = .debug\n"
        "}\n"
    )
    assert _lines(tmp_path, "App/AppDelegate.swift", text) == [4]


def test_android_info_is_the_default_not_verbose(tmp_path: Path) -> None:
    text = (
        "import com.braze.support.BrazeLogger\n"
        "import android.util.Log\n"
        "fun setUp() {\n"
        "    BrazeLogger.logLevel = Log.INFO\n"
        "    BrazeLogger.logLevel = Log.DEBUG\n"
        "    BrazeLogger.setLogLevel(4)\n"
        "    BrazeLogger.setLogLevel(Log.VERBOSE)\n"
        "}\n"
    )
    assert _lines(tmp_path, "app/src/main/java/App.kt", text) == [5, 7]


@pytest.mark.parametrize(
    ("level", "reported"), [("2", True), ("3", True), ("4", False), ("6", False)]
)
def test_integer_level_in_braze_xml(tmp_path: Path, level: str, reported: bool) -> None:
    text = (
        "<resources>\n"
        f'  <integer name="com_braze_logger_initial_log_level">{level}</integer>\n'
        "</resources>\n"
    )
    assert _lines(tmp_path, "app/src/main/res/values/braze.xml", text) == ([2] if reported else [])


def test_debug_only_code_is_never_shipped(tmp_path: Path) -> None:
    guarded = (
        "import com.braze.support.BrazeLogger\n"
        "import android.util.Log\n"
        "fun setUp() {\n"
        "    if (BuildConfig.DEBUG) { BrazeLogger.logLevel = Log.VERBOSE }\n"
        "}\n"
    )
    assert _lines(tmp_path, "app/src/main/java/App.kt", guarded) == []
    unguarded = guarded.replace("if (BuildConfig.DEBUG) ", "")
    assert _lines(tmp_path, "app/src/debug/java/Debug.kt", unguarded) == []


_PLIST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
    '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
    '<plist version="1.0">\n<dict>\n'
    "  <key>{dictionary}</key>\n  <dict>\n"
    "    <key>LogLevel</key>\n    {value}\n"
    "  </dict>\n</dict>\n</plist>\n"
)


@pytest.mark.parametrize(
    ("dictionary", "value", "reported"),
    [
        # The shape of applyinnovations/playable-braze-demo-expo@2dc5d60
        # ios/playablebrazedemoexpo/Info.plist:15 (written by the Expo plugin's logLevel: 0).
        ("Braze", "<integer>0</integer>", True),
        # Appboy-iOS-SDK 3.3.4 documented LogLevel as a string entry.
        ("Appboy", "<string>0</string>", True),
        # 8 is the legacy SDK's default; other numbers are not judged.
        ("Braze", "<integer>8</integer>", False),
        ("Braze", "<integer>1</integer>", False),
        # Not the SDK's dictionary.
        ("MyLogger", "<integer>0</integer>", False),
    ],
)
def test_log_level_in_info_plist(
    tmp_path: Path, dictionary: str, value: str, reported: bool
) -> None:
    text = _PLIST.format(dictionary=dictionary, value=value)
    assert _lines(tmp_path, "App/Info.plist", text) == ([8] if reported else [])


def test_test_bundle_info_plist_configures_nothing(tmp_path: Path) -> None:
    text = _PLIST.format(dictionary="Braze", value="<integer>0</integer>")
    assert _lines(tmp_path, "AppTests/Info.plist", text) == []
    assert _lines(tmp_path, "AppUITests/Info.plist", text) == []
