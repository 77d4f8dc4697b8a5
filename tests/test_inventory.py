"""``brazelint inventory`` on the multi-platform fixture project (tests/fixtures-inventory):
every format checked field by field, the JSON against docs/inventory.schema.json."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.engine import ScanOptions, scan

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures-inventory"
SCHEMA = json.loads((REPO / "docs" / "inventory.schema.json").read_text(encoding="utf-8"))

KT = "android/app/src/main/java/com/example/shop/Tracking.kt"
SWIFT = "ios/App/Tracking.swift"
RN = "rn/src/Checkout.tsx"
WEB = "web/src/app.ts"
PY = "server/sync.py"
PROFILE_KT = "android/app/src/main/java/com/example/shop/Profile.kt"
PROFILE_SWIFT = "ios/App/Profile.swift"
PROFILE_RN = "rn/src/Profile.tsx"
PROFILE_WEB = "web/src/profile.ts"
PROFILE_DART = "flutter_app/lib/profile.dart"
PROFILE_PY = "server/profile.py"
SECTIONS = (
    "events",
    "purchases",
    "attributes",
    "standard_attributes",
    "aliases",
    "subscriptions",
    "identities",
    "endpoints",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture outside the repository's git tree, so that it is its own root (Python
    imports are resolved from the root)."""
    folder = tmp_path_factory.mktemp("inventory") / "shop"
    shutil.copytree(FIXTURE, folder)
    return folder


