"""``--fix``, ``--unsafe-fixes`` and ``--diff`` on the command line (issue 15): what is
written, what is only shown, what is refused, and that a rerun after --fix is clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main

KEY = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
WEB = (
    'import * as braze from "@braze/web-sdk";\n'
    'braze.initialize("11ae5b4b-2445-4440-a04f-bf537764c9ad", '
    '{ baseUrl: "http://sdk.iad-01.braze.com" });\n'
)
FIXED = WEB.replace("http://", "https://")


def _run(folder: Path, *args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["check", str(folder), "--no-cache", *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def _rule_ids(folder: Path) -> list[str]:
    _, stdout, _ = _run(folder, "--format", "json")
    return [finding["rule_id"] for finding in json.loads(stdout)["findings"]]


def test_fix_writes_the_safe_fix_and_reports_what_is_left(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(WEB)
    assert "BRZ204" in _rule_ids(tmp_path)
    code, stdout, stderr = _run(tmp_path, "--fix")
    assert (tmp_path / "app.js").read_text() == FIXED
    assert "applied 1 fix(es) in 1 file" in stderr
    assert "BRZ204" not in stdout
    assert code == 0
    assert _rule_ids(tmp_path) == [], "a rerun is clean"
    _run(tmp_path, "--fix")
    assert (tmp_path / "app.js").read_text() == FIXED, "fixing again changes nothing"


def test_diff_shows_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(WEB)
    code, stdout, _ = _run(tmp_path, "--diff")
    assert code == 1
    assert stdout.startswith("--- a/app.js\n+++ b/app.js\n")
    assert (
        '+braze.initialize("11ae5b4b-2445-4440-a04f-bf537764c9ad", { baseUrl: "https://' in stdout
    )
    assert (tmp_path / "app.js").read_text() == WEB
    (tmp_path / "app.js").write_text(FIXED)
    assert _run(tmp_path, "--diff")[:2] == (0, "")


def test_diff_redacts_keys_on_context_lines(tmp_path: Path) -> None:
    server = (
        "import requests\n"
        f'API_KEY = "{KEY}"\n'
        'requests.post("http://rest.iad-01.braze.com/users/track", '
        'headers={"Authorization": f"Bearer {API_KEY}"}, json={})\n'
    )
    (tmp_path / "sync.py").write_text(server)
    code, stdout, _ = _run(tmp_path, "--diff")
    assert code == 1 and "+++ b/sync.py" in stdout
    assert KEY not in stdout


def test_crlf_and_non_ascii_are_kept(tmp_path: Path) -> None:
    text = "// Café ☕\r\n" + WEB.replace("\n", "\r\n").replace("baseUrl", "/* é */ baseUrl")
    (tmp_path / "app.js").write_bytes(text.encode())
    _run(tmp_path, "--fix")
    assert (tmp_path / "app.js").read_bytes() == text.replace("http://", "https://").encode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fix", "--diff"), "choose one"),
        (("--unsafe-fixes",), "--unsafe-fixes is only used with --fix or --diff"),
        (("--fix", "--add-suppressions"), "cannot be combined"),
    ],
)
def test_bad_combinations_are_usage_errors_and_change_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "app.js").write_text(WEB)
    code, _, stderr = _run(tmp_path, *args)
    assert code == 2 and message in stderr
    assert (tmp_path / "app.js").read_text() == WEB


def test_fix_refuses_standard_input(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        main, ["check", "-", "--stdin-filename", "app.js", "--fix"], input=WEB
    )
    assert outcome.exit_code == 2
    assert "cannot be used with `-`" in outcome.stderr


def test_suppressed_findings_are_not_fixed(tmp_path: Path) -> None:
    text = WEB.rstrip("\n") + " // brazelint: ignore[BRZ204]\n"
    (tmp_path / "app.js").write_text(text)
    _run(tmp_path, "--fix")
    assert (tmp_path / "app.js").read_text() == text


def test_a_symlinked_file_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "real.js").write_text(WEB)
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.js").symlink_to(outside / "real.js")
    _run(project, "--fix")
    assert (outside / "real.js").read_text() == WEB
