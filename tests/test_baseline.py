"""Baselines: record today's findings, report only new ones, and keep recognising recorded
findings when code moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main

IMPORT = 'import * as braze from "@braze/web-sdk";\n'
PURCHASE = 'braze.logCustomEvent("purchase");\n'
REFUND = 'braze.logCustomEvent("order_completed");\n'
KEY = "0badc0de-f00d-4bad-8bad-c0ffee5ec12e"
SECRET_JS = (
    'import express from "express";\n'
    "const app = express();\n"
    'app.post("/signup", async (req, res) => {\n'
    '  await fetch("https://rest.iad-01.braze.com/users/track", {\n'
    '    method: "POST",\n'
    f'    headers: {{ Authorization: "Bearer {KEY}" }},\n'
    "    body: JSON.stringify({ events: [] }),\n"
    "  });\n"
    "});\n"
)


def invoke(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def reported(project: Path, baseline: Path) -> list[tuple[str, int, str]]:
    code, out, err = invoke(str(project), "--baseline", str(baseline), "--format", "json")
    assert code in (0, 1), err
    return [(f["path"], f["line"], f["rule_id"]) for f in json.loads(out)["findings"]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "app.js").write_text(IMPORT + PURCHASE, encoding="utf-8")
    return root


@pytest.fixture
def baseline(project: Path, tmp_path: Path) -> Path:
    path = tmp_path / ".brazelint-baseline.json"
    code, out, err = invoke(str(project), "--write-baseline", str(path))
    assert (code, out) == (0, "")
    assert err == f"brazelint: recorded 1 finding(s) in {path}\n"
    return path


def test_baseline_file_format(baseline: Path) -> None:
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document == {
        "version": 1,
        "tool": "brazelint",
        "fingerprint": "brazelint/v1",
        "findings": [
            {
                "rule_id": "BRZ401",
                "path": "app.js",
                "fingerprint": document["findings"][0]["fingerprint"],
                "line": 2,
            }
        ],
    }
    assert len(document["findings"][0]["fingerprint"]) == 32


def test_recorded_findings_are_not_reported_and_new_ones_are(
    project: Path, baseline: Path
) -> None:
    assert reported(project, baseline) == []
    assert invoke(str(project), "--baseline", str(baseline))[0] == 0
    (project / "app.js").write_text(IMPORT + PURCHASE + REFUND, encoding="utf-8")
    (project / "new.js").write_text(IMPORT + PURCHASE, encoding="utf-8")
    assert reported(project, baseline) == [("app.js", 3, "BRZ401"), ("new.js", 2, "BRZ401")]


def test_baseline_survives_code_moving_and_reindenting(project: Path, baseline: Path) -> None:
    moved = IMPORT + "\n// a comment\nconst x = 1;\n\nfunction f() {\n    " + PURCHASE + "}\n"
    (project / "app.js").write_text(moved, encoding="utf-8")
    assert reported(project, baseline) == []
    code, out, _ = invoke(str(project), "--baseline", str(baseline), "--include-suppressed")
    assert code == 0
    assert "app.js:7:26: BRZ401" in out and "(suppressed: baseline)" in out


def test_identical_findings_are_counted(project: Path, baseline: Path) -> None:
    (project / "app.js").write_text(IMPORT + PURCHASE + PURCHASE + PURCHASE, encoding="utf-8")
    # One was recorded; the first in the file is taken as the recorded one.
    assert reported(project, baseline) == [("app.js", 3, "BRZ401"), ("app.js", 4, "BRZ401")]


def test_fingerprint_is_the_sarif_one(project: Path, baseline: Path) -> None:
    [record] = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    _, out, _ = invoke(str(project), "--format", "sarif")
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["partialFingerprints"]["brazelint/v1"] == f"{record['fingerprint']}:1"


def test_writing_twice_gives_the_same_bytes(project: Path, baseline: Path, tmp_path: Path) -> None:
    (project / "b.js").write_text(IMPORT + PURCHASE + REFUND, encoding="utf-8")
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    invoke(str(project), "--write-baseline", str(first))
    invoke(str(project), "--write-baseline", str(second))
    assert first.read_bytes() == second.read_bytes()
    records = json.loads(first.read_text(encoding="utf-8"))["findings"]
    assert [(r["path"], r["rule_id"]) for r in records] == sorted(
        (r["path"], r["rule_id"]) for r in records
    )
    # Rewriting with the old baseline applied still records everything current.
    third = tmp_path / "3.json"
    invoke(str(project), "--baseline", str(first), "--write-baseline", str(third))
    assert third.read_bytes() == first.read_bytes()


def test_secrets_are_stored_only_hashed(tmp_path: Path) -> None:
    (tmp_path / "server.js").write_text(SECRET_JS, encoding="utf-8")
    path = tmp_path / "baseline.json"
    invoke(str(tmp_path), "--write-baseline", str(path))
    text = path.read_text(encoding="utf-8")
    assert "BRZ101" in text
    assert KEY not in text and KEY.split("-")[0] not in text
    assert reported(tmp_path, path) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "baseline is not valid JSON"),
        ('{"tool": "other"}', "not a brazelint baseline"),
        ('{"tool": "brazelint", "version": 9, "findings": []}', "baseline version 9 is not"),
        ('{"tool": "brazelint", "version": 1, "findings": [{}]}', "baseline entry 0 needs"),
        ("[" * 100_000, "baseline is not valid JSON: nested too deeply"),
        ('{"tool": "brazelint", "version": ' + "9" * 5000 + "}", "a number too long to read"),
    ],
)
def test_bad_baseline_is_exit_2(project: Path, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = invoke(str(project), "--baseline", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"brazelint: error: {path}: ")
    assert message in err
    assert err.count("\n") == 1  # one clear line, never a traceback


def test_missing_baseline_is_exit_2(project: Path, tmp_path: Path) -> None:
    code, _, err = invoke(str(project), "--baseline", str(tmp_path / "none.json"))
    assert code == 2
    assert "cannot read baseline: No such file or directory" in err