def run(project: Path, *args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, ["inventory", str(project), *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


@pytest.fixture(scope="module")
def document(project: Path) -> dict:
    code, out, _ = run(project, "--format", "json")
    assert code == 0
    return json.loads(out)


def entry(document: dict, section: str, key: str) -> dict:
    found = [e for e in document[section] if e["key"] == key]
    assert len(found) == 1, [e["key"] for e in document[section]]
    return found[0]


def test_json_is_valid_against_the_documented_schema(document: dict) -> None:
    jsonschema.validate(document, SCHEMA)
    assert document["version"] == 1


def test_events_with_constants_literals_wrappers_and_unknown_names(document: dict) -> None:
    assert [e["key"] for e in document["events"]] == [
        "Product Viewed",
        "checkout_started",
        "productViewed",
        "product_viewed",
        "products_viewed",
        "ORDER_SHIPPED",
        "eventName",
    ]
    viewed = entry(document, "events", "product_viewed")
    assert viewed["name_sources"] == ["constant", "literal"]
    assert viewed["platforms"] == ["web", "android"]
    assert viewed["properties"] == {
        "in_stock": ["boolean"],
        "price": ["number"],
        "sku": ["string"],
    }
    android, web = viewed["locations"]
    assert (android["path"], android["line"], android["platform"]) == (KT, 10, "android")
    assert android["name_source"] == "literal" and android["expression"] == '"product_viewed"'
    assert android["properties"] == [
        {"name": "sku", "type": "string"},
        {"name": "price", "type": "number"},
    ]
    # The shared events file's constant, seen across files.
    assert (web["path"], web["line"], web["column"]) == (WEB, 12, 3)
    assert web["name_source"] == "constant" and web["expression"] == "EVENTS.PRODUCT_VIEWED"
    assert web["channel"] == "sdk" and web["via"] is None

    checkout = entry(document, "events", "checkout_started")
    assert checkout["platforms"] == ["react-native"]
    assert checkout["locations"][0]["expression"] == "EVENTS.CHECKOUT_STARTED"
    assert checkout["properties"] == {"items": ["number"]}

    # Through the web app's own wrapper: counted at the call site, the wrapper named; the
    # wrapper's own call (name = its parameter) is not listed as an unknown event.
    wrapped = entry(document, "events", "Product Viewed")
    (site,) = wrapped["locations"]
    assert (site["path"], site["line"], site["via"]) == (WEB, 13, "track")
    assert wrapped["properties"] == {"seen_at": ["date"], "sku": ["unknown"]}
    assert not any(
        loc["path"] == "web/src/analytics.ts"
        for section in ("events",)
        for e in document[section]
        for loc in e["locations"]
    )

    swift = entry(document, "events", "products_viewed")
    assert swift["platforms"] == ["ios"]
    assert swift["locations"][0]["expression"] == "productViewed"  # a same-file constant
    assert swift["properties"] == {"price": ["string"], "sku": ["string"]}

    unknown = entry(document, "events", "eventName")
    assert unknown["name"] is None and unknown["name_sources"] == ["unknown"]
    assert unknown["locations"][0]["line"] == 14

    rest = entry(document, "events", "ORDER_SHIPPED")
    assert rest["platforms"] == ["server"]
    assert rest["locations"][0]["channel"] == "rest"
    assert rest["properties"] == {"carrier": ["string"], "parcels": ["number"]}


def test_purchases_attributes_identities_endpoints(document: dict) -> None:
    purchase = entry(document, "purchases", "sku-1")
    assert purchase["platforms"] == ["web", "ios"]
    assert purchase["properties"] == {"coupon": ["string"]}

    plan = entry(document, "attributes", "plan")
    assert plan["platforms"] == ["web", "react-native", "ios", "android", "server"]
    assert plan["properties"] == {"value": ["string"]}
    assert [loc["channel"] for loc in plan["locations"]] == ["sdk", "sdk", "sdk", "rest", "sdk"]
    # first_name is a standard attribute, external_id an identifier: neither is custom.
    assert [e["key"] for e in document["attributes"]] == ["plan"]

    assert [e["key"] for e in document["identities"]] == ["account.id", "user.email", "user.id"]
    user_id = entry(document, "identities", "user.id")
    assert user_id["platforms"] == ["web", "ios", "android"]
    assert {loc["detail"] for loc in user_id["locations"]} == {"id"}
    assert user_id["name_sources"] == ["expression"]
    email = entry(document, "identities", "user.email")
    assert email["platforms"] == ["server"]
    assert [(loc["line"], loc["detail"]) for loc in email["locations"]] == [
        (16, "email"),
        (22, "email"),
    ]

    sdk = entry(document, "endpoints", "sdk.iad-01.braze.com")
    assert sdk["platforms"] == ["web"] and sdk["locations"][0]["detail"] == "iad-01"
    rest = entry(document, "endpoints", "rest.iad-01.braze.com")
    assert rest["locations"][0]["expression"] == "BRAZE_TRACK"
    assert rest["name_sources"] == ["constant"]


def test_csv_has_one_row_per_use_matching_json(project: Path, document: dict) -> None:
    code, out, _ = run(project, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == sum(len(e["locations"]) for section in SECTIONS for e in document[section])
    (row,) = [r for r in rows if r["kind"] == "event" and r["path"] == WEB and r["line"] == "13"]
    assert row == {
        "kind": "event",
        "name": "Product Viewed",
        "name_source": "literal",
        "expression": '"Product Viewed"',
        "platform": "web",
        "channel": "sdk",
        "path": WEB,
        "line": "13",
        "column": "3",
        "via": "track",
        "properties": "sku:unknown;seen_at:date",
        "detail": "",
    }
    (unknown,) = [r for r in rows if r["expression"] == "eventName"]
    assert unknown["name"] == "" and unknown["name_source"] == "unknown"
    (endpoint,) = [r for r in rows if r["kind"] == "endpoint" and r["path"] == PY]
    assert (endpoint["name"], endpoint["detail"]) == ("rest.iad-01.braze.com", "iad-01")


def test_text_is_a_table_per_kind_with_a_column_per_platform(project: Path) -> None:
    code, out, _ = run(project)
    assert code == 0
    sections = out.split("\n\n")
    assert sections[0] == "Events (7)"
    header, *rows = sections[1].splitlines()
    assert header.split() == [
        "name",
        "source",
        "properties",
        "web",
        "react-native",
        "ios",
        "android",
        "server",
    ]
    viewed = next(row for row in rows if row.startswith("product_viewed "))
    assert "constant/literal" in viewed
    assert "in_stock: boolean, price: number, sku: string" in viewed
    assert f"{WEB}:12" in viewed and f"{KT}:10" in viewed
    assert any(row.startswith("<unknown: eventName>") for row in rows)
    assert f"{WEB}:13 (via track)" in out
    assert "Identities (3)" in out and "Endpoints (2)" in out


def test_markdown_tables(project: Path) -> None:
    code, out, _ = run(project, "--format", "markdown")
    assert code == 0
    assert "## Events (7)" in out and "## Purchases (1)" in out
    lines = out.splitlines()
    header = lines.index("## Attributes (1)") + 2
    assert (
        lines[header]
        == "| name | source | properties | web | react-native | ios | android | server |"
    )
    assert lines[header + 1] == "|---|---|---|---|---|---|---|---|"
    assert lines[header + 2].startswith("| plan | literal | value: string | web/src/app.ts:16 |")


def test_output_file_and_missing_path(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "inventory.json"
    code, out, _ = run(project, "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["events"]
    outcome = CliRunner().invoke(main, ["inventory", str(tmp_path / "nope")])
    assert outcome.exit_code == 2
    assert "path does not exist" in outcome.stderr


def test_unparsable_file_is_noted_and_the_rest_listed(tmp_path: Path) -> None:
    (tmp_path / "bad.ts").write_text(
        'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent(("x"', encoding="utf-8"
    )
    (tmp_path / "good.ts").write_text(
        'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("signed_up");\n',
        encoding="utf-8",
    )
    outcome = CliRunner().invoke(main, ["inventory", str(tmp_path), "--format", "json"])
    assert outcome.exit_code == 0
    keys = [e["key"] for e in json.loads(outcome.stdout)["events"]]
    assert "signed_up" in keys


def test_check_keeps_slimming_and_inventory_keeps_whole_facts(project: Path) -> None:
    enabled = frozenset(load_catalog())
    slim = scan(ScanOptions(targets=(project,), enabled=enabled, root=project))
    whole = scan(ScanOptions(targets=(project,), enabled=enabled, root=project, keep_facts=True))
    assert sum(len(f.calls) for f in whole.facts.values()) > sum(
        len(f.calls) for f in slim.facts.values()
    )
    # The wrapper's call site is kept even though nothing is found there.
    assert any(c.via is not None for c in whole.facts[WEB].calls)


def locations(entry_: dict) -> list[tuple[str, int, str, str, str, str | None]]:
    return [
        (
            loc["path"],
            loc["line"],
            loc["platform"],
            loc["channel"],
            loc["expression"],
            loc["detail"],
        )
        for loc in entry_["locations"]
    ]


def test_standard_attributes_on_every_platform_and_rest(document: dict) -> None:
    assert [e["key"] for e in document["standard_attributes"]] == [
        "dob",
        "email",
        "first_name",
        "last_name",
    ]
    email = entry(document, "standard_attributes", "email")
    assert email["name"] == "email" and email["name_sources"] == ["literal"]
    assert email["platforms"] == ["web", "react-native", "ios", "flutter"]
    assert email["properties"] == {"value": ["unknown"]}
    assert locations(email) == [
        (PROFILE_DART, 4, "flutter", "sdk", "setEmail", None),
        (PROFILE_SWIFT, 11, "ios", "sdk", "set(email:)", None),
        (PROFILE_RN, 4, "react-native", "sdk", "setEmail", None),
        (PROFILE_WEB, 5, "web", "sdk", "setEmail", None),
    ]
    first = entry(document, "standard_attributes", "first_name")
    assert first["platforms"] == ["web", "android", "server"]
    assert first["properties"] == {"value": ["string", "unknown"]}
    assert locations(first) == [
        (PROFILE_KT, 8, "android", "sdk", "setFirstName", None),
        (PY, 22, "server", "rest", '"first_name"', None),
        (PROFILE_WEB, 6, "web", "sdk", "setFirstName", None),
    ]
    web_first = first["locations"][2]
    assert web_first["properties"] == [{"name": "value", "type": "string"}]
    assert web_first["column"] == 3 and web_first["name_source"] == "literal"
    dob = entry(document, "standard_attributes", "dob")
    assert dob["properties"] == {"value": ["date"]}
    assert locations(dob) == [(PROFILE_KT, 9, "android", "sdk", "setDateOfBirth", None)]
    last = entry(document, "standard_attributes", "last_name")
    assert locations(last) == [(PROFILE_PY, 14, "server", "rest", '"last_name"', None)]
    # Standard attributes are not custom ones.
    assert [e["key"] for e in document["attributes"]] == ["plan"]


def test_aliases_by_label_with_the_alias_name_as_detail(document: dict) -> None:
    assert [e["key"] for e in document["aliases"]] == ["amplitude_id", "crm_id"]
    amplitude = entry(document, "aliases", "amplitude_id")
    assert amplitude["platforms"] == ["web", "react-native", "ios", "flutter", "server"]
    assert amplitude["properties"] == {}
    assert locations(amplitude) == [
        (PROFILE_DART, 5, "flutter", "sdk", '"amplitude_id"', "user.ampId"),
        (PROFILE_SWIFT, 12, "ios", "sdk", '"amplitude_id"', "user.ampId"),
        (PROFILE_RN, 5, "react-native", "sdk", '"amplitude_id"', "user.ampId"),
        (PROFILE_PY, 13, "server", "rest", '"amplitude_id"', "amplitude_id"),
        (PROFILE_WEB, 7, "web", "sdk", '"amplitude_id"', "user.ampId"),
    ]
    # /users/alias/new's `user_aliases`.
    crm = entry(document, "aliases", "crm_id")
    assert locations(crm) == [(PROFILE_PY, 29, "server", "rest", '"crm_id"', "user.crm_id")]


def test_subscriptions_global_states_and_groups(document: dict) -> None:
    assert [e["key"] for e in document["subscriptions"]] == ["email", "grp-newsletter", "push"]
    email = entry(document, "subscriptions", "email")
    assert email["platforms"] == ["web", "react-native", "ios", "server"]
    assert locations(email) == [
        (PROFILE_SWIFT, 13, "ios", "sdk", "set(emailSubscriptionState:)", "optedIn"),
        (PROFILE_RN, 6, "react-native", "sdk", "setEmailNotificationSubscriptionType", "OPTED_IN"),
        (PROFILE_PY, 15, "server", "rest", '"email_subscribe"', "opted_in"),
        (PROFILE_WEB, 8, "web", "sdk", "setEmailNotificationSubscriptionType", "opted_in"),
    ]
    group = entry(document, "subscriptions", "grp-newsletter")
    assert group["name_sources"] == ["constant", "literal"]
    assert locations(group) == [
        (PROFILE_KT, 10, "android", "sdk", '"grp-newsletter"', "subscribed"),
        (PROFILE_SWIFT, 14, "ios", "sdk", '"grp-newsletter"', "unsubscribed"),
        (PROFILE_PY, 17, "server", "rest", '"grp-newsletter"', "subscribed"),
        # The shared constant, seen across files.
        (PROFILE_WEB, 9, "web", "sdk", "GROUPS.NEWSLETTER", "subscribed"),
    ]
    push = entry(document, "subscriptions", "push")
    # A state held in a variable is not known: no detail, never a made-up one.
    assert locations(push) == [
        (PROFILE_DART, 6, "flutter", "sdk", "setPushNotificationSubscriptionType", "subscribed"),
        (PROFILE_WEB, 10, "web", "sdk", "setPushNotificationSubscriptionType", None),
    ]


def test_new_kinds_in_csv(project: Path) -> None:
    code, out, _ = run(project, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["kind"] for r in rows} == {
        "event",
        "purchase",
        "attribute",
        "standard_attribute",
        "alias",
        "subscription",
        "identity",
        "endpoint",
    }
    (row,) = [r for r in rows if r["kind"] == "subscription" and r["path"] == PROFILE_WEB][:1]
    assert row == {
        "kind": "subscription",
        "name": "email",
        "name_source": "literal",
        "expression": "setEmailNotificationSubscriptionType",
        "platform": "web",
        "channel": "sdk",
        "path": PROFILE_WEB,
        "line": "8",
        "column": "3",
        "via": "",
        "properties": "",
        "detail": "opted_in",
    }
    (alias,) = [r for r in rows if r["kind"] == "alias" and r["name"] == "crm_id"]
    assert (alias["platform"], alias["channel"], alias["detail"]) == (
        "server",
        "rest",
        "user.crm_id",
    )
    (dob,) = [r for r in rows if r["kind"] == "standard_attribute" and r["name"] == "dob"]
    assert (dob["properties"], dob["path"], dob["line"]) == ("value:date", PROFILE_KT, "9")
    # The order of the kinds is the JSON's.
    kinds = [r["kind"] for r in rows]
    assert kinds.index("attribute") < kinds.index("standard_attribute") < kinds.index("alias")
    assert kinds.index("alias") < kinds.index("subscription") < kinds.index("identity")


def test_new_kinds_in_text_and_markdown(project: Path) -> None:
    code, out, _ = run(project)
    assert code == 0
    sections = out.split("\n\n")
    titles = [s for s in sections if s and s.split(" (")[0] in ("Standard attributes", "Aliases")]
    assert titles == ["Standard attributes (4)", "Aliases (2)"]
    assert "Subscriptions (3)" in sections
    table = sections[sections.index("Aliases (2)") + 1].splitlines()
    assert table[0].split() == [
        "name",
        "source",
        "properties",
        "web",
        "react-native",
        "ios",
        "flutter",
        "server",
    ]
    (crm,) = [row for row in table if row.startswith("crm_id ")]
    assert crm.split() == ["crm_id", "literal", f"{PROFILE_PY}:29"]

    code, out, _ = run(project, "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    header = lines.index("## Subscriptions (3)") + 2
    assert lines[header] == (
        "| name | source | properties | web | react-native | ios | android | flutter | server |"
    )
    assert lines[header + 2] == (
        f"| email | literal |   | {PROFILE_WEB}:8 | {PROFILE_RN}:6 | {PROFILE_SWIFT}:13 |   "
        f"|   | {PROFILE_PY}:15 |"
    )
    assert "## Standard attributes (4)" in lines and "## Aliases (2)" in lines


def test_files_only_the_inventory_looks_for_are_parsed(tmp_path: Path) -> None:
    """A file whose only Braze call is one no rule looks for (an alias) is listed, and a
    check of the same tree does not parse it."""
    (tmp_path / "Alias.kt").write_text(
        "import com.braze.Braze\n\nclass A(private val context: Context) {\n"
        "    fun link(id: String) {\n"
        '        Braze.getInstance(context).currentUser?.addAlias(id, "crm_id")\n'
        "    }\n}\n",
        encoding="utf-8",
    )
    outcome = CliRunner().invoke(main, ["inventory", str(tmp_path), "--format", "json"])
    assert outcome.exit_code == 0
    (alias,) = json.loads(outcome.stdout)["aliases"]
    assert (alias["key"], alias["platforms"]) == ("crm_id", ["android"])
    checked = scan(
        ScanOptions(targets=(tmp_path,), enabled=frozenset(load_catalog()), root=tmp_path)
    )
    assert checked.files_parsed == 0
