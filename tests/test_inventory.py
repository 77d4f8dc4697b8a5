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
    assert len(rows) == sum(
        len(e["locations"])
        for section in ("events", "purchases", "attributes", "identities", "endpoints")
        for e in document[section]
    )
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
    (endpoint,) = [r for r in rows if r["kind"] == "endpoint" and r["platform"] == "server"]
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
