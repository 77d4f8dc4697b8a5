"""Configuration: every key, the command line winning over the file, finding the file, and
bad configuration stopping the run before anything is scanned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.config import ConfigError, load_file, resolve
from brazelint.context import ContextOverride
from brazelint.engine import ScanOptions, scan
from brazelint.facts import Context
from brazelint.findings import Severity

CATALOG = load_catalog()
PURCHASE = 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'
#: One BRZ401 (warning) on line 2, one BRZ001 (warning) on line 3.
APP = PURCHASE + "braze.logPurchase('sku', 1, 'USD', 1); // brazelint: ignore[BRZ401]\n"


def invoke(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def findings(*args: str) -> list[tuple[str, str, str]]:
    code, out, err = invoke(*args, "--format", "json")
    assert code in (0, 1), err
    return [(f["path"], f["rule_id"], f["severity"]) for f in json.loads(out)["findings"]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "app.js").write_text(APP, encoding="utf-8")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.js").write_text(PURCHASE, encoding="utf-8")
    return tmp_path


def pyproject(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f"[project]\nname = 'x'\n\n[tool.brazelint]\n{body}", encoding="utf-8")
    return path


ALL_FOUND = [
    ("legacy/old.js", "BRZ401", "warning"),
    ("web/app.js", "BRZ401", "warning"),
    ("web/app.js", "BRZ001", "warning"),
]


def test_no_configuration(project: Path) -> None:
    assert findings(str(project)) == ALL_FOUND


def test_select(project: Path) -> None:
    pyproject(project, 'select = ["BRZ0"]\n')
    assert findings(str(project)) == [("web/app.js", "BRZ001", "warning")]


def test_ignore_by_name(project: Path) -> None:
    pyproject(project, 'ignore = ["purchase-as-custom-event"]\n')
    assert findings(str(project)) == [("web/app.js", "BRZ001", "warning")]


def test_extend_select(project: Path) -> None:
    pyproject(project, 'select = ["BRZ0"]\nextend-select = ["BRZ401"]\n')
    assert findings(str(project)) == ALL_FOUND


def test_per_file_ignores(project: Path) -> None:
    pyproject(project, '[tool.brazelint.per-file-ignores]\n"legacy/**" = ["BRZ4"]\n')
    assert findings(str(project)) == ALL_FOUND[1:]


def test_exclude(project: Path) -> None:
    pyproject(project, 'exclude = ["legacy"]\n')
    assert findings(str(project)) == ALL_FOUND[1:]


def test_severity_overrides_narrow_selector_wins(project: Path) -> None:
    pyproject(project, '[tool.brazelint.severity]\nBRZ401 = "error"\nBRZ = "note"\n')
    assert findings(str(project)) == [
        ("legacy/old.js", "BRZ401", "error"),
        ("web/app.js", "BRZ401", "error"),
        ("web/app.js", "BRZ001", "note"),
    ]


def test_fail_on(project: Path) -> None:
    pyproject(project, 'fail-on = "error"\n')
    assert invoke(str(project))[0] == 0
    assert invoke(str(project), "--fail-on", "warning")[0] == 1


def test_command_line_wins_over_the_file(project: Path) -> None:
    pyproject(project, 'ignore = ["BRZ401"]\nexclude = ["legacy"]\nfail-on = "error"\n')
    # --select resets the selection the file made, ignores included (as in ruff).
    assert findings(str(project), "--select", "BRZ401") == [("web/app.js", "BRZ401", "warning")]
    # --exclude replaces the file's list; --extend-exclude would add to it.
    assert findings(str(project), "--exclude", "web") == []
    assert findings(str(project), "--extend-exclude", "web") == []
    assert findings(str(project), "--extend-select", "BRZ401", "--exclude", "nothing") == ALL_FOUND
    assert invoke(str(project), "--fail-on", "note")[0] == 1
    assert findings(str(project), "--severity", "BRZ001=error") == [
        ("web/app.js", "BRZ001", "error")
    ]
    assert findings(str(project), "--per-file-ignores", "web/**:BRZ0") == []


def test_context_paths_and_rule_settings_reach_the_scan(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "api.js").write_text(PURCHASE, encoding="utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "app.js").write_text(PURCHASE, encoding="utf-8")
    path = pyproject(
        tmp_path,
        'client-paths = ["server/**"]\nserver-paths = ["web/**"]\n'
        'allowed-clusters = ["iad-01", "EU-01"]\ntrack-batch-limit = 50\n'
        'environment-globs = ["config/staging/**"]\n',
    )
    config = resolve([load_file(path, CATALOG)], CATALOG)
    assert config.context_overrides == (
        ContextOverride("server/**", Context.CLIENT),
        ContextOverride("web/**", Context.SERVER),
    )
    assert config.settings.allowed_clusters == ("iad-01", "fra-01")
    assert config.settings.track_batch_limit == 50
    assert config.settings.environment_globs == ("config/staging/**",)
    result = scan(
        ScanOptions(
            targets=(tmp_path,),
            enabled=config.enabled,
            root=tmp_path,
            context_overrides=config.context_overrides,
        )
    )
    assert result.facts["server/api.js"].context.kind is Context.CLIENT
    assert result.facts["web/app.js"].context.kind is Context.SERVER
    assert result.facts["web/app.js"].context.reason == "configured for `web/**`"


def test_allowed_clusters_make_the_region_rule_fire_on_agreeing_files(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(
        'import * as braze from "@braze/web-sdk";\n'
        'braze.initialize("11ae5b4b-2445-4440-a04f-bf537764c9ad", '
        '{ baseUrl: "sdk.iad-02.braze.com" });\n',
        encoding="utf-8",
    )
    assert findings(str(tmp_path), "--select", "BRZ203") == []
    pyproject(tmp_path, 'allowed-clusters = ["iad-01"]\n')
    assert [rule for _, rule, _ in findings(str(tmp_path), "--select", "BRZ203")] == ["BRZ203"]


def test_dot_brazelint_toml_found_walking_up_and_preferred(project: Path) -> None:
    pyproject(project, 'select = ["BRZ0"]\n')
    (project / ".brazelint.toml").write_text('ignore = ["BRZ0"]\n', encoding="utf-8")
    assert findings(str(project / "web")) == [("web/app.js", "BRZ401", "warning")]
    # Without a config file above it, the scanned folder is the root (outside git).
    assert findings(str(project / "web"), "--isolated") == [
        ("app.js", "BRZ401", "warning"),
        ("app.js", "BRZ001", "warning"),
    ]
    other = project / "other.toml"
    other.write_text('select = ["BRZ001"]\n', encoding="utf-8")
    assert findings(str(project), "--config", str(other)) == [("web/app.js", "BRZ001", "warning")]


def test_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "web" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    pyproject(project, 'ignore = ["BRZ4"]\n')
    assert findings(str(project / "web")) == [("web/app.js", "BRZ001", "warning")]


def test_globs_are_relative_to_the_config_file(project: Path) -> None:
    # Outside git, a config above the scanned folder makes its folder the project root.
    pyproject(project, '[tool.brazelint.per-file-ignores]\n"web/app.js" = ["BRZ0"]\n')
    assert findings(str(project / "web")) == [("web/app.js", "BRZ401", "warning")]


BAD_CONFIGS = [
    (
        'selekt = ["BRZ4"]\n',
        "[tool.brazelint] unknown key 'selekt' (did you mean 'select'?); allowed keys: "
        "allowed-clusters, client-paths, environment-globs, exclude, extend-exclude, "
        "extend-per-file-ignores, extend-select, extend-test-paths, fail-on, ignore, "
        "liquid-default-text, per-file-ignores, select, server-paths, severity, test-paths, "
        "test-rules, track-batch-limit",
    ),
    (
        'ignore = ["BRZ999"]\n',
        "[tool.brazelint] key 'ignore': unknown rule selector 'BRZ999'; use rule IDs (BRZ401), "
        "ID prefixes (BRZ4), rule names (purchase-as-custom-event) or ALL; `brazelint rules` "
        "lists them",
    ),
    (
        'select = "BRZ4"\n',
        "[tool.brazelint] key 'select': expected an array of strings (rule selectors), "
        "got a string",
    ),
    (
        "exclude = [1]\n",
        "[tool.brazelint] key 'exclude': expected an array of strings (path globs), got an "
        "array holding an integer",
    ),
    (
        'fail-on = "fatal"\n',
        "[tool.brazelint] key 'fail-on': expected one of 'note', 'warning', 'error', got 'fatal'",
    ),
    (
        "track-batch-limit = true\n",
        "[tool.brazelint] key 'track-batch-limit': expected an integer from 1 to 10000, got a "
        "boolean",
    ),
    (
        "track-batch-limit = 0\n",
        "[tool.brazelint] key 'track-batch-limit': expected an integer from 1 to 10000, got 0",
    ),
    (
        'allowed-clusters = ["iad-99"]\n',
        "[tool.brazelint] key 'allowed-clusters': unknown Braze cluster 'iad-99'; known "
        "clusters: au-01, fra-01, fra-02, iad-01, iad-02, iad-03, iad-04, iad-05, iad-06, "
        "iad-07, iad-08, id-01, jp-01, kr-01, us-10 (or their instance names, such as US-01)",
    ),
    (
        "liquid-default-text = 3\n",
        "[tool.brazelint] key 'liquid-default-text': expected a string (the text of a Liquid "
        "default), got an integer",
    ),
    (
        'liquid-default-text = """it\'s "you""""\n',
        "[tool.brazelint] key 'liquid-default-text': the default text 'it\\'s \"you\"' holds "
        "both ' and \" (a Liquid string has no escapes, so no quote fits)",
    ),
    (
        'liquid-default-text = "{{x}}"\n',
        "key 'liquid-default-text': the default text '{{x}}' holds a brace, which would end "
        "or open a Liquid tag",
    ),
    (
        'liquid-default-text = "a\\nb"\n',
        "key 'liquid-default-text': the default text 'a\\nb' holds a line break or control "
        "character",
    ),
    (
        'liquid-default-text = " "\n',
        "key 'liquid-default-text': the default text ' ' is empty",
    ),
    (
        '[tool.brazelint.severity]\nBRZ401 = "fatal"\n',
        "[tool.brazelint] key 'severity'['BRZ401']: expected one of 'note', 'warning', 'error', "
        "got 'fatal'",
    ),
    (
        '[tool.brazelint.per-file-ignores]\n"tests/**" = ["nope"]\n',
        "[tool.brazelint] key 'per-file-ignores'['tests/**']: unknown rule selector 'nope'",
    ),
    (
        'per-file-ignores = ["tests/**"]\n',
        "[tool.brazelint] key 'per-file-ignores': expected a table of path glob = [rule "
        "selectors], got an array",
    ),
    (
        "select = [\n",
        "invalid TOML: Invalid value (at end of document)",
    ),
    # The scanned repository's own pyproject.toml is input anyone can write.
    ("select = " + "[" * 50_000 + "]" * 50_000 + "\n", "invalid TOML: nested too deeply"),
    ("track-batch-limit = " + "9" * 5000 + "\n", "invalid TOML: a number too long to read"),
]


