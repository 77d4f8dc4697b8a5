from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.rule import RuleSettings
from brazelint.rules import rule_classes

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """CLI runs in tests use a result cache of their own, never the user's."""
    folder = tmp_path_factory.mktemp("brazelint-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRAZELINT_CACHE_DIR", str(folder))
        yield


def run_scan(
    *targets: Path,
    root: Path | None = None,
    select: set[str] | None = None,
    settings: RuleSettings | None = None,
) -> ScanResult:
    """Scan with every implemented rule (or ``select``), rooted at ``root``."""
    enabled = frozenset(select if select is not None else load_catalog().keys())
    options = ScanOptions(
        targets=tuple(targets),
        enabled=enabled,
        root=root or targets[0],
        settings=settings or RuleSettings(),
    )
    return scan(options)


@pytest.fixture
def scan_tree(tmp_path: Path):
    """Write ``{relative path: text}`` into a scratch project and scan it."""

    def write_and_scan(files: dict[str, str | bytes], select: set[str] | None = None) -> ScanResult:
        for relative, content in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return run_scan(tmp_path, root=tmp_path, select=select)

    return write_and_scan


def implemented_rules() -> set[str]:
    return set(rule_classes())


#: What installing brazelint from a copy of this checkout needs (`pip install .`).
INSTALLABLE = (
    "brazelint",
    "rules",
    "pyproject.toml",
    "README.md",
    ".pre-commit-hooks.yaml",
    "action.yml",
)


def copy_checkout(destination: Path) -> Path:
    """This checkout's installable files, as they are now (committed or not), copied to
    ``destination``: what pre-commit or a GitHub action would install."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in INSTALLABLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / name)
    return destination


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Replace ``owner.name`` by a wrapper that counts its calls; the count is item 0 of
    the returned list. Tests bound the work a frontend does by such counts, never by
    timing it."""
    count = [0]
    original = getattr(owner, name)

    def counting(*args: object, **kwargs: object) -> object:
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return count


#: A git identity and no system configuration, so test repositories build the same anywhere.
GIT_TEST_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@t",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@t",
}


def run_git(folder: Path, *args: str, **env: str) -> None:
    """Run a git command to build a test repository; ``args`` may start with ``-c`` options."""
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        env={**os.environ, **GIT_TEST_ENV, **env},
        capture_output=True,
    )
