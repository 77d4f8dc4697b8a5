"""``--add-suppressions [--reason TEXT]``: a suppression comment in each file's own
comment syntax for every current finding, so that a rerun is clean (issue 15).

Every language is exercised on one of the rule fixtures; byte preservation (CRLF, BOM,
UTF-16, non-ASCII text) on files written here; the files brazelint must not or cannot
change (JSON, binary plists, a line ending inside a string, a file changed since the scan)
are left byte for byte as they were, with a notification."""

from __future__ import annotations

import codecs
import json
import plistlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint import add_suppressions as adder
from brazelint.cli import main
from brazelint.facts import Span
from brazelint.findings import Finding, Severity
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
MISTAKE = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'


def _run(folder: Path, *args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["check", str(folder), "--no-cache", *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def _findings(folder: Path) -> list[dict]:
    code, stdout, _ = _run(folder, "--format", "json")
    findings: list[dict] = json.loads(stdout)["findings"]
    assert code == (1 if findings else 0)
    return findings


@pytest.mark.parametrize(
    ("fixture", "comment"),
    [
        ("keys-python/app/braze_sync.py", "  # brazelint: ignore["),
        ("keys-web/src/components/Legacy.js", " // brazelint: ignore["),
        ("keys-node/server/brazeClient.ts", " // brazelint: ignore["),
        ("keys-web/src/components/SignupButton.tsx", " // brazelint: ignore["),
        ("ios-app/App/Endpoints.swift", " // brazelint: ignore["),
        ("identity-mobile/SignIn.kt", " // brazelint: ignore["),
        ("identity-mobile/LoginActivity.java", " // brazelint: ignore["),
        ("android-app/app/src/main/res/values/braze.xml", " <!-- brazelint: ignore["),
        ("ios-app/App/Legacy-Info.plist", " <!-- brazelint: ignore["),
        ("liquid/welcome.liquid", " {% comment %}brazelint: ignore["),
        ("liquid/email.html", " <!-- brazelint: ignore["),
    ],
)
def test_each_comment_syntax_silences_its_findings(
    tmp_path: Path, fixture: str, comment: str
) -> None:
    target = tmp_path / fixture
    target.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / fixture, target)
    before = target.read_bytes()
    found = _findings(tmp_path)
    assert found, "the fixture must have findings to suppress"
    code, stdout, stderr = _run(tmp_path, "--add-suppressions", "--reason", "adopted")
    assert code == 0, stderr
    assert stdout == ""
    assert f"added suppression comments for {len(found)} finding(s) in 1 file" in stderr
    assert _findings(tmp_path) == []  # the rerun is clean
    old_lines = before.decode("utf-8").split("\n")
    new_lines = target.read_bytes().decode("utf-8").split("\n")
    assert len(new_lines) == len(old_lines)
    lines_with_findings = {f["line"] for f in found}
    for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
        if number not in lines_with_findings:
            assert new == old  # every other line keeps its bytes
            continue
        assert new.startswith(old.rstrip(" \t")) and comment in new
        rules = sorted({f["rule_id"] for f in found if f["line"] == number})
        assert f"ignore[{', '.join(rules)}]" in new
        assert "adopted" in new
    # A second run finds nothing to do and changes nothing.
    after = target.read_bytes()
    code, _, stderr = _run(tmp_path, "--add-suppressions", "--reason", "adopted")
    assert code == 0
    assert "for 0 finding(s) in 0 files" in stderr
    assert target.read_bytes() == after


def test_dotenv_gets_a_comment_line_above_the_value(tmp_path: Path) -> None:
    # Some .env readers (Docker's env_file) take `# …` after a value as part of it.
    target = tmp_path / ".env"
    shutil.copyfile(FIXTURES / "keys-config" / ".env", target)
    before = target.read_text(encoding="utf-8").split("\n")
    found = _findings(tmp_path)
    assert found
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0, stderr
    assert _findings(tmp_path) == []
    after = target.read_text(encoding="utf-8").split("\n")
    added = [line for line in after if "brazelint: ignore-next-line[" in line]
    assert len(added) == len({f["line"] for f in found})
    assert all(line.startswith("# brazelint:") for line in added)
    assert [line for line in after if line not in added] == before


def test_crlf_bom_and_non_ascii_text_keep_their_bytes(tmp_path: Path) -> None:
    source = (
        'import * as braze from "@braze/web-sdk";\r\n'
        "// Café ☕ 見積もり\r\n"
        'braze.logCustomEvent("purchase");   \r\n'
        "const label = 'naïve';\r\n"
    )
    target = tmp_path / "app.js"
    target.write_bytes(codecs.BOM_UTF8 + source.encode("utf-8"))
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0, stderr
    expected = source.replace(
        'braze.logCustomEvent("purchase");   \r\n',
        'braze.logCustomEvent("purchase"); // brazelint: ignore[BRZ401]\r\n',
    )
    assert target.read_bytes() == codecs.BOM_UTF8 + expected.encode("utf-8")
    assert _findings(tmp_path) == []


def test_utf16_file_stays_utf16(tmp_path: Path) -> None:
    target = tmp_path / "app.js"
    target.write_bytes(codecs.BOM_UTF16_LE + MISTAKE.encode("utf-16-le"))
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0, stderr
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    assert data[2:].decode("utf-16-le") == MISTAKE.replace(
        '("purchase");', '("purchase"); // brazelint: ignore[BRZ401]'
    )
    assert _findings(tmp_path) == []


def test_a_line_ending_inside_a_template_literal_leaves_the_file_as_it_was(
    tmp_path: Path,
) -> None:
    source = (
        'import * as braze from "@braze/web-sdk";\n'
        "const t = `line\n"
        '${braze.logCustomEvent("purchase")} more\n'
        "end`;\n"
    )
    target = tmp_path / "t.js"
    target.write_text(source, encoding="utf-8")
    (tmp_path / "ok.js").write_text(MISTAKE, encoding="utf-8")
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0
    assert target.read_text(encoding="utf-8") == source  # the comment would be string text
    assert "t.js: a suppression comment added here would not silence its finding" in stderr
    # The other file was still done.
    assert "ignore[BRZ401]" in (tmp_path / "ok.js").read_text(encoding="utf-8")
    assert "for 1 finding(s) in 1 file" in stderr
    assert [f["path"] for f in _findings(tmp_path)] == ["t.js"]


def test_one_line_inside_a_template_literal_does_not_cost_the_file_its_other_comments(
    tmp_path: Path,
) -> None:
    source = (
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("purchase");\n'
        "const t = `line\n"
        '${braze.logCustomEvent("completed_purchase")} more\n'
        "end`;\n"
    )
    target = tmp_path / "t.js"
    target.write_text(source, encoding="utf-8")
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0
    assert target.read_text(encoding="utf-8") == source.replace(
        'braze.logCustomEvent("purchase");',
        'braze.logCustomEvent("purchase"); // brazelint: ignore[BRZ401]',
    )
    assert "t.js: line 4: a comment at its end would not be read as one" in stderr
    assert "for 1 finding(s) in 1 file" in stderr
    assert [(f["line"], f["rule_id"]) for f in _findings(tmp_path)] == [(4, "BRZ401")]


def test_a_binary_plist_is_skipped_with_a_notification(tmp_path: Path) -> None:
    target = tmp_path / "App" / "Info.plist"
    target.parent.mkdir()
    values = {"BrazeRestApiKey": "deadbeef-cafe-4bab-8e5e-feedfacef00d"}
    target.write_bytes(plistlib.dumps(values, fmt=plistlib.FMT_BINARY))
    before = target.read_bytes()
    assert _findings(tmp_path)
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0
    assert target.read_bytes() == before
    assert "App/Info.plist: a binary plist has no comment syntax" in stderr
    assert "deadbeef-cafe-4bab-8e5e-feedfacef00d" not in stderr


def _finding(path: str, line: int, rule_id: str = "BRZ401") -> Finding:
    return Finding(rule_id, path, Span(line, 1, line, 5), "message", Severity.WARNING)


def _never_rescanned(paths: list[Path]) -> tuple[list[Finding], list]:
    raise AssertionError(f"nothing should have been written: {paths}")


def test_json_has_no_comment_syntax_and_is_skipped(tmp_path: Path) -> None:
    target = tmp_path / "braze.json"
    target.write_text('{"api_key": "x"}\n', encoding="utf-8")
    added = adder.add(
        [_finding("braze.json", 1)],
        {"braze.json": ('{"api_key": "x"}', "")},
        tmp_path,
        "",
        _never_rescanned,
    )
    assert added.files == {}
    [note] = added.notifications
    assert note.path == "braze.json"
    assert "has no comment syntax: 1 finding not suppressed" in note.message
    assert target.read_text(encoding="utf-8") == '{"api_key": "x"}\n'


def test_a_file_changed_since_the_scan_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "app.js"
    target.write_text(MISTAKE, encoding="utf-8")
    scanned = ("// an older version", *MISTAKE.split("\n"))
    added = adder.add([_finding("app.js", 2)], {"app.js": scanned}, tmp_path, "", _never_rescanned)
    assert added.files == {}
    assert "changed since it was scanned" in added.notifications[0].message
    assert target.read_text(encoding="utf-8") == MISTAKE


def test_a_python_line_continued_with_a_backslash_gets_no_comment(tmp_path: Path) -> None:
    source = "value = first + \\\n    second\n"
    (tmp_path / "job.py").write_text(source, encoding="utf-8")
    added = adder.add(
        [_finding("job.py", 1)],
        {"job.py": tuple(source.split("\n"))},
        tmp_path,
        "",
        _never_rescanned,
    )
    assert added.files == {}
    assert "no place for a suppression comment on line 1" in added.notifications[0].message
    assert (tmp_path / "job.py").read_text(encoding="utf-8") == source


def test_findings_about_suppressions_are_not_suppressed(tmp_path: Path) -> None:
    source = MISTAKE + "const x = 1; // brazelint: ignore[BRZ101]\n"
    (tmp_path / "app.js").write_text(source, encoding="utf-8")
    code, _, stderr = _run(tmp_path, "--add-suppressions")
    assert code == 0
    assert "1 finding about suppression comments (BRZ001, BRZ002) left" in stderr
    assert [f["rule_id"] for f in _findings(tmp_path)] == ["BRZ001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reason", "x"], "--reason is only used with --add-suppressions"),
        (["--add-suppressions", "--reason", "a -- b"], "--reason: a reason written into"),
        (["--add-suppressions", "--reason", "a */ b"], "without `*/`"),
        (["--add-suppressions", "--reason", "two\nlines"], "without a line break"),
        (["--add-suppressions", "--write-baseline", "b.json"], "choose one"),
    ],
)
def test_bad_options_are_exit_2_and_change_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "app.js").write_text(MISTAKE, encoding="utf-8")
    code, stdout, stderr = _run(tmp_path, *args)
    assert code == 2
    assert stdout == ""
    [line] = stderr.splitlines()
    assert message in line
    assert (tmp_path / "app.js").read_text(encoding="utf-8") == MISTAKE
    assert sorted(path.name for path in tmp_path.iterdir()) == ["app.js"]


def test_standard_input_cannot_be_changed() -> None:
    outcome = CliRunner().invoke(
        main, ["-", "--stdin-filename", "a.js", "--add-suppressions"], input=MISTAKE
    )
    assert outcome.exit_code == 2
    assert "cannot be used with `-`" in outcome.stderr