@pytest.mark.parametrize(("body", "message"), BAD_CONFIGS)
def test_bad_configuration_is_exit_2_before_scanning(
    project: Path, body: str, message: str
) -> None:
    path = pyproject(project, body)
    code, out, err = invoke(str(project))
    assert code == 2
    assert out == ""  # nothing scanned, nothing reported
    assert err.startswith(f"brazelint: error: {path}: ")
    assert message in err
    assert err.count("\n") == 1  # one clear line, never a traceback


def test_bad_dot_brazelint_toml_names_the_key_without_a_table(project: Path) -> None:
    path = project / ".brazelint.toml"
    path.write_text("ignore = 3\n", encoding="utf-8")
    code, _, err = invoke(str(project))
    assert code == 2
    assert err == (
        f"brazelint: error: {path}: key 'ignore': expected an array of strings (rule "
        "selectors), got an integer\n"
    )


def test_unreadable_and_missing_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / ".brazelint.toml"
    path.write_bytes(b"select = ['\xff']\n")
    code, _, err = invoke(str(project))
    assert (code, err) == (2, f"brazelint: error: {path}: not valid UTF-8 (invalid start byte)\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ConfigError, match=r"\.brazelint\.toml: cannot read: Permission denied"):
        load_file(path, CATALOG)
    monkeypatch.undo()
    missing = project / "nope.toml"
    code, _, err = invoke(str(project), "--config", str(missing))
    assert (code, err) == (2, f"brazelint: error: {missing}: configuration file not found\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--select", "BRZ999"), "--select: unknown rule selector 'BRZ999'"),
        (("--per-file-ignores", "tests"), "--per-file-ignores: expected GLOB:RULES, got 'tests'"),
        (("--severity", "BRZ401"), "--severity: expected RULES=LEVEL, got 'BRZ401'"),
        (
            ("--severity", "BRZ401=fatal"),
            "--severity['BRZ401']: expected one of 'note', 'warning', 'error', got 'fatal'",
        ),
        (("--allowed-clusters", "mars-01"), "--allowed-clusters: unknown Braze cluster 'mars-01'"),
        (
            ("--track-batch-limit", "0"),
            "--track-batch-limit: expected an integer from 1 to 10000, got 0",
        ),
    ],
)
def test_bad_command_line_values(project: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke(str(project), *args)
    assert code == 2
    assert out == ""
    assert err.startswith(f"brazelint: error: {message}")


def test_resolve_layers_in_order() -> None:
    from brazelint.config import Layer

    file_layer = Layer(source="f.toml", select=("BRZ4",), ignore=("BRZ401",))
    cli = Layer(source="command line", extend_select=("BRZ001",), fail_on=Severity.ERROR)
    config = resolve([file_layer, cli], CATALOG)
    assert config.enabled == (
        {rule for rule in CATALOG if rule.startswith("BRZ4")} - {"BRZ401"}
    ) | {"BRZ001"}
    assert config.fail_on is Severity.ERROR
    assert config.source == Path("f.toml")


# --- test paths ----------------------------------------------------------------------------

_LEAK = (
    'import express from "express";\n'
    "const app = express();\n"
    'app.post("/x", async () => fetch("https://rest.iad-01.braze.com/users/track", '
    '{ headers: { Authorization: "Bearer f00dfeed-5eed-4b1d-9bad-decafc0ffee0" } }));\n'
)


@pytest.fixture
def with_tests(project: Path) -> Path:
    for folder in ("web/__tests__", "app/src/test/java", "web/mocks"):
        (project / folder).mkdir(parents=True)
    (project / "web" / "__tests__" / "app.js").write_text(PURCHASE, encoding="utf-8")
    (project / "web" / "checkout.test.ts").write_text(PURCHASE, encoding="utf-8")
    (project / "web" / "mocks" / "server.js").write_text(_LEAK, encoding="utf-8")
    return project


def test_test_paths_report_only_secrets_by_default(with_tests: Path) -> None:
    found = findings(str(with_tests))
    assert [f for f in found if f not in ALL_FOUND] == [("web/mocks/server.js", "BRZ101", "error")]


def test_test_paths_can_be_turned_off(with_tests: Path) -> None:
    pyproject(with_tests, "test-paths = []\n")
    paths = {path for path, _, _ in findings(str(with_tests))}
    assert {"web/__tests__/app.js", "web/checkout.test.ts", "web/mocks/server.js"} <= paths


def test_test_rules_and_extend_test_paths(with_tests: Path) -> None:
    pyproject(with_tests, 'test-rules = ["BRZ101", "BRZ401"]\nextend-test-paths = ["legacy/"]\n')
    found = findings(str(with_tests))
    assert ("web/__tests__/app.js", "BRZ401", "warning") in found
    assert ("legacy/old.js", "BRZ401", "warning") in found  # test-rules apply there too
    pyproject(with_tests, 'extend-test-paths = ["legacy/"]\n')
    assert "legacy/old.js" not in {path for path, _, _ in findings(str(with_tests))}


def test_test_paths_bad_values_are_config_errors(project: Path) -> None:
    pyproject(project, "test-paths = [1]\n")
    code, _, err = invoke(str(project))
    assert code == 2
    assert "key 'test-paths': expected an array of strings (path globs)" in err
    pyproject(project, 'test-rules = ["BRZ999"]\n')
    code, _, err = invoke(str(project))
    assert code == 2
    assert "unknown rule selector 'BRZ999'" in err


def test_test_files_do_not_count_for_project_rules(tmp_path: Path) -> None:
    (tmp_path / "web" / "fixtures").mkdir(parents=True)
    init = 'import * as braze from "@braze/web-sdk";\nbraze.initialize("k", {{ baseUrl: "{}" }});\n'
    (tmp_path / "web" / "app.js").write_text(init.format("sdk.iad-01.braze.com"), "utf-8")
    for name in ("eu_a.js", "eu_b.js"):
        eu = init.format("sdk.fra-01.braze.eu")
        (tmp_path / "web" / "fixtures" / name).write_text(eu, "utf-8")
    # Fixtures' EU hosts are no second cluster of the app, however many there are (test
    # folders such as __tests__ were already compared only among themselves).
    assert findings(str(tmp_path)) == []
    pyproject(tmp_path, "test-paths = []\n")
    assert ("web/app.js", "BRZ203", "error") in findings(str(tmp_path))


@pytest.mark.parametrize(
    ("path", "is_test"),
    [
        ("web/__tests__/app.js", True),
        ("web/checkout.test.ts", True),
        ("tests/acceptance/in-app-test.js", True),
        ("app/src/test/java/com/example/FooTest.kt", True),
        ("ios/AppTests/Info.plist", True),
        ("server/test_sync.py", True),
        ("web/mocks/braze.js", True),
        # Samples and A/B-testing code are app code.
        ("tests/dummy/app/components/banner.js", False),
        ("Samples/HelloSwift/AppDelegate.swift", False),
        ("web/src/ab-test.js", False),
        ("app/src/main/java/com/example/ABTest.kt", False),
    ],
)
def test_default_test_paths(path: str, is_test: bool) -> None:
    from brazelint.config import DEFAULT_TEST_PATHS
    from brazelint.discover import matches_glob

    assert any(matches_glob(path, glob) for glob in DEFAULT_TEST_PATHS) is is_test


def test_liquid_default_text_reaches_the_rule_and_its_fix(tmp_path: Path) -> None:
    """`liquid-default-text` makes BRZ601's fix safe, so `--fix` writes it."""
    template = tmp_path / "welcome.liquid"
    template.write_text("<p>Hi {{${first_name}}}</p>\n", encoding="utf-8")
    code, _, err = invoke(str(tmp_path), "--isolated", "--select", "BRZ601", "--fix")
    assert code == 1, err
    assert template.read_text(encoding="utf-8") == "<p>Hi {{${first_name}}}</p>\n"
    pyproject(tmp_path, 'liquid-default-text = "there"\n')
    code, _, err = invoke(str(tmp_path), "--select", "BRZ601", "--fix")
    assert code == 0, err
    assert (
        template.read_text(encoding="utf-8") == "<p>Hi {{${first_name} | default: 'there'}}</p>\n"
    )
    layer = load_file(tmp_path / "pyproject.toml", CATALOG)
    assert resolve([layer], CATALOG).settings.liquid_default_text == "there"
    assert resolve([], CATALOG).settings.liquid_default_text is None
