"""Nothing brazelint writes holds a detected key whole (issue 17): not the result cache,
not a baseline, not any output format, on a cold run or a warm one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import FORMATS, main

FIXTURES = Path(__file__).parent / "fixtures"
#: The fake REST keys planted in the keys-* fixtures: JavaScript, TypeScript, Python, Swift,
#: Kotlin, Java, Android XML resources, Info.plist and .env files. The first is also used,
#: legitimately, as an SDK key in other files: once it is known to be a secret, those
#: files' cached facts hold it too.
PLANTED_KEYS = (
    "0badc0de-f00d-4bad-8bad-c0ffee5ec12e",
    "deadbeef-cafe-4bab-8e5e-feedfacef00d",
    "5ca1ab1e-d15c-4a11-9e57-b1de0ffba5e5",
    "Zq8Vb3Nm7Xc1Lk5Jh9Gf2Dp6Sw4Rt0Yu",
)


def _leaks(folder: Path) -> list[str]:
    leaks = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes().lower()
            leaks += [f"{path}: {key}" for key in PLANTED_KEYS if key.lower().encode() in data]
    return leaks


def _run(*args: str) -> int:
    return CliRunner().invoke(main, list(args), catch_exceptions=False).exit_code


@pytest.fixture(scope="module")
def keys_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("keys")
    for project in sorted(FIXTURES.glob("keys-*")):
        shutil.copytree(project, root / project.name)
    return root


def test_planted_keys_are_all_detected(keys_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.json"
    assert _run(str(keys_tree), "--no-cache", "--format", "json", "-o", str(out)) == 1
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    secret_rules = {f["rule_id"] for f in findings} & {"BRZ101", "BRZ102", "BRZ103"}
    assert secret_rules == {"BRZ101", "BRZ102", "BRZ103"}
    languages = {
        Path(f["path"]).suffix or Path(f["path"]).name
        for f in findings
        if f["rule_id"] in secret_rules
    }
    assert {".js", ".ts", ".py", ".swift", ".kt", ".java", ".xml", ".plist"} <= languages


def test_no_file_brazelint_writes_holds_a_key(keys_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    reports: dict[str, list[str]] = {}
    for run in ("cold", "warm"):
        for output_format in FORMATS:
            out = outputs / f"{run}.{output_format}"
            args = [str(keys_tree), "--format", output_format, "-o", str(out)]
            assert _run(*args, "--cache-dir", str(cache), "--include-suppressed") == 1
            reports.setdefault(output_format, []).append(out.read_text(encoding="utf-8"))
    baseline = outputs / "baseline.json"
    assert _run(str(keys_tree), "--cache-dir", str(cache), "--write-baseline", str(baseline)) == 0
    assert cache.exists() and any(cache.rglob("objects/*/*"))  # the cache was used
    assert _leaks(cache) == []
    assert _leaks(outputs) == []
    # A warm run reports exactly what the cold one did.
    cold, warm = (json.loads(text) for text in reports["json"])
    assert cold["findings"] == warm["findings"]
    assert reports["sarif"][0] == reports["sarif"][1]
