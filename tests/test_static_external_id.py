"""BRZ307 static-external-id: a literal external ID every user of the code shares, on every
SDK and in REST bodies, and the shapes it leaves alone (placeholders, debug-only code,
tests, documentation, the cases BRZ301/303/304 report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main
from brazelint.engine import ScanResult
from brazelint.rules.brz307_static_external_id import is_placeholder_id

IDENTITY_RULES = {"BRZ301", "BRZ303", "BRZ304", "BRZ305", "BRZ307"}


def _found(result: ScanResult, rule: str = "BRZ307") -> list[tuple[str, int]]:
    return sorted((f.path, f.span.line) for f in result.findings if f.rule_id == rule)


#: (file, source with a literal ID on line 3, the same with the user's own ID)
PER_LANGUAGE = [
    (
        "src/identify.js",
        'import * as braze from "@braze/web-sdk";\nexport function start() {\n'
        '  braze.changeUser("user-01");\n}\n',
        'import * as braze from "@braze/web-sdk";\nexport function start(account) {\n'
        "  braze.changeUser(account.id);\n}\n",
    ),
    (
        "src/identify.ts",
        'import Braze from "@braze/react-native-sdk";\nexport function start(): void {\n'
        '  Braze.changeUser("test");\n}\n',
        'import Braze from "@braze/react-native-sdk";\n'
        "export function start(account: Account): void {\n"
        "  Braze.changeUser(account.id);\n}\n",
    ),
    (
        "App/Identify.swift",
        'import BrazeKit\nfunc identify(braze: Braze) {\n  braze.changeUser(userId: "123")\n}\n',
        "import BrazeKit\nfunc identify(braze: Braze, account: Account) {\n"
        "  braze.changeUser(userId: account.id)\n}\n",
    ),
    (
        "app/src/main/java/com/example/Identify.kt",
        "import com.braze.Braze\nfun identify(context: Context) {\n"
        '    Braze.getInstance(context).changeUser("user-01")\n}\n',
        "import com.braze.Braze\nfun identify(context: Context, account: Account) {\n"
        "    Braze.getInstance(context).changeUser(account.id)\n}\n",
    ),
    (
        "app/src/main/java/com/example/Identify.java",
        "import com.braze.Braze;\nclass Identify { void run(Context context) {\n"
        '    Braze.getInstance(context).changeUser("user-01");\n} }\n',
        "import com.braze.Braze;\nclass Identify { void run(Context context, Account a) {\n"
        "    Braze.getInstance(context).changeUser(a.getId());\n} }\n",
    ),
    (
        "App/Session.m",
        "#import <BrazeKit/BrazeKit.h>\n@implementation Session\n"
        '- (void)identify { [AppDelegate.braze changeUser:@"user-01"]; }\n@end\n',
        "#import <BrazeKit/BrazeKit.h>\n@implementation Session\n"
        "- (void)identify:(Account *)a { [AppDelegate.braze changeUser:a.userId]; }\n@end\n",
    ),
    (
        "lib/identify.dart",
        "import 'package:braze_plugin/braze_plugin.dart';\nvoid identify(BrazePlugin braze) {\n"
        "  braze.changeUser('user-01');\n}\n",
        "import 'package:braze_plugin/braze_plugin.dart';\n"
        "void identify(BrazePlugin braze, Account account) {\n"
        "  braze.changeUser(account.id);\n}\n",
    ),
    (
        "server/sync.py",
        "import requests\ndef sync(plan):\n"
        '    body = {"attributes": [{"external_id": "user-01", "plan": plan}]}\n'
        '    requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
        "import requests\ndef sync(account):\n"
        '    body = {"attributes": [{"external_id": account.id, "plan": account.plan}]}\n'
        '    requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n',
    ),
]


@pytest.mark.parametrize(("path", "bad", "good"), PER_LANGUAGE, ids=lambda x: str(x)[:40])
def test_a_literal_id_is_reported_in_every_language(scan_tree, path, bad, good) -> None:
    result = scan_tree({path: bad}, select=IDENTITY_RULES)
    assert _found(result) == [(path, 3)]
    assert [f.rule_id for f in result.findings] == ["BRZ307"]  # one mistake, one finding
    message = result.findings[0].message
    assert "the same Braze user" in message


@pytest.mark.parametrize(("path", "bad", "good"), PER_LANGUAGE, ids=lambda x: str(x)[:40])
def test_the_users_own_id_is_clean_in_every_language(scan_tree, path, bad, good) -> None:
    result = scan_tree({path: good}, select=IDENTITY_RULES)
    assert result.findings == []


def test_a_constant_reaches_the_call_in_the_same_file_and_from_another(scan_tree) -> None:
    result = scan_tree(
        {
            "src/config.js": 'export const DEMO_USER = "demo-user-7";\n',
            "src/identify.js": (
                'import * as braze from "@braze/web-sdk";\n'
                'import { DEMO_USER } from "./config";\n'
                'const LOCAL = "local-7";\n'
                "export function a() { braze.changeUser(DEMO_USER); }\n"
                "export function b() { braze.changeUser(LOCAL); }\n"
            ),
        },
        select={"BRZ307"},
    )
    assert _found(result) == [("src/identify.js", 4), ("src/identify.js", 5)]
    messages = sorted(f.message for f in result.findings)
    assert 'literal ID "demo-user-7" (through `DEMO_USER`)' in messages[0]
    assert 'literal ID "local-7" (through `LOCAL`)' in messages[1]


@pytest.mark.parametrize(
    "value",
    [
        "{{user_id}}",
        "${USER_ID}",
        "<USER_ID>",
        "%s",
        "YOUR_USER_ID",
        "USER_ID",
        "EXTERNAL_ID",
        "replace-with-your-id",
        "xxx",
        "TODO",
    ],
)
def test_template_placeholders_are_not_static_ids(scan_tree, value: str) -> None:
    assert is_placeholder_id(value)
    result = scan_tree(
        {
            "src/identify.js": (
                'import * as braze from "@braze/web-sdk";\n'
                f"export function start() {{ braze.changeUser({value!r}); }}\n"
            )
        },
        select={"BRZ307"},
    )
    assert result.findings == []


@pytest.mark.parametrize("value", ["user-01", "test", "123", "tester-1", "jdoe"])
def test_shared_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder_id(value)


def test_other_rules_cases_are_left_to_them(scan_tree) -> None:
    long_id = "q" * 1000
    result = scan_tree(
        {
            "src/identify.js": (
                'import * as braze from "@braze/web-sdk";\n'
                'export function a() { braze.changeUser("guest"); }\n'
                'export function logOut() { braze.changeUser("signed-out-user"); }\n'
                'export function b() { braze.changeUser("jane@example.com"); }\n'
                f'export function c() {{ braze.changeUser("{long_id}"); }}\n'
                'export function d() { braze.changeUser(""); }\n'
            )
        },
        select=IDENTITY_RULES,
    )
    rules = sorted((f.span.line, f.rule_id) for f in result.findings)
    assert rules == [(2, "BRZ303"), (3, "BRZ303"), (4, "BRZ301"), (5, "BRZ304"), (6, "BRZ303")]


def test_a_value_literal_only_on_some_paths_is_not_reported(scan_tree) -> None:
    result = scan_tree(
        {
            "src/identify.ts": (
                'import * as braze from "@braze/web-sdk";\n'
                "export function start(user?: { id: string }): void {\n"
                '  braze.changeUser(user?.id ?? "fallback-user");\n'
                '  let id = "first";\n'
                "  if (user) { id = user.id; }\n"
                "  braze.changeUser(id);\n"
                '  const both = user ? "a-user" : "b-user";\n'
                "  braze.changeUser(both);\n"
                "}\n"
            )
        },
        select={"BRZ307"},
    )
    # Only the last call is literal on every path.
    assert _found(result) == [("src/identify.ts", 8)]


def test_debug_only_code_is_not_shipped(scan_tree) -> None:
    result = scan_tree(
        {
            "src/identify.js": (
                'import Braze from "@braze/react-native-sdk";\n'
                'if (__DEV__) { Braze.changeUser("dev-user"); }\n'
                'if (process.env.NODE_ENV === "development") { Braze.changeUser("dev-user"); }\n'
                'if (process.env.NODE_ENV === "production") { Braze.changeUser("prod-user"); }\n'
            ),
            "App/Identify.swift": (
                "import BrazeKit\nfunc identify(braze: Braze) {\n"
                '#if DEBUG\n  braze.changeUser(userId: "qa-user")\n#endif\n}\n'
            ),
            "app/src/main/java/com/example/Identify.kt": (
                "import com.braze.Braze\nfun identify(context: Context) {\n"
                '    if (BuildConfig.DEBUG) { Braze.getInstance(context).changeUser("qa") }\n'
                '    else { Braze.getInstance(context).changeUser("release-user") }\n}\n'
            ),
            "lib/identify.dart": (
                "import 'package:braze_plugin/braze_plugin.dart';\n"
                "void identify(BrazePlugin braze) {\n"
                "  if (kDebugMode) { braze.changeUser('qa-user'); }\n}\n"
            ),
        },
        select={"BRZ307"},
    )
    assert _found(result) == [
        ("app/src/main/java/com/example/Identify.kt", 4),
        ("src/identify.js", 4),
    ]


def test_test_folders_and_docs_are_skipped_but_samples_are_checked(tmp_path: Path) -> None:
    # The test-path policy is configuration: run the command line as a user would.
    source = (
        'import * as braze from "@braze/web-sdk";\n'
        'export function start() { braze.changeUser("user-01"); }\n'
    )
    for relative in (
        "src/__tests__/identify.js",
        "src/identify.test.js",
        "test/identify.js",
        "fixtures/identify.js",
        "docs/snippets/identify.js",
        "samples/web/identify.js",
    ):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    outcome = CliRunner().invoke(
        main, [str(tmp_path), "--format", "json", "--select", "BRZ307"], catch_exceptions=False
    )
    assert outcome.exit_code == 1, outcome.stderr
    found = [(f["path"], f["line"]) for f in json.loads(outcome.stdout)["findings"]]
    assert found == [("samples/web/identify.js", 2)]
