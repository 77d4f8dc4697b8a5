"""BRZ703 and lock files: a manifest that names a Braze SDK whose Appboy era is a matter
of version, with no version one can read (``latest``, ``*``, ``any``), is judged by the
version its lock file installed; the finding stays at the manifest's dependency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brazelint.analysis.project import wanted_modules
from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.frontends import manifest
from brazelint.frontends.manifest import locked_versions
from brazelint.languages import Language

WEB = "npm:@braze/web-sdk"
RN = "npm:@braze/react-native-sdk"


def _scan(root: Path, files: dict[str, str], cache: Path | None = None) -> ScanResult:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    options = ScanOptions(
        targets=(root,), enabled=frozenset({"BRZ703"}), root=root, cache_dir=cache
    )
    return scan(options)


def _package(dependencies: dict[str, str]) -> str:
    return json.dumps({"name": "app", "dependencies": dependencies}, indent=2) + "\n"


def _lock_v3(versions: dict[str, str]) -> str:
    packages: dict[str, object] = {"": {"name": "app"}}
    packages.update({f"node_modules/{n}": {"version": v} for n, v in versions.items()})
    return json.dumps({"name": "app", "lockfileVersion": 3, "packages": packages})


def test_the_lock_decides_an_unpinned_web_sdk(tmp_path: Path) -> None:
    files = {
        "web/package.json": _package({"@braze/web-sdk": "latest"}),
        "web/package-lock.json": _lock_v3({"@braze/web-sdk": "3.5.1"}),
    }
    result = _scan(tmp_path, files)
    [finding] = result.findings
    assert (finding.path, finding.span.line) == ("web/package.json", 4)
    assert "`@braze/web-sdk` 3.5.1 (npm, as `web/package-lock.json` installs it)" in (
        finding.message
    )
    assert result.notifications == []


def test_a_current_locked_version_is_clean(tmp_path: Path) -> None:
    files = {
        "package.json": _package({"@braze/web-sdk": "*"}),
        "package-lock.json": _lock_v3({"@braze/web-sdk": "5.4.0"}),
    }
    assert _scan(tmp_path, files).findings == []


def test_a_readable_version_is_not_overridden(tmp_path: Path) -> None:
    files = {
        "package.json": _package({"@braze/web-sdk": "^5.0.0"}),
        # A stale lock does not turn a current pin into an old one.
        "package-lock.json": _lock_v3({"@braze/web-sdk": "3.5.1"}),
    }
    assert _scan(tmp_path, files).findings == []


def test_without_a_lock_an_unpinned_sdk_stays_unknown(tmp_path: Path) -> None:
    assert _scan(tmp_path, {"package.json": _package({"@braze/web-sdk": "latest"})}).findings == []


def test_the_cache_follows_a_changed_lock(tmp_path: Path) -> None:
    root = tmp_path / "project"
    cache = tmp_path / "cache"
    files = {
        "package.json": _package({"@braze/react-native-sdk": "*"}),
        "yarn.lock": '"@braze/react-native-sdk@*":\n  version "1.41.0"\n',
    }
    assert len(_scan(root, files, cache).findings) == 1
    assert len(_scan(root, files, cache).findings) == 1
    files["yarn.lock"] = '"@braze/react-native-sdk@*":\n  version "8.1.0"\n'
    assert _scan(root, files, cache).findings == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "package-lock.json",
            json.dumps(
                {"lockfileVersion": 1, "dependencies": {"@braze/web-sdk": {"version": "2.7.1"}}}
            ),
            {WEB: "2.7.1"},
        ),
        ("package-lock.json", "{ not json", {}),
        (
            "yarn.lock",
            '"@braze/web-sdk@^3.0.0", "@braze/web-sdk@^3.2.0":\n'
            '  version "3.3.0"\n'
            '  resolved "https://registry.yarnpkg.com/@braze/web-sdk/-/web-sdk-3.3.0.tgz"\n',
            {WEB: "3.3.0"},
        ),
        (
            "yarn.lock",
            '"@braze/react-native-sdk@npm:*":\n  version: 1.38.1\n  resolution: "x"\n',
            {RN: "1.38.1"},
        ),
        (
            "pnpm-lock.yaml",
            "packages:\n\n  /@braze/web-sdk@3.5.1:\n    resolution: {}\n",
            {WEB: "3.5.1"},
        ),
        (
            "pnpm-lock.yaml",
            "importers:\n  .:\n    dependencies:\n      '@braze/web-sdk':\n"
            "        specifier: latest\n        version: 4.10.2\n",
            {WEB: "4.10.2"},
        ),
    ],
)
def test_lock_readers(name: str, text: str, expected: dict[str, str]) -> None:
    assert locked_versions(name, text, [WEB, RN]) == expected


def test_pubspec_lock() -> None:
    text = (
        "packages:\n"
        "  braze_plugin:\n"
        '    dependency: "direct main"\n'
        "    description:\n"
        "      name: braze_plugin\n"
        "    source: hosted\n"
        '    version: "2.6.1"\n'
        "  http:\n"
        '    version: "1.1.0"\n'
    )
    assert locked_versions("pubspec.lock", text, ["pub:braze_plugin"]) == {
        "pub:braze_plugin": "2.6.1"
    }


def test_only_unreadable_versions_of_versioned_sdks_want_a_lock() -> None:
    def wants(dependencies: dict[str, str]) -> tuple[str, ...]:
        facts = manifest.parse("package.json", _package(dependencies), Language.MANIFEST)
        return wanted_modules(facts)

    assert wants({"@braze/web-sdk": "latest"}) == ("@lock",)
    assert wants({"@braze/web-sdk": "^3.1.0"}) == ()
    assert wants({"appboy-web-sdk": "latest"}) == ()  # Appboy-era whatever its version
    assert wants({"react": "*"}) == ()


def test_catalog_still_loads() -> None:
    assert "BRZ703" in load_catalog()
