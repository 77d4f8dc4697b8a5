"""The command line as users run it: formats, exit codes, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main

PURCHASE_JS = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'
CLEAN_JS = 'import * as braze from "@braze/web-sdk";\nbraze.logPurchase("sku", 1, "USD", 1);\n'


def invoke(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    outcome = runner.invoke(main, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout, outcome.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.js").write_text(PURCHASE_JS, encoding="utf-8")
    (tmp_path / "clean.js").write_text(CLEAN_JS, encoding="utf-8")
    return tmp_path


def test_text_format_reports_location_rule_and_summary(project: Path) -> None:
    code, out, _ = invoke(str(project))
    assert code == 1
    first = out.splitlines()[0]
    assert first.endswith(
        "app.js:2:22: BRZ401 [purchase-as-custom-event] \"purchase\" looks like a purchase "
        "logged through logCustomEvent; Braze counts revenue only from logPurchase (or use "
        "the `ecommerce.order_placed` recommended event)"
    )
    assert "Found 1 finding" in out
    assert "in 2 files" in out


def test_default_command_is_check(project: Path) -> None:
    assert invoke(str(project))[:2] == invoke("check", str(project))[:2]


def test_clean_tree_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "clean.js").write_text(CLEAN_JS, encoding="utf-8")
    code, out, _ = invoke(str(tmp_path))
    assert code == 0
    assert "No findings in 1 file" in out


def test_json_format(project: Path) -> None:
    code, out, _ = invoke(str(project), "--format", "json")
    assert code == 1
    document = json.loads(out)
    [finding] = document["findings"]
    assert finding["rule_id"] == "BRZ401"
    assert (finding["line"], finding["column"]) == (2, 22)
    assert finding["path"].endswith("app.js")


def test_sarif_format_to_output_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    code, out, _ = invoke(str(project), "--format", "sarif", "--output", str(target))
    assert code == 1
    assert out == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    [result] = document["runs"][0]["results"]
    assert result["ruleId"] == "BRZ401"


def test_github_format(project: Path) -> None:
    code, out, _ = invoke(str(project), "--format", "github")
    assert code == 1
    assert out.startswith("::warning file=")
    assert "line=2" in out


def test_fail_on_and_exit_zero(project: Path) -> None:
    assert invoke(str(project), "--fail-on", "error")[0] == 0
    assert invoke(str(project), "--fail-on", "warning")[0] == 1
    assert invoke(str(project), "--exit-zero")[0] == 0


def test_select_and_ignore(project: Path) -> None:
    assert invoke(str(project), "--ignore", "BRZ401")[0] == 0
    assert invoke(str(project), "--select", "BRZ4")[0] == 1
    assert invoke(str(project), "--select", "purchase-as-custom-event")[0] == 1
    assert invoke(str(project), "--select", "BRZ2,BRZ3")[0] == 0


def test_unknown_selector_is_a_usage_error(project: Path) -> None:
    code, _, err = invoke(str(project), "--select", "BRZ999")
    assert code == 2
    assert "unknown rule selector 'BRZ999'" in err


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = invoke(str(tmp_path / "nope"))
    assert code == 2
    assert "path does not exist" in err
    assert out == ""


def test_folder_without_sources_says_nothing_to_scan(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("braze", encoding="utf-8")
    code, out, _ = invoke(str(tmp_path))
    assert code == 0
    assert "Nothing to scan" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"braze.changeUser(1)\x00\x01\x02 binary", "binary file"),
        (b"braze.changeUser('\xff\xfe\xfa')", "not valid UTF-8"),
    ],
)
def test_unreadable_content_is_a_notification_and_the_scan_goes_on(
    project: Path, content: bytes, message: str
) -> None:
    (project / "broken.js").write_bytes(content)
    code, out, err = invoke(str(project))
    assert code == 1  # app.js still reported
    assert "BRZ401" in out
    assert "broken.js" in err
    assert message in err


def test_empty_file_is_fine(project: Path) -> None:
    (project / "empty.js").write_bytes(b"")
    code, out, err = invoke(str(project))
    assert code == 1
    assert "in 3 files" in out
    assert "empty.js" not in err


def test_notifications_appear_in_sarif(project: Path) -> None:
    (project / "broken.js").write_bytes(b"braze.changeUser(1)\x00binary")
    code, out, _ = invoke(str(project), "--format", "sarif")
    assert code == 1
    run = json.loads(out)["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("binary file" in n["message"]["text"] for n in notes)
    assert len(run["results"]) == 1


def test_syntax_error_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "half.js").write_text(
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("purchase");\n'
        "function broken( {{{ \n"
        'braze.changeUser(null);\n',
        encoding="utf-8",
    )
    code, out, err = invoke(str(tmp_path))
    assert code == 1
    assert "BRZ401" in out
    assert "half.js" in err and "syntax error" in err


def test_exclude_glob(project: Path) -> None:
    assert invoke(str(project), "--exclude", "app.js")[0] == 0


def test_vendored_and_minified_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "index.js").write_text(PURCHASE_JS, encoding="utf-8")
    (tmp_path / "bundle.min.js").write_text(PURCHASE_JS, encoding="utf-8")
    code, out, _ = invoke(str(tmp_path))
    assert code == 0
    assert "Nothing to scan" in out


def test_rules_command_lists_every_rule() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    assert "BRZ401  purchase-as-custom-event" in out


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert out.startswith("brazelint, version ")
