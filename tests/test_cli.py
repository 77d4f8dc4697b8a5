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
        'app.js:2:22: BRZ401 [purchase-as-custom-event] "purchase" looks like a purchase '
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


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_missing_path_next_to_a_good_one_scans_the_good_one_then_fails(
    project: Path, output_format: str
) -> None:
    typo = project / "srcc"
    code, out, err = invoke(str(project / "app.js"), str(typo), "--format", output_format)
    assert code == 2
    assert f"brazelint: error: path does not exist: {typo}" in err
    # The good path was scanned and reported in full before the failure.
    assert "BRZ401" in out
    if output_format != "text":
        json.loads(out)


def test_missing_path_does_not_write_a_partial_baseline(project: Path) -> None:
    baseline = project / "baseline.json"
    code, _, err = invoke(
        str(project / "app.js"), str(project / "nope.js"), "--write-baseline", str(baseline)
    )
    assert code == 2
    assert "path does not exist" in err
    assert not baseline.exists()


def test_folder_without_sources_says_nothing_to_scan(tmp_path: Path) -> None:
    # (.txt and .md are read now, as templates where Braze is in sight; .rst is not.)
    (tmp_path / "notes.rst").write_text("braze", encoding="utf-8")
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
        "braze.changeUser(null);\n",
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
    # Gradle output committed outside build/: an unpacked AAR's strings are the SDK's own.
    aar = tmp_path / "app" / "intermediates" / "exploded-aar" / "com.appboy" / "res" / "values"
    aar.mkdir(parents=True)
    (aar / "values.xml").write_text(
        '<resources><string name="com_appboy_feed_empty">x</string></resources>\n'
    )
    code, out, _ = invoke(str(tmp_path))
    assert code == 0
    assert "Nothing to scan" in out


def test_rules_command_lists_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # this repository has a rules/ folder (see below)
    code, out, _ = invoke("rules")
    assert code == 0
    assert "BRZ401  purchase-as-custom-event" in out


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert out.startswith("brazelint, version ")


# --- CLI polish ---------------------------------------------------------------------------


def test_rules_table_has_a_header_and_one_row_per_rule() -> None:
    from brazelint.catalog import load_catalog

    _, out, _ = invoke("rules", "--")  # `--`: the command, though rules/ exists here
    lines = out.splitlines()
    width = max(len(e.name) for e in load_catalog().values())
    assert lines[0] == f"{'ID':<6}  {'NAME':<{width}}  SEVERITY  SUMMARY"
    assert len(lines) == 1 + len(load_catalog())
    entry = load_catalog()["BRZ401"]
    assert f"BRZ401  {entry.name:<{width}}  {entry.severity.value:<8}  {entry.short}" in lines


def test_rule_command_shows_examples() -> None:
    code, out, _ = invoke("rule", "unused-suppression")
    assert code == 0
    assert out.startswith("# unused-suppression (BRZ001)\n")
    assert "## Example (javascript)" in out and "Use instead:" in out


