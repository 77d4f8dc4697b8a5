"""BRZ306 external-id-source-mismatch: clients and server identifying users from different
fields, across platforms (small trees of its own and the inventory fixture project)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from brazelint.braze.identity import id_source
from brazelint.engine import ScanOptions, scan
from brazelint.facts import Span, Value, ValueKind
from brazelint.findings import Finding

FIXTURE = Path(__file__).resolve().parent / "fixtures-inventory"

WEB = 'import * as braze from "@braze/web-sdk";\n'
SWIFT = "import BrazeKit\n"
KOTLIN = "import com.braze.Braze\n"
DART = "import 'package:braze_plugin/braze_plugin.dart';\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def found(root: Path, *targets: Path, rules: frozenset[str] = frozenset({"BRZ306"})) -> list:
    result = scan(ScanOptions(targets=targets or (root,), enabled=rules, root=root))
    return result.findings


def mismatches(root: Path, *targets: Path) -> list[Finding]:
    return [f for f in found(root, *targets) if f.rule_id == "BRZ306"]


def python_server(expression: str, *, prelude: str = "") -> str:
    return (
        "import requests\n\n"
        "def sync(user, account):\n"
        f"{prelude}"
        f'    body = {{"attributes": [{{"external_id": {expression}, "plan": "pro"}}]}}\n'
        '    requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)\n'
    )


def node_server(expression: str) -> str:
    return (
        "export async function sync(user, account) {\n"
        '  await fetch("https://rest.iad-01.braze.com/users/track", {\n'
        '    method: "POST",\n'
        f"    body: JSON.stringify({{ attributes: [{{ external_id: {expression} }}] }}),\n"
        "  });\n"
        "}\n"
    )


def kotlin(expression: str) -> str:
    return (
        KOTLIN
        + "class Session(private val context: Context) {\n"
        + "    fun signIn(user: User) {\n"
        + f"        Braze.getInstance(context).changeUser({expression})\n"
        + "    }\n}\n"
    )


def swift(expression: str) -> str:
    return (
        SWIFT
        + "func signIn(braze: Braze, user: User) {\n"
        + f"  braze.changeUser(userId: {expression})\n}}\n"
    )


def dart(expression: str) -> str:
    return (
        DART
        + f"void signIn(BrazePlugin braze, User user) {{\n  braze.changeUser({expression});\n}}\n"
    )


def web(expression: str, *, prelude: str = "") -> str:
    return WEB + f"export function login(user) {{\n{prelude}  braze.changeUser({expression});\n}}\n"


# --- JS web client + Python server -----------------------------------------------------------


def test_web_clients_and_python_server_on_different_fields(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/login.ts": web("user.id"),
            "web/signup.ts": web("String(user.id)"),
            "server/sync.py": python_server("user.uid"),
        },
    )
    (finding,) = mismatches(root)
    assert (finding.path, finding.span.line) == ("server/sync.py", 4)
    assert finding.message.startswith(
        "external_id is given `user.uid` (field `uid`) here (server), but the external ID "
        "comes from field `id` in 2 other places (web)"
    )
    assert [(r.path, r.span.line, r.message) for r in finding.related] == [
        ("web/login.ts", 3, "changeUser() given `user.id` (web)"),
        ("web/signup.ts", 3, "changeUser() given `user.id` (web)"),
    ]


def test_same_field_through_variables_conversions_and_subscripts_is_clean(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/login.ts": web("who", prelude="  const who = user.id;\n"),
            "web/signup.ts": web("`${user.id}`"),
            "web/again.ts": web("user.id.toString()"),
            "server/sync.py": python_server('str(user["id"])'),
            "server/other.py": python_server("ext", prelude="    ext = account.id\n"),
            "server/third.py": python_server("current_user.user_id"),
        },
    )
    assert mismatches(root) == []


def test_value_flow_sees_the_field_behind_a_variable(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/login.ts": web("user.id"),
            "web/signup.ts": web("user.id"),
            "server/sync.py": python_server(
                "external", prelude="    external = account.account_number\n"
            ),
        },
    )
    (finding,) = mismatches(root)
    assert finding.path == "server/sync.py"
    assert "`account.account_number` (field `account_number`)" in finding.message


def test_unknown_sources_never_count(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/login.ts": web("user.id"),
            "web/a.ts": web("userId"),  # a bare parameter: unresolvable
            "web/b.ts": web('"guest"'),  # a literal
            "web/c.ts": web("`u-${user.uid}`"),  # a computed ID
            "web/d.ts": web("user.id ?? user.uid"),  # alternatives from two fields
            "server/sync.py": python_server("hash_id(user)"),
        },
    )
    assert mismatches(root) == []


def test_odd_pii_side_is_left_to_brz301(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/login.ts": web("user.id"),
            "server/sync.py": python_server("user.email"),
        },
    )
    results = found(root, rules=frozenset({"BRZ306", "BRZ301"}))
    assert [(f.rule_id, f.path) for f in results] == [("BRZ301", "server/sync.py")]


def test_a_pii_field_is_never_the_main_one(tmp_path: Path) -> None:
    """Two files send the email, one the ID: the email is still the odd side (BRZ301's),
    and the ID is not reported against it."""
    root = write(
        tmp_path,
        {
            "web/a.ts": web("user.email"),
            "web/b.ts": web("user.email"),
            "server/sync.py": python_server("user.id"),
        },
    )
    assert mismatches(root) == []


# --- Swift + Node server --------------------------------------------------------------------


def test_swift_client_and_node_server(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "ios/App/Login.swift": swift("user.id"),
            "ios/App/Restore.swift": swift('"\\(user.id)"'),
            "server/sync.ts": node_server("account.accountNumber"),
        },
    )
    (finding,) = mismatches(root)
    assert (finding.path, finding.span.line) == ("server/sync.ts", 4)
    assert "field `account_number`" in finding.message and "(ios)" in finding.message
    assert {r.path for r in finding.related} == {"ios/App/Login.swift", "ios/App/Restore.swift"}


def test_swift_client_and_node_server_agreeing(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "ios/App/Login.swift": swift("String(user.id)"),
            "server/sync.ts": node_server("user.id"),
        },
    )
    assert mismatches(root) == []


# --- Kotlin + Python ------------------------------------------------------------------------


def test_kotlin_client_odd_against_python_servers(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "android/Session.kt": kotlin("user.getUid()"),
            "server/a.py": python_server("user.id"),
            "server/b.py": python_server("str(user.id)"),
        },
    )
    (finding,) = mismatches(root)
    assert finding.path == "android/Session.kt"
    assert finding.message.startswith(
        "changeUser() is given `user.getUid` (field `uid`) here (android)"
    )
    assert [r.path for r in finding.related] == ["server/a.py", "server/b.py"]


def test_kotlin_getter_and_python_attribute_are_one_field(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "android/Session.kt": kotlin("user.getAccountNumber()"),
            "server/a.py": python_server("account.account_number"),
        },
    )
    assert mismatches(root) == []


# --- Flutter/Dart ---------------------------------------------------------------------------


def test_flutter_client_odd_with_every_platform_related(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "app/pubspec.yaml": "name: app\n",
            "app/lib/login.dart": dart("user.uid"),
            "web/login.ts": web("user.id"),
            "ios/Login.swift": swift("user.id"),
            "server/sync.py": python_server("user.id"),
        },
    )
    (finding,) = mismatches(root)
    assert finding.path == "app/lib/login.dart"
    assert "(flutter)" in finding.message and "(web, ios, server)" in finding.message
    assert {r.message.rsplit("(", 1)[-1] for r in finding.related} == {
        "web)",
        "ios)",
        "server)",
    }


def test_flutter_and_dart_agreeing(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "app/lib/login.dart": dart("user.id.toString()"),
            "server/sync.py": python_server("user.id"),
        },
    )
    assert mismatches(root) == []


# --- project behaviour, SARIF ---------------------------------------------------------------


def test_named_file_sees_the_whole_project_and_reports_only_on_itself(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/login.ts": web("user.id"),
            "web/signup.ts": web("user.id"),
            "server/sync.py": python_server("user.uid"),
        },
    )
    (finding,) = mismatches(root, root / "server" / "sync.py")
    assert finding.path == "server/sync.py" and len(finding.related) == 2
    assert mismatches(root, root / "web" / "login.ts") == []


def test_inventory_fixture_has_no_mismatch_but_its_email_is_brz301s(
    tmp_path: Path,
) -> None:
    """The fixture's clients use `user.id`/`account.id` (one field, `id`); its server sends
    `user.email`, which BRZ301 reports."""
    root = tmp_path / "shop"
    shutil.copytree(FIXTURE, root)
    results = found(root, rules=frozenset({"BRZ306", "BRZ301"}))
    assert {f.rule_id for f in results} == {"BRZ301"}


def test_sarif_carries_the_related_locations(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from brazelint.cli import main

    root = write(
        tmp_path,
        {
            "web/login.ts": web("user.id"),
            "ios/Login.swift": swift("user.id"),
            "server/sync.py": python_server("user.uid"),
        },
    )
    outcome = CliRunner().invoke(
        main,
        ["check", str(root), "--select", "BRZ306", "--format", "sarif", "--no-cache"],
    )
    assert outcome.exit_code == 1, outcome.output
    [run] = json.loads(outcome.stdout)["runs"]
    [result] = run["results"]
    assert result["ruleId"] == "BRZ306"
    related = result["relatedLocations"]
    assert sorted(r["physicalLocation"]["artifactLocation"]["uri"] for r in related) == [
        "ios/Login.swift",
        "web/login.ts",
    ]
    assert all(r["message"]["text"] for r in related)


# --- id_source ------------------------------------------------------------------------------

SPAN = Span(1, 1, 1, 2)


def name(text: str) -> Value:
    return Value(ValueKind.NAME, text, SPAN)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (name("user.id"), "id"),
        (name("user.uid"), "uid"),
        (name("account.account_number"), "account_number"),
        (name("account.accountNumber"), "account_number"),
        (name("session.userId"), "id"),
        (name("user.email.lower"), "email"),
        (name("user.id.uuidString"), "id"),
        (Value(ValueKind.UNKNOWN, 'user["id"]', SPAN), "id"),
        (Value(ValueKind.NAME, "user.id", SPAN, resolved_from="who"), "id"),
    ],
)
def test_id_source_fields(value: Value, field: str) -> None:
    source = id_source(value)
    assert source is not None and source.field == field


@pytest.mark.parametrize(
    "value",
    [
        name("userId"),
        Value(ValueKind.STRING, "guest", SPAN),
        Value(ValueKind.UNKNOWN, "a + b", SPAN),
        Value(ValueKind.CHOICE, "", SPAN, items=(name("user.id"), name("user.uid"))),
    ],
)
def test_id_source_unknown(value: Value) -> None:
    assert id_source(value) is None


def test_literal_fallback_keeps_the_field() -> None:
    choice = Value(
        ValueKind.CHOICE, "", SPAN, items=(name("user.id"), Value(ValueKind.STRING, "", SPAN))
    )
    source = id_source(choice)
    assert source is not None and source.field == "id"
