"""The pre-commit hook, run for real: ``pre-commit try-repo`` against this checkout blocks a
commit with a mistake staged and lets the fixed one through; the hook's file filter picks
exactly the files brazelint reads.

pre-commit builds the hook's virtualenv with ``pip install`` of this checkout, so the end
to end test needs a package index (PyPI) and takes a while; it is skipped only when
pre-commit itself is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from brazelint.languages import language_for
from tests.conftest import REPO, copy_checkout

MANIFEST = REPO / ".pre-commit-hooks.yaml"
MISTAKE = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'
FIXED = 'import * as braze from "@braze/web-sdk";\nbraze.logPurchase("sku-1", 9.99, "USD", 1);\n'


def _hook() -> dict[str, object]:
    yaml = pytest.importorskip("yaml")  # installed with pre-commit
    [hook] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return hook


def test_manifest_fields() -> None:
    hook = _hook()
    assert hook["id"] == "brazelint"
    assert hook["language"] == "python"
    assert hook["entry"] == "brazelint check"
    assert hook["types"] == ["file"]
    assert hook["require_serial"] is True
    assert hook["minimum_pre_commit_version"] == "2.9.2"
    # Several invocations per commit must not overwrite one report file.
    assert "-o" not in str(hook["entry"]) and "--output" not in str(hook.get("args", ""))
    assert hook.get("pass_filenames", True) is True


@pytest.mark.parametrize(
    "name",
    [
        "a.py", "x/b.PY", "c.pyi", "d.js", "e.min.js", "E.MIN.JS", "f.mjs", "g.cjs", "h.jsx",
        "i.ts", "j.mts", "k.cts", "l.tsx", "m.swift", "n.kt", "o.kts", "p.java", "q.liquid",
        "r.html", "s.HTM", "ios/Info.plist", "res/values/braze.xml",
        "res/values-fr/strings.xml", "res/layout/main.xml", "braze.xml", "lib/appboy.xml",
        "pom.xml", "Braze.xml", ".env", ".env.local", "prod.env", "x/.env.production", "env",
        "README.md", "x.json", "a.min.js.map", ".py", "values/x.XML", "x.rb", ".envrc",
        "types/index.d.ts", "x.d.mts", "x.D.TS", "package.json", "web/package.json",
        "package-lock.json", "Podfile", "ios/Podfile", "Podfile.lock", "app/build.gradle",
        "build-extras.GRADLE", ".gradle", "gradle/libs.versions.toml", "pubspec.yaml",
        "pubspec.lock", "xpackage.json",
    ],
)
def test_files_regex_selects_exactly_what_brazelint_reads(name: str) -> None:
    hook = _hook()
    included = re.search(str(hook["files"]), name) is not None
    excluded = re.search(str(hook.get("exclude", "^$")), name) is not None
    assert (included and not excluded) == (language_for(PurePosixPath(name)) is not None)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    _run(["git", *args], cwd, env).check_returncode()


@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        NO_COLOR="1",
    )
    (tmp_path / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    return env


def _snapshot(tmp_path: Path, env: dict[str, str]) -> Path:
    """This checkout's files as they are now, committed in a scratch repository: try-repo
    on the checkout itself would leave out files not yet added to git."""
    hook_repo = copy_checkout(tmp_path / "hook-repo")
    _git(hook_repo, env, "init", "-q")
    _git(hook_repo, env, "add", ".")
    _git(hook_repo, env, "commit", "-q", "-m", "snapshot")
    return hook_repo


@pytest.mark.skipif(
    shutil.which("git") is None, reason="git is needed to make the scratch repositories"
)
def test_try_repo_blocks_the_mistake_and_passes_the_fix(
    tmp_path: Path, git_env: dict[str, str]
) -> None:
    pytest.importorskip("pre_commit")
    hook_repo = _snapshot(tmp_path, git_env)
    work = tmp_path / "work"
    (work / "web").mkdir(parents=True)
    _git(work, git_env, "init", "-q")
    (work / "web" / "checkout.js").write_text(MISTAKE, encoding="utf-8")
    (work / "README.md").write_text("not scanned\n", encoding="utf-8")
    _git(work, git_env, "add", ".")

    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "brazelint"]
    blocked = _run(try_repo, work, git_env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "brazelint" in output and "Failed" in output
    assert (
        'web/checkout.js:2:22: BRZ401 [purchase-as-custom-event] "purchase" looks like a '
        "purchase logged through logCustomEvent"
    ) in output

    (work / "web" / "checkout.js").write_text(FIXED, encoding="utf-8")
    _git(work, git_env, "add", ".")
    passed = _run(try_repo, work, git_env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"brazelint\.+Passed", passed.stdout), passed.stdout

    # The same hook installed as the repository's git hook blocks a real `git commit`.
    rev = _run(["git", "rev-parse", "HEAD"], hook_repo, git_env).stdout.strip()
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: brazelint\n",
        encoding="utf-8",
    )
    _run([sys.executable, "-m", "pre_commit", "install"], work, git_env).check_returncode()
    (work / "web" / "cart.js").write_text(MISTAKE, encoding="utf-8")
    _git(work, git_env, "add", ".")
    commit = _run(["git", "commit", "-m", "cart"], work, git_env)
    assert commit.returncode != 0
    assert "web/cart.js:2:22: BRZ401" in commit.stdout + commit.stderr
    (work / "web" / "cart.js").write_text(FIXED, encoding="utf-8")
    _git(work, git_env, "add", ".")
    commit = _run(["git", "commit", "-m", "cart"], work, git_env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