@pytest.mark.parametrize("word", ["rules", "rule", "context"])
def test_a_word_that_is_both_a_command_and_a_path_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    (tmp_path / word).mkdir()
    (tmp_path / word / "app.js").write_text(PURCHASE_JS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(word)
    assert code == 2 and out == ""
    assert err == (
        f"brazelint: error: `{word}` is both a brazelint command and a path here: run "
        f"`brazelint check {word}` to scan the path, or `brazelint {word} --` for the command\n"
    )
    # Both readings stay reachable.
    assert invoke("check", word)[0] == 1
    if word == "rules":
        assert invoke(word, "--")[0] == 0


def test_a_misspelled_command_that_is_no_path_gets_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("contxt")
    assert code == 2
    assert err == (
        "brazelint: error: no such path or command: 'contxt' (did you mean `brazelint context`?)\n"
    )
    # A path that exists is scanned, however close to a command its name is.
    (tmp_path / "rulez").mkdir()
    assert invoke("rulez")[0] == 0


def test_misspelled_rules_get_a_suggestion(project: Path) -> None:
    code, _, err = invoke(str(project), "--select", "purchase-as-custom-evnt")
    assert code == 2
    assert "(did you mean `purchase-as-custom-event`?)" in err
    code, _, err = invoke("rule", "BRZ4011")
    assert code == 2
    assert "unknown rule 'BRZ4011' (did you mean `BRZ401`?)" in err
    code, _, err = invoke(str(project), "--ignore", "zzz")
    assert code == 2 and "did you mean" not in err


def test_statistics(project: Path) -> None:
    (project / "more.js").write_text(PURCHASE_JS + "// brazelint: ignore[BRZ303]\n")
    code, out, _ = invoke(str(project), "--statistics")
    assert code == 1
    assert out == (
        "2\tBRZ401\tpurchase-as-custom-event\n1\tBRZ001\tunused-suppression\nFound 3 findings.\n"
    )
    code, out, _ = invoke(str(project), "--statistics", "--format", "json")
    assert json.loads(out)[0] == {
        "rule_id": "BRZ401",
        "name": "purchase-as-custom-event",
        "count": 2,
    }


def test_quiet_prints_findings_only(project: Path) -> None:
    (project / "broken.js").write_bytes(b"braze.changeUser(1)\x00binary")
    code, out, err = invoke(str(project), "--quiet")
    assert code == 1
    assert out.startswith("app.js:2:22: BRZ401")
    assert "Found" not in out and err == ""
    (project / "app.js").unlink()
    assert invoke(str(project), "-q")[:3] == (0, "", "")


def test_colour_only_when_asked_or_on_a_terminal(project: Path, monkeypatch) -> None:
    from brazelint.cli import _want_color

    assert "\x1b[" not in invoke(str(project))[1]  # CliRunner's stdout is not a terminal
    assert "\x1b[" in invoke(str(project), "--color")[1]

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _want_color(None, None, Terminal()) is True
    assert _want_color(None, Path("out.txt"), Terminal()) is False
    assert _want_color(False, None, Terminal()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _want_color(None, None, Terminal()) is False
    assert _want_color(True, None, Terminal()) is True


def test_stdin_with_stdin_filename(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    outcome = runner.invoke(
        main, ["-", "--stdin-filename", "src/checkout.js", "--quiet"], input=PURCHASE_JS
    )
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("src/checkout.js:2:22: BRZ401 [purchase-as-custom-event]")
    clean = runner.invoke(main, ["-", "--stdin-filename", "src/checkout.js"], input=CLEAN_JS)
    assert (clean.exit_code, clean.stdout) == (0, "No findings in 1 file.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "reading standard input (`-`) needs --stdin-filename to know the language"),
        (["-", ".", "--stdin-filename", "a.js"], "`-` (standard input) cannot be combined"),
        ([".", "--stdin-filename", "a.js"], "--stdin-filename is only used with the path `-`"),
    ],
)
def test_stdin_usage_errors(args: list[str], message: str) -> None:
    outcome = CliRunner().invoke(main, args, input="")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"brazelint: error: {message}")


def test_version_is_the_package_version() -> None:
    from brazelint import __version__

    assert invoke("--version")[1] == f"brazelint, version {__version__}\n"


def test_named_file_that_is_not_scanned_is_said(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "bundle.js").write_text(PURCHASE_JS, encoding="utf-8")
    (tmp_path / "notes.rst").write_text("braze", encoding="utf-8")
    (tmp_path / "app.js").write_text(PURCHASE_JS, encoding="utf-8")
    code, out, err = invoke(
        str(tmp_path / "dist" / "bundle.js"), str(tmp_path / "notes.rst"), str(tmp_path / "app.js")
    )
    assert code == 1
    assert "app.js:2:22: BRZ401" in out
    assert "bundle.js: is inside dist/, a dependency or build folder" in err
    assert "notes.rst: is not a file type brazelint reads; skipped" in err
