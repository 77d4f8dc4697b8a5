"""A run on named files (pre-commit's ``brazelint check a.ts b.swift``): project rules read
the whole repository, with the cross-file analysis (wrappers, constants) of the files that
were not named, and report only on the named files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main
from brazelint.engine import ScanOptions, scan

FIXTURE = Path(__file__).resolve().parent / "fixtures-inventory"
WEB = "web/src/app.ts"
RN = "rn/src/Checkout.tsx"
SWIFT = "ios/App/Tracking.swift"


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture(params=["git", "plain"])
def shop(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The inventory fixture, with a mistake in a file that is never named; as a git
    repository (the repository is searched with git grep) and as a plain folder."""
    root = tmp_path / "shop"
    shutil.copytree(FIXTURE, root)
    (root / "web" / "src" / "legacy.ts").write_text(
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("purchase");\n'
        "// brazelint: ignore[BRZ999]\n",
        encoding="utf-8",
    )
    (root / "server" / "crm.py").write_text(
        "import requests\n\n"
        "def sync(user):\n"
        '    body = {"attributes": [{"external_id": user.uid, "tier": "gold"}]}\n'
        '    requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
        encoding="utf-8",
    )
    if request.param == "git":
        if shutil.which("git") is None:
            pytest.skip("git is needed for the repository search")
        _git(root, "init", "-q")
        _git(root, "add", ".")
        _git(root, "commit", "-q", "-m", "shop")
    return root


def check(root: Path, *named: str, select: str = "BRZ405,BRZ306") -> list[tuple[str, int, str]]:
    targets = tuple(root / name for name in named) or (root,)
    result = scan(ScanOptions(targets=targets, enabled=frozenset(select.split(",")), root=root))
    return [(f.path, f.span.line, f.rule_id) for f in result.findings if f.suppressed_by is None]


def test_a_named_file_sees_unnamed_wrappers_and_constants(shop: Path) -> None:
    """`app.ts` calls the `track` wrapper of `analytics.ts` and uses the constant of
    `shared/events.ts`, neither named: its odd spelling through the wrapper is found, as in
    a full run."""
    full = check(shop)
    assert (WEB, 13, "BRZ405") in full
    assert check(shop, WEB) == [(WEB, 13, "BRZ405")]


def test_unnamed_files_constants_count_for_the_majority(shop: Path) -> None:
    """The web app's use of the shared constant (an unnamed file's constant, in an unnamed
    file) is one of the main spelling's places, as in a full run."""
    result = scan(ScanOptions(targets=(shop / RN,), enabled=frozenset({"BRZ405"}), root=shop))
    (finding,) = result.findings
    assert (finding.path, finding.span.line) == (RN, 7)
    assert "in 2 other places (android, web)" in finding.message
    assert (WEB, 12) in [(r.path, r.span.line) for r in finding.related]


def test_pre_commit_style_command_line(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`brazelint check FILE…` from the repository, as the hook runs it."""
    if not (shop / ".git").exists():
        pytest.skip("the command line finds the repository with git")
    monkeypatch.chdir(shop)
    outcome = CliRunner().invoke(
        main, ["check", WEB, "server/crm.py", "--select", "BRZ405,BRZ306", "--no-cache"]
    )
    assert outcome.exit_code == 1, outcome.output
    assert f"{WEB}:13:3: BRZ405" in outcome.output
    assert "server/crm.py:4:" in outcome.output and "BRZ306" in outcome.output
    assert "Found 2 findings" in outcome.output


def test_a_cross_file_mismatch_is_reported_on_the_named_file_only(shop: Path) -> None:
    # The clients identify by `user.id`/`account.id`; the unnamed server file by `user.uid`.
    assert ("server/crm.py", 4, "BRZ306") in check(shop)
    assert check(shop, "server/crm.py") == [("server/crm.py", 4, "BRZ306")]
    # Naming a client: the finding is on the server file, which was not named.
    assert check(shop, SWIFT, RN) == [(SWIFT, 14, "BRZ405"), (RN, 7, "BRZ405")]


def test_unnamed_files_findings_and_notes_are_not_this_runs(shop: Path) -> None:
    """`legacy.ts` (never named) holds a BRZ401 mistake and an unknown rule in a
    suppression: neither is reported when other files are named."""
    everything = "BRZ001,BRZ002,BRZ401,BRZ405,BRZ306"
    assert ("web/src/legacy.ts", 2, "BRZ401") in check(shop, select=everything)
    named = check(shop, WEB, SWIFT, select=everything)
    assert all(path in (WEB, SWIFT) for path, _, _ in named), named
