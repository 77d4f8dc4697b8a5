"""Scanning a repository never runs a command its git configuration names (issue 17).

Each setting of ``.git/config`` and ``.gitattributes`` that can make git run a program is
planted as a script that leaves a marker file; whole scans, file-list (pre-commit) scans
with the cache (which start ``git grep`` early) and the project pass then run, and no
marker may appear. The user's own ignore settings must still apply."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint import git
from brazelint.cli import main
from tests.conftest import run_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BRAZE_JS = 'import * as braze from "@braze/web-sdk";\nbraze.changeUser(user.email);\n'
HOST_KT = 'val config = BrazeConfig.Builder().setCustomEndpoint("sdk.fra-01.braze.eu")\n'

#: (setting, how the planted script is named in it). Every one runs a program in some git
#: command; brazelint must never let one run.
PLANTED_SETTINGS = [
    "core.fsmonitor",
    "core.sshCommand",
    "core.pager",
    "core.askPass",
    "core.gitProxy",
    "credential.helper",
    "diff.external",
    "diff.planted.textconv",
    "diff.planted.command",
    "filter.planted.clean",
    "filter.planted.smudge",
    "filter.planted.process",
    "pager.grep",
    "pager.ls-files",
    "gpg.program",
]


def _git(folder: Path, *args: str) -> None:
    # The fsmonitor planted below must not run while the test builds the repository.
    run_git(folder, "-c", "core.fsmonitor=false", *args, HOME=str(folder.parent))


@pytest.fixture
def hostile_repo(tmp_path: Path) -> tuple[Path, Path]:
    markers = tmp_path / "markers"
    markers.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "web").mkdir()
    (repo / "web" / "app.js").write_text(BRAZE_JS, encoding="utf-8")
    (repo / "android").mkdir()
    (repo / "android" / "App.kt").write_text(HOST_KT, encoding="utf-8")
    (repo / ".gitattributes").write_text("* diff=planted filter=planted\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    for setting in PLANTED_SETTINGS:
        script = tmp_path / f"run-{setting}.sh"
        script.write_text(f"#!/bin/sh\ntouch '{markers / setting}'\ncat\n", encoding="utf-8")
        script.chmod(0o755)
        _git(repo, "config", setting, str(script))
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        script = hooks / hook
        script.write_text(f"#!/bin/sh\ntouch '{markers / hook}'\n", encoding="utf-8")
        script.chmod(0o755)
    _git(repo, "config", "core.hooksPath", str(hooks))
    # A change after the commit, so that the index and the work tree differ.
    (repo / "web" / "app.js").write_text(BRAZE_JS + "// changed\n", encoding="utf-8")
    return repo, markers


def _scan(repo: Path, *args: str, cache: Path | None = None) -> int:
    cache_args = ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    outcome = CliRunner().invoke(main, [*args, *cache_args], catch_exceptions=False)
    return outcome.exit_code


def test_the_planted_commands_would_run_without_the_overrides(
    hostile_repo: tuple[Path, Path],
) -> None:
    repo, markers = hostile_repo
    subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=repo, capture_output=True)
    assert (markers / "core.fsmonitor").exists()  # the attack is real


def test_no_planted_command_runs_during_any_scan(
    hostile_repo: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, markers = hostile_repo
    monkeypatch.chdir(repo)
    cache = tmp_path / "cache"
    assert _scan(repo, ".") == 1
    # File-list runs as pre-commit makes them: the project pass searches the repository
    # with git grep, started early on the second run from the literals the cache keeps.
    for _ in range(2):
        assert _scan(repo, "web/app.js", "android/App.kt", cache=cache) == 1
    assert _scan(repo, "web/app.js", "--format", "sarif") == 1
    assert sorted(path.name for path in markers.iterdir()) == []


def test_every_git_command_goes_through_the_overrides() -> None:
    argv = git.command("ls-files")
    assert argv[:2] == ["git", "--no-pager"]
    settings = {argv[i + 1] for i, part in enumerate(argv) if part == "-c"}
    for needed in ("core.fsmonitor=false", "diff.external=", "core.sshCommand=false"):
        assert needed in settings
    assert argv[-1] == "ls-files"
    package = Path(git.__file__).parent
    runners = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "subprocess" in path.read_text(encoding="utf-8")
    ]
    # repository_search.py only names subprocess's types and errors for the running git grep.
    assert sorted(runners) == ["git.py", "repository_search.py"]
    assert "Popen(" not in (package / "repository_search.py").read_text(encoding="utf-8")


def test_the_users_ignore_settings_still_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    for name in ("kept.js", "ignored_by_gitignore.js", "ignored_by_user.js"):
        (repo / name).write_text(BRAZE_JS, encoding="utf-8")
    (repo / ".gitignore").write_text("ignored_by_gitignore.js\n", encoding="utf-8")
    user_excludes = tmp_path / "user-excludes"
    user_excludes.write_text("ignored_by_user.js\n", encoding="utf-8")
    global_config = tmp_path / "gitconfig"
    global_config.write_text(f"[core]\n\texcludesFile = {user_excludes}\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    monkeypatch.chdir(repo)
    outcome = CliRunner().invoke(main, [".", "--no-cache", "--format", "json"])
    paths = {finding["path"] for finding in json.loads(outcome.stdout)["findings"]}
    assert paths == {"kept.js"}
