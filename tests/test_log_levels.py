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
