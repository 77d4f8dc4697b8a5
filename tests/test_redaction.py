"""No output ever holds a detected Braze REST key in full: not the text, JSON, SARIF or
GitHub formats, not notifications, not messages of other rules on the same line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main
from brazelint.findings import Notification
from brazelint.redact import redact_notifications, scrub

FIXTURES = Path(__file__).parent / "fixtures"
#: Every fake key the keys-* fixtures hold where it is used as a REST key.
FAKE_KEYS = (
    "0badc0de-f00d-4bad-8bad-c0ffee5ec12e",
    "deadbeef-cafe-4bab-8e5e-feedfacef00d",
    "5ca1ab1e-d15c-4a11-9e57-b1de0ffba5e5",
    "Zq8Vb3Nm7Xc1Lk5Jh9Gf2Dp6Sw4Rt0Yu",
)
FORMATS = ("text", "json", "sarif", "github")
BRZ10X = ("BRZ101", "BRZ102", "BRZ103")


def _leaks(text: str) -> list[str]:
    return [key for key in FAKE_KEYS if key in text or key.lower() in text.lower()]


@pytest.fixture(scope="module")
def keys_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All keys-* fixture projects in one tree, plus a file where other rules fire on the
    lines that hold a key."""
    root = tmp_path_factory.mktemp("keys")
    for project in sorted(FIXTURES.glob("keys-*")):
        shutil.copytree(project, root / project.name)
    (root / "mixed").mkdir()
    (root / "mixed" / "server.js").write_text(
        'import express from "express";\n'
        # BRZ202 (SDK host for a REST call) and BRZ101 on one line.
        'fetch("https://sdk.iad-01.braze.com/users/track", { headers: { Authorization: '
        '"Bearer deadbeef-cafe-4bab-8e5e-feedfacef00d" } });\n'
        # BRZ204 (REST URL without a scheme) quotes a URL that holds the key.
        'fetch("rest.iad-01.braze.com/users/track?api_key=5ca1ab1e-d15c-4a11-9e57-b1de0ffba5e5",'
        ' { method: "POST" });\n',
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_format_shows_a_detected_key(keys_project: Path, output_format: str) -> None:
    outcome = CliRunner().invoke(
        main,
        ["check", str(keys_project), "--format", output_format, "--include-suppressed"],
    )
    assert outcome.exit_code == 1, outcome.output
    assert "BRZ101" in outcome.output
    assert _leaks(outcome.output) == []
    assert _leaks(outcome.stderr if outcome.stderr_bytes is not None else "") == []


def test_output_file_holds_no_key(keys_project: Path, tmp_path: Path) -> None:
    for output_format in FORMATS:
        target = tmp_path / f"report.{output_format}"
        outcome = CliRunner().invoke(
            main, ["check", str(keys_project), "--format", output_format, "-o", str(target)]
        )
        assert outcome.exit_code == 1, outcome.output
        assert _leaks(target.read_text(encoding="utf-8")) == []


def test_other_rules_on_a_key_line_hide_their_snippet(keys_project: Path) -> None:
    outcome = CliRunner().invoke(
        main, ["check", str(keys_project / "mixed"), "--format", "json", "--select", "ALL"]
    )
    document = json.loads(outcome.output)
    fired = sorted((f["line"], f["rule_id"]) for f in document["findings"])
    assert fired == [(2, "BRZ101"), (2, "BRZ202"), (3, "BRZ101"), (3, "BRZ103"), (3, "BRZ204")]
    assert _leaks(outcome.output) == []
    brz204 = next(f for f in document["findings"] if f["rule_id"] == "BRZ204")
    assert "api_key=`5ca1…` (36 characters)" in brz204["message"]
    text = CliRunner().invoke(main, ["check", str(keys_project / "mixed"), "--select", "ALL"])
    assert _leaks(text.output) == []
    assert text.output.count("<source line hidden") == len(document["findings"])


def test_findings_carry_a_hash_not_the_key(keys_project: Path) -> None:
    outcome = CliRunner().invoke(main, ["check", str(keys_project), "--format", "sarif"])
    sarif = json.loads(outcome.output)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert [rules[rule_id]["properties"]["security-severity"] for rule_id in BRZ10X] == [
        "9.1",
        "8.2",
        "5.3",
    ]
    results = sarif["runs"][0]["results"]
    secrets = [r for r in results if r["ruleId"] == "BRZ101"]
    assert secrets
    for result in secrets:
        # GitHub recomputes the line hash; brazelint does not hash a line holding a key.
        assert "primaryLocationLineHash" not in result["partialFingerprints"]
        assert "`" in result["message"]["text"] and "characters)" in result["message"]["text"]


def test_notifications_are_scrubbed_of_key_shaped_text() -> None:
    notes = [
        Notification(
            "a.py",
            "internal error in rule BRZ999 (ValueError: bad deadbeef-cafe-4bab-8e5e-feedfacef00d)",
        ),
        Notification(
            "b.js", "could not parse `Authorization: Bearer Zq8Vb3Nm7Xc1Lk5Jh9Gf2Dp6Sw4Rt0Yu`"
        ),
        Notification(".env", "odd line BRAZE_REST_API_KEY=Zq8Vb3Nm7Xc1Lk5Jh9Gf2Dp6Sw4Rt0Yu"),
        Notification("c.js", "larger than 10 MiB; skipped"),
    ]
    cleaned = redact_notifications(notes)
    assert [n.message for n in cleaned] == [
        "internal error in rule BRZ999 (ValueError: bad `dead…` (36 characters))",
        "could not parse `Authorization: `Bear…` (39 characters)`",
        "odd line `BRAZ…` (51 characters)",
        "larger than 10 MiB; skipped",
    ]


def test_scrub_replaces_every_occurrence() -> None:
    key = FAKE_KEYS[1]
    assert scrub(f"{key} and {key}", frozenset({key})) == (
        "`dead…` (36 characters) and `dead…` (36 characters)"
    )
