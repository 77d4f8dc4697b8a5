"""brazelint's Braze REST key detector as a detect-secrets plugin, run through the real
``detect-secrets`` command line (as docs/detect-secrets.md tells users to), and through
its Python API on a 5 MB single line."""

from __future__ import annotations

import json
import random
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

import brazelint.detect_secrets_plugin as plugin_module

PLUGIN = Path(plugin_module.__file__).resolve()
KEY = "deadbeef-cafe-4bab-8e5e-feedfacef00d"
SDK_KEY = "0badc0de-f00d-4bad-8bad-c0ffee5ec12e"
TOKEN = "Zq8Vb3Nm7Xc1Lk5Jh9Gf2Dp6Sw4Rt0Yu"
NO_UUID_FILTER = "detect_secrets.filters.heuristic.is_potential_uuid"

FILES = {
    ".env": (
        "BRAZE_REST_ENDPOINT=https://rest.iad-01.braze.com\n"
        f"BRAZE_REST_API_KEY={KEY}\n"
        "BRAZE_REST_API_KEY_EXAMPLE=YOUR_REST_API_KEY\n"
        f"BRAZE_SDK_API_KEY={SDK_KEY}\n"
    ),
    "server.js": (
        'const URL = "https://rest.iad-01.braze.com/users/track";\n'
        f'const headers = {{ Authorization: "Bearer {TOKEN}" }};\n'
        'const placeholder = { Authorization: "Bearer xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" };\n'
        f'const allowed = "{KEY}"; // pragma: allowlist secret\n'
    ),
    "web.js": (
        f'braze.initialize("{SDK_KEY}", {{ baseUrl: "sdk.iad-01.braze.com" }});\n'
        f'const other = {{ Authorization: "Bearer {TOKEN}" }};\n'
    ),
    "other.js": (
        'fetch("https://api.example.com/v1", {\n'
        f'  headers: {{ Authorization: "Bearer {TOKEN}" }},\n'
        "});\n"
        'const BRAZE = "https://rest.iad-01.braze.com/users/track";\n'
    ),
    "res/values/secrets.xml": (
        "<resources>\n"
        f'  <string name="braze_rest_api_key">{KEY}</string>\n'
        f'  <string name="com_braze_api_key">{SDK_KEY}</string>\n'
        "</resources>\n"
    ),
    "Info.plist": (f"<dict>\n  <key>BrazeRestApiKey</key>\n  <string>{KEY}</string>\n</dict>\n"),
}


def _detect_secrets() -> list[str]:
    found = shutil.which("detect-secrets")
    if found is not None:
        return [found]
    return [sys.executable, "-m", "detect_secrets"]


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _scan(root: Path, *extra: str) -> dict[str, object]:
    # --all-files: scan without git (the tree is not a repository).
    out = subprocess.run(
        [*_detect_secrets(), "scan", "--all-files", "--plugin", str(PLUGIN), *extra, "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def _braze(baseline: dict[str, object]) -> list[tuple[str, int]]:
    results = baseline["results"]
    assert isinstance(results, dict)
    return sorted(
        (filename, secret["line_number"])
        for filename, secrets in results.items()
        for secret in secrets
        if secret["type"] == "Braze REST API Key"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _write(tmp_path, FILES)
    return tmp_path


def test_cli_finds_rest_keys_and_nothing_else(project: Path) -> None:
    baseline = _scan(project, "--disable-filter", NO_UUID_FILTER)
    assert _braze(baseline) == [
        (".env", 2),
        ("Info.plist", 3),
        ("res/values/secrets.xml", 2),
        ("server.js", 2),
    ]
    plugins = baseline["plugins_used"]
    assert isinstance(plugins, list)
    assert {"name": "BrazeRestKeyDetector", "path": f"file://{PLUGIN}"} in plugins
    # The baseline holds hashes, never the keys.
    text = json.dumps(baseline)
    assert KEY not in text and TOKEN not in text


def test_without_disabling_the_uuid_filter_uuid_keys_are_dropped(project: Path) -> None:
    """detect-secrets' default is_potential_uuid filter drops UUID-shaped secrets, whichever
    plugin found them: why docs/detect-secrets.md says to disable it."""
    assert _braze(_scan(project)) == [("server.js", 2)]


def test_hook_fails_on_a_new_key_and_passes_with_the_baseline(project: Path) -> None:
    baseline = _scan(project, "--disable-filter", NO_UUID_FILTER)
    (project / ".secrets.baseline").write_text(json.dumps(baseline), encoding="utf-8")
    # The hook refuses an unstaged baseline, so it needs a repository (a scratch one).
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=project, check=True, capture_output=True)
    hook = shutil.which("detect-secrets-hook")
    if hook is None:
        pytest.skip("detect-secrets-hook is not on PATH")
    known = subprocess.run(
        [hook, "--baseline", ".secrets.baseline", ".env"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert known.returncode == 0, known.stdout + known.stderr
    (project / "new.py").write_text(f'BRAZE_REST_API_KEY = "{TOKEN}"\n', encoding="utf-8")
    new = subprocess.run(
        [hook, "--baseline", ".secrets.baseline", "new.py"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert new.returncode == 1
    assert "Braze REST API Key" in new.stdout
    assert TOKEN not in new.stdout + new.stderr


def test_api_on_a_5mb_single_line(tmp_path: Path) -> None:
    """A 5 MB minified line of random tokens, other APIs' Bearer tokens and the SDK key:
    every pattern is linear, and nothing is reported."""
    from detect_secrets import SecretsCollection
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import transient_settings

    rng = random.Random(9)
    alphabet = string.ascii_letters + string.digits
    parts = [f'braze.initialize("{SDK_KEY}",{{baseUrl:"sdk.iad-01.braze.com"}});']
    while sum(map(len, parts)) < 5_000_000:
        token = "".join(rng.choices(alphabet, k=40))
        parts.append(f'x("{token}");h={{Authorization:"Bearer {token}"}};')
        parts.append("".join(rng.choices(alphabet + "+/", k=4000)))
    bundle = tmp_path / "bundle.min.js"
    bundle.write_text("".join(parts), encoding="utf-8")

    # anchors.md §B5: the lru_cache'd plugin table does not see a custom path plugin after
    # another settings context ran; clear it first.
    get_mapping_from_secret_type_to_class.cache_clear()
    config = {
        "plugins_used": [{"name": "BrazeRestKeyDetector", "path": f"file://{PLUGIN}"}],
        "filters_used": [{"path": "detect_secrets.filters.allowlist.is_line_allowlisted"}],
    }
    secrets = SecretsCollection()
    with transient_settings(config):
        secrets.scan_file(str(bundle))
    assert [secret for _, secret in secrets] == []
    get_mapping_from_secret_type_to_class.cache_clear()


def test_analyze_string_ignores_placeholders_and_sdk_keys() -> None:
    detector = plugin_module.BrazeRestKeyDetector()
    assert list(detector.analyze_string(f'BRAZE_REST_API_KEY="{KEY}"')) == [KEY]
    assert list(detector.analyze_string(f"brazeRestApiKey: '{TOKEN}'")) == [TOKEN]
    assert list(detector.analyze_string('BRAZE_REST_API_KEY="YOUR_REST_API_KEY"')) == []
    assert list(detector.analyze_string(f'com_braze_api_key="{SDK_KEY}"')) == []
    assert list(detector.analyze_string(f'BRAZE_API_KEY="{SDK_KEY}"')) == []
