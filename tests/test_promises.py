"""The promises of docs/security.md that no other test file proves on its own: no network
access, and no writes outside the cache folder and the output file."""

from __future__ import annotations

import ast
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

import brazelint
from brazelint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
#: Modules through which Python code reaches the network.
NETWORK_MODULES = {"socket", "ssl", "http", "urllib.request", "ftplib", "smtplib", "asyncio"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_imports_a_network_library() -> None:
    package = Path(brazelint.__file__).parent
    offenders = {
        f"{path.relative_to(package)}: {name}"
        for path in package.rglob("*.py")
        if "server" not in path.parts  # the language server speaks LSP over stdio only
        for name in _imports(path)
        if name in NETWORK_MODULES or name.split(".")[0] in {"socket", "ssl", "http"}
    }
    assert offenders == set()


def test_a_scan_opens_no_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("brazelint tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "keys-web", tree)
    outcome = CliRunner().invoke(
        main, [str(tree), "--jobs", "1", "--cache-dir", str(tmp_path / "cache")]
    )
    assert outcome.exit_code == 1, outcome.output


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_writes_only_the_cache_and_the_output_file(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for project in ("keys-web", "keys-config", "keys-mobile"):
        shutil.copytree(FIXTURES / project, tree / project)
    before = _snapshot(tmp_path)
    cache, report = tmp_path / "cache", tmp_path / "report.sarif"
    for _ in range(2):  # a cold and a warm run
        outcome = CliRunner().invoke(
            main,
            [str(tree), "--cache-dir", str(cache), "--format", "sarif", "-o", str(report)],
        )
        assert outcome.exit_code == 1, outcome.output
    after = _snapshot(tmp_path)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed - {"report.sarif"} == {name for name in changed if name.startswith("cache")}
    assert {name for name in before if name not in after} == set()
