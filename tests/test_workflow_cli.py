"""Command-line conveniences of issue 15: ``--show-settings``, the progress line on a
terminal, and the machine-readable rule list."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint import progress
from brazelint.catalog import load_catalog
from brazelint.cli import main

CONFIG = """\
[tool.brazelint]
ignore = ["BRZ701"]
exclude = ["legacy/**"]
fail-on = "warning"

[tool.brazelint.severity]
BRZ401 = "error"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "app.js").write_text("// nothing\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _settings(*args: str) -> dict:
    outcome = CliRunner().invoke(main, ["--show-settings", "--format", "json", *args])
    assert outcome.exit_code == 0, outcome.stderr
    data: dict = json.loads(outcome.stdout)
    return data


def test_show_settings_names_the_source_of_each_value(project: Path) -> None:
    config_file = str(project / "pyproject.toml")
    data = _settings("--ignore", "BRZ702", "--extend-exclude", "tmp/**", "-j", "2")
    assert data["config-file"] == {
        "value": config_file,
        "source": "the nearest one above the scanned paths",
    }
    assert data["fail-on"] == {"value": "warning", "source": config_file}
    assert data["exclude"] == {
        "value": ["legacy/**", "tmp/**"],
        "source": f"{config_file} + command line",
    }
    enabled = set(data["enabled"]["value"])
    assert enabled == set(load_catalog()) - {"BRZ701", "BRZ702"}
    assert data["enabled"]["source"] == f"{config_file} + command line"
    assert data["severity"] == {"value": {"BRZ401": "error"}, "source": config_file}
    assert data["track-batch-limit"] == {"value": 75, "source": "default"}
    assert data["liquid-default-text"] == {"value": None, "source": "default"}
    assert data["jobs"] == {"value": 2, "source": "command line"}
    assert data["max-file-size"] == {"value": 10, "source": "default"}
    named = _settings("--config", "pyproject.toml")["config-file"]
    assert named == {"value": "pyproject.toml", "source": "command line (--config)"}
    # The command line replaces the file's value, and says so.
    assert _settings("--fail-on", "error")["fail-on"] == {
        "value": "error",
        "source": "command line",
    }


def test_show_settings_isolated_is_all_defaults_and_scans_nothing(project: Path) -> None:
    data = _settings("--isolated")
    assert data["config-file"] == {"value": None, "source": "none: --isolated"}
    assert data["fail-on"] == {"value": "note", "source": "default"}
    assert data["enabled"] == {"value": sorted(load_catalog()), "source": "default"}
    outcome = CliRunner().invoke(main, ["--show-settings", "--isolated"])
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert any(
        line.startswith("fail-on") and line.endswith('= "note"  # default') for line in lines
    )
    assert "finding" not in outcome.stdout  # nothing was scanned


def test_show_settings_with_a_broken_config_is_exit_2(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.brazelint]\nfail-on = "sometimes"\n', "utf-8")
    outcome = CliRunner().invoke(main, ["--show-settings"])
    assert outcome.exit_code == 2
    [line] = outcome.stderr.splitlines()
    assert "fail-on" in line and "sometimes" in line


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_wanted_only_on_a_terminal_outside_ci() -> None:
    assert progress.wanted(FakeTerminal(), {})
    assert not progress.wanted(io.StringIO(), {})  # piped
    assert not progress.wanted(FakeTerminal(), {"CI": "true"})
    assert not progress.wanted(FakeTerminal(), {"GITHUB_ACTIONS": "true"})
    assert progress.wanted(FakeTerminal(), {"CI": ""})  # set but empty: not CI


def test_progress_line_appears_after_a_second_and_is_wiped() -> None:
    terminal, clock = FakeTerminal(), FakeClock()
    line = progress.Progress(terminal, clock)
    line.update(1, 3)
    clock.now += 0.5
    line.update(2, 3)
    assert terminal.getvalue() == ""  # a fast scan prints nothing
    clock.now += 0.6
    line.update(2, 3)
    assert terminal.getvalue().endswith("brazelint: 2/3 files")
    clock.now += 0.01
    line.update(2, 3)  # too soon to redraw
    assert terminal.getvalue().count("brazelint:") == 1
    line.update(3, 3)  # the last file is always drawn
    assert terminal.getvalue().endswith("brazelint: 3/3 files")
    line.finish()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_progress_on_a_fast_scan_leaves_nothing_behind() -> None:
    terminal = FakeTerminal()
    line = progress.Progress(terminal, FakeClock())
    line.update(1, 1)
    line.finish()
    assert terminal.getvalue() == ""


def test_a_slow_scan_on_a_terminal_shows_progress_and_ci_does_not(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scan reads a clock that jumps two seconds per reading: "slow", without waiting.
    readings = iter(range(0, 10_000, 2))
    monkeypatch.setattr(progress.time, "monotonic", lambda: float(next(readings)))
    # CliRunner's stderr is no terminal: answer for a terminal, keeping the CI check.
    real_wanted = progress.wanted
    monkeypatch.setattr(progress, "wanted", lambda _stream, env: real_wanted(FakeTerminal(), env))
    for name in progress.CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    outcome = CliRunner().invoke(main, ["web", "--no-cache"], catch_exceptions=False)
    assert outcome.exit_code == 0
    assert outcome.stderr == "\r\x1b[Kbrazelint: 1/1 files\r\x1b[K"
    assert outcome.stdout == "No findings in 1 file.\n"  # stdout never holds the line
    outcome = CliRunner().invoke(main, ["web", "--no-cache", "--quiet"])
    assert outcome.stderr == ""
    monkeypatch.setenv("CI", "true")
    outcome = CliRunner().invoke(main, ["web", "--no-cache"])
    assert outcome.stderr == ""


def test_rules_as_json_lists_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # not in this checkout, whose rules/ folder `rules` names too
    outcome = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert outcome.exit_code == 0
    rows = json.loads(outcome.stdout)
    catalog = load_catalog()
    assert [row["id"] for row in rows] == list(catalog)
    for row in rows:
        entry = catalog[row["id"]]
        assert row == {
            "id": entry.id,
            "name": entry.name,
            "severity": entry.severity.value,
            "languages": [language.value for language in entry.languages],
            "short": entry.short,
        }
