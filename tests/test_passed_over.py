"""Nothing is skipped without a word (issue 17): symbolic links (never followed), git
submodules (scanned when checked out, reported when not) and binary or non-UTF-8 files
without Braze keywords each give one notification per kind, with a count and the first
few paths (all of them in JSON), in text, JSON and SARIF, on cold and warm runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main
from tests.conftest import run_git

BRAZE_JS = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'


def _run(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def _json(*args: str) -> dict[str, object]:
    code, out, _ = _run(*args, "--format", "json")
    assert code in (0, 1)
    return json.loads(out)


def _passed_over(report: dict[str, object]) -> dict[str, list[str]]:
    return {
        str(n["message"]).split(":")[0]: n["paths"]  # type: ignore[index]
        for n in report["notifications"]  # type: ignore[union-attr]
        if "paths" in n  # type: ignore[operator]
    }


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "real").mkdir(parents=True)
    (root / "real" / "app.js").write_text(BRAZE_JS, encoding="utf-8")
    for index in range(5):
        (root / f"link{index}.js").symlink_to(root / "real" / "app.js")
    (root / "linked").symlink_to(root / "real", target_is_directory=True)
    (root / "blob.js").write_bytes(b"\x00\x01\x02 binary")
    (root / "latin.py").write_bytes(b"caf\xe9 = 1\n")
    return root


def test_each_kind_is_one_notification_with_a_count(tree: Path) -> None:
    report = _json(str(tree), "--no-cache")
    passed = _passed_over(report)
    assert passed == {
        "6 symbolic link(s) not followed": [
            *(f"link{index}.js" for index in range(5)),
            "linked",
        ],
        "2 binary or non-UTF-8 file(s) without Braze keywords skipped": ["blob.js", "latin.py"],
    }
    # Links are not followed: the one real file is the only one reported.
    assert [f["path"] for f in report["findings"]] == ["real/app.js"]  # type: ignore[union-attr,index]
    code, _, err = _run(str(tree), "--no-cache")
    assert code == 1
    assert "6 symbolic link(s) not followed: link0.js, link1.js, link2.js and 3 more" in err
    assert err.count("symbolic link") == 1


def test_sarif_has_one_tool_notification_per_kind(tree: Path) -> None:
    code, out, _ = _run(str(tree), "--no-cache", "--format", "sarif")
    assert code == 1
    notifications = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    texts = [n["message"]["text"] for n in notifications]
    assert sum("symbolic link" in text for text in texts) == 1
    assert sum("binary or non-UTF-8" in text for text in texts) == 1


def test_a_warm_cache_reports_the_same(tree: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    cold = _json(str(tree), "--cache-dir", cache)
    warm = _json(str(tree), "--cache-dir", cache)
    assert cold["notifications"] == warm["notifications"]


def _git(folder: Path, *args: str) -> None:
    # Submodules added from a local path need the file transport.
    run_git(folder, "-c", "protocol.file.allow=always", *args)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_checked_out_submodules_are_scanned_and_the_others_reported(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "tracking.js").write_text(BRAZE_JS, encoding="utf-8")
    _git(library, "init", "-q")
    _git(library, "add", "-A")
    _git(library, "commit", "-qm", "library")
    app = tmp_path / "app"
    app.mkdir()
    (app / "main.js").write_text(BRAZE_JS, encoding="utf-8")
    _git(app, "init", "-q")
    _git(app, "submodule", "add", "-q", str(library), "vendor-lib")
    _git(app, "submodule", "add", "-q", str(library), "other-lib")
    _git(app, "add", "-A")
    _git(app, "commit", "-qm", "app")
    # One submodule stays registered but is not checked out.
    _git(app, "submodule", "deinit", "-q", "-f", "other-lib")
    report = _json(str(app), "--no-cache")
    paths = sorted(f["path"] for f in report["findings"])  # type: ignore[union-attr,index]
    assert paths == ["main.js", "vendor-lib/tracking.js"]
    assert _passed_over(report) == {
        "1 git submodule(s) not checked out, so not scanned": ["other-lib"]
    }
