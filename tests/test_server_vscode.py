"""The VS Code extension in editors/vscode/ packages with @vscode/vsce (VS Code itself
cannot run here). Needs npm and the npm registry; skipped, with the reason, without them.
Every step is bounded by a timeout."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "editors" / "vscode"
#: Seconds for `npm install` (vsce brings ~100 packages) and for packaging.
INSTALL_TIMEOUT = 300
PACKAGE_TIMEOUT = 120


def test_the_manifest_starts_brazelint_server() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text())
    assert manifest["main"] == "./extension.js"
    assert "vscode-languageclient" in manifest["dependencies"]
    assert manifest["contributes"]["configuration"]["properties"]["brazelint.path"]["default"] == [
        "brazelint"
    ]
    source = (EXTENSION / "extension.js").read_text()
    assert '"server"' in source and "LanguageClient" in source


def _run(command: list[str], cwd: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"{' '.join(command[:2])} took longer than {timeout} s (registry slow?)")


def test_the_extension_packages_with_vsce(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    npx = shutil.which("npx")
    if npm is None or npx is None:
        pytest.skip("npm is not installed")
    reachable = _run([npm, "view", "vscode-languageclient", "version"], tmp_path, 60)
    if reachable.returncode != 0:
        pytest.skip(f"the npm registry is not reachable: {reachable.stderr.strip()[:200]}")
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    installed = _run(
        [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts"], work, INSTALL_TIMEOUT
    )
    assert installed.returncode == 0, installed.stderr[-2000:]

    packaged = _run(
        [npx, "vsce", "package", "--skip-license", "--out", "brazelint.vsix"],
        work,
        PACKAGE_TIMEOUT,
    )
    assert packaged.returncode == 0, (packaged.stdout + packaged.stderr)[-2000:]
    with zipfile.ZipFile(work / "brazelint.vsix") as vsix:
        names = set(vsix.namelist())
    assert {"extension/package.json", "extension/extension.js"} <= names
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not any(name.startswith("extension/node_modules/@vscode/vsce") for name in names)
