"""BRZ407 tracking-plan-violation on Web, React Native, iOS, Android and server code: what is
reported against a plan, and what never is (unknown names and types, properties out of
sight, near misses left to BRZ405, no plan at all)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.cli import main
from brazelint.engine import ScanOptions, scan
from brazelint.findings import Finding
from brazelint.rule import RuleSettings
from brazelint.tracking_plan import TrackingPlan, load

PLAN = """\
[events.product_viewed]
properties.sku = { type = "string", required = true }
properties.price = "number"
properties.seen_at = "date"
properties.tags = "any"

[events.checkout_started]
properties.items = { type = "number", required = true }

[purchases]
product-id-style = "snake_case"
properties.coupon = { type = "string", required = true }

[attributes]
loyalty_tier = "string"
points = "number"
"""

WEB = 'import * as braze from "@braze/web-sdk";\n'
RN = 'import Braze from "@braze/react-native-sdk";\n'
SWIFT = "import BrazeKit\n\n"
KOTLIN = "import com.braze.Braze\n\n"
PY = "import requests\n\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def plan_in(folder: Path, text: str = PLAN) -> TrackingPlan:
    path = folder / "tracking-plan.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def violations(
    root: Path, plan: TrackingPlan | None, *targets: Path, rules: frozenset[str] = frozenset()
) -> list[Finding]:
    enabled = rules or frozenset({"BRZ407"})
    result = scan(
        ScanOptions(
            targets=targets or (root,),
            enabled=enabled,
            root=root,
            settings=RuleSettings(tracking_plan=plan),
        )
    )
    return [f for f in result.findings if f.rule_id in enabled]


def places(found: list[Finding]) -> list[tuple[str, int]]:
    return [(f.path, f.span.line) for f in found]


def test_unplanned_event_on_web_and_from_a_shared_constant(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "shared/events.ts": 'export const EVENTS = { SHARED: "product_shared" };\n',
            "web/a.ts": WEB
            + 'import { EVENTS } from "../shared/events";\n'
            + "braze.logCustomEvent(EVENTS.SHARED);\n"
            + 'braze.logCustomEvent("product_viewed", { sku: "a-1" });\n',
        },
    )
    [found] = violations(root, plan_in(tmp_path))
    assert places([found]) == [("web/a.ts", 3)]
    assert found.message.startswith(
        'event "product_shared" (web) is not in the tracking plan (tracking-plan.toml)'
    )


def test_required_property_missing_on_ios_and_react_native(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "ios/Tracking.swift": SWIFT
            + "func viewed(braze: Braze) {\n"
            + '  braze.logCustomEvent(name: "product_viewed", properties: ["price": 9.99])\n'
            + "}\n",
            "rn/Checkout.tsx": RN + 'Braze.logCustomEvent("checkout_started", {});\n',
        },
    )
    found = violations(root, plan_in(tmp_path))
    assert places(found) == [("ios/Tracking.swift", 4), ("rn/Checkout.tsx", 2)]
    assert found[0].message.startswith(
        'event "product_viewed" (ios) is sent without its required property "sku" '
        "(tracking plan tracking-plan.toml)"
    )
    assert found[1].message.startswith('event "checkout_started" (react-native) is sent')


def test_wrong_property_type_on_android(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "android/Tracking.kt": KOTLIN
            + "class Tracking(private val context: Context) {\n"
            + "    fun viewed() {\n"
            + "        Braze.getInstance(context).logCustomEvent(\n"
            + '            "product_viewed",\n'
            + '            BrazeProperties(mapOf("sku" to "a-1", "price" to "9.99"))\n'
            + "        )\n"
            + "    }\n"
            + "}\n",
        },
    )
    [found] = violations(root, plan_in(tmp_path))
    assert found.path == "android/Tracking.kt"
    assert found.message.startswith(
        'property "price" of event "product_viewed" is a string here (android) but the '
        "tracking plan (tracking-plan.toml) says number"
    )


def test_server_attributes_unplanned_and_of_the_wrong_type(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "server/sync.py": PY
            + "body = {\n"
            + '    "attributes": [\n'
            + '        {"external_id": "u-1", "loyalty_tier": 3, "favorite_color": "blue"},\n'
            + '        {"external_id": "u-2", "points": 120, "email": "a@example.com"},\n'
            + "    ]\n"
            + "}\n"
            + 'requests.post("https://rest.iad-01.braze.com/users/track", json=body, '
            + "timeout=10)\n",
        },
    )
    found = violations(root, plan_in(tmp_path))
    messages = sorted(f.message.split(";")[0] for f in found)
    assert messages == [
        'custom attribute "favorite_color" (server) is not in the tracking plan '
        "(tracking-plan.toml)",
        'custom attribute "loyalty_tier" is set to a number here (server) but the tracking '
        "plan (tracking-plan.toml) says string",
    ]
    assert all(f.path == "server/sync.py" and f.span.line == 5 for f in found)


def test_purchases_product_id_style_and_required_property(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "web/shop.ts": WEB
            + 'braze.logPurchase("Premium-Plan", 9.99, "USD", 1, { coupon: "SPRING" });\n'
            + 'braze.logPurchase("premium_plan", 9.99, "USD", 1, {});\n'
            + 'braze.logPurchase("premium_plan", 9.99, "USD", 1, { coupon: "SPRING" });\n',
        },
    )
    found = violations(root, plan_in(tmp_path))
    assert places(found) == [("web/shop.ts", 2), ("web/shop.ts", 3)]
    assert found[0].message.startswith(
        'product ID "Premium-Plan" (web) does not follow the tracking plan\'s product ID '
        "style snake_case"
    )
    assert 'without its required property "coupon"' in found[1].message


def test_what_never_counts(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "web/a.ts": WEB
            # an unresolvable name
            + "export function track(name: string) { braze.logCustomEvent(name); }\n"
            # properties from a variable: sku may be in them
            + "export function viewed(props: object) {\n"
            + '  braze.logCustomEvent("product_viewed", props);\n'
            + "}\n"
            # a spread: sku may come from it
            + "export function viewedAgain(base: object) {\n"
            + '  braze.logCustomEvent("product_viewed", { ...base, price: 9.99 });\n'
            + "}\n"
            # unknown types and `any`
            + "export function viewedOnce(p: { sku: string; price: number }) {\n"
            + '  braze.logCustomEvent("product_viewed", { sku: p.sku, price: p.price, '
            + "seen_at: new Date(), tags: [1] });\n"
            + "}\n"
            # a near miss of a planned name is BRZ405's
            + 'braze.logCustomEvent("product_veiwed", { sku: "a" });\n'
            + 'braze.logCustomEvent("Product Viewed", { sku: "a" });\n',
        },
    )
    plan = plan_in(tmp_path)
    assert violations(root, plan) == []
    drift = violations(root, plan, rules=frozenset({"BRZ405"}))
    assert sorted(f.message.split(" (")[0] for f in drift) == [
        'event "Product Viewed"',
        'event "product_veiwed"',
    ]


def test_without_a_plan_the_rule_is_silent(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {"web/a.ts": WEB + 'braze.logCustomEvent("product_shared", { price: "1" });\n'},
    )
    assert violations(root, None) == []
    assert len(violations(root, plan_in(tmp_path))) == 1


def test_sections_left_out_are_not_checked(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "web/a.ts": WEB
            + 'braze.logCustomEvent("anything_at_all");\n'
            + 'braze.getUser().setCustomUserAttribute("favorite_color", "blue");\n'
            + 'braze.logPurchase("Premium-Plan", 9.99, "USD", 1);\n',
        },
    )
    only_attributes = plan_in(tmp_path, '[attributes]\nloyalty_tier = "string"\n')
    [found] = violations(root, only_attributes)
    assert found.message.startswith('custom attribute "favorite_color" (web)')
    assert violations(root, plan_in(tmp_path, "version = 1\n")) == []


def test_named_files_see_the_project_and_report_on_themselves(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "shared/events.ts": 'export const SHARED = "product_shared";\n',
            "web/a.ts": WEB + 'import { SHARED } from "../shared/events";\n'
            "braze.logCustomEvent(SHARED);\n",
            "web/b.ts": WEB + 'braze.logCustomEvent("wishlist_opened");\n',
        },
    )
    plan = plan_in(tmp_path)
    assert places(violations(root, plan)) == [("web/a.ts", 3), ("web/b.ts", 2)]
    assert places(violations(root, plan, root / "web" / "b.ts")) == [("web/b.ts", 2)]


def test_cli_run_follows_the_plan_file_as_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the configuration key, the result cache and worker processes: editing the
    plan changes the findings on the next run."""
    root = write(
        tmp_path,
        {
            ".brazelint.toml": 'select = ["BRZ407"]\ntracking-plan = "analytics/plan.json"\n',
            "analytics/plan.json": '{"attributes": {"tier": "string"}}',
            "web/a.ts": WEB + 'braze.getUser().setCustomUserAttribute("tier", "gold");\n',
            "web/b.ts": WEB + 'braze.getUser().setCustomUserAttribute("tier", "silver");\n',
        },
    )
    monkeypatch.chdir(root)
    first = CliRunner().invoke(main, ["-j", "2", "."])
    assert first.exit_code == 0, first.output
    (root / "analytics" / "plan.json").write_text('{"attributes": {"tier": "number"}}', "utf-8")
    second = CliRunner().invoke(main, ["-j", "2", "."])
    assert second.exit_code == 1
    assert second.stdout.count("BRZ407 [tracking-plan-violation]") == 2
    assert second.stdout.count("says number") == 2


def test_properties_out_of_sight_on_ios_android_and_server_are_never_missing(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path / "app",
        {
            "ios/Tracking.swift": SWIFT
            + "func viewed(braze: Braze, props: [String: Any]) {\n"
            + '  braze.logCustomEvent(name: "product_viewed", properties: props)\n'
            + "}\n",
            "android/Tracking.kt": KOTLIN
            + "class Tracking(private val context: Context) {\n"
            + "    fun viewed(price: Double) {\n"
            + "        Braze.getInstance(context).logCustomEvent(\n"
            + '            "product_viewed", BrazeProperties().addProperty("price", price)\n'
            + "        )\n"
            + "    }\n"
            + "}\n",
            "server/sync.py": PY
            + "def send(props):\n"
            + "    body = {\n"
            + '        "events": [\n'
            + '            {"external_id": "u", "name": "checkout_started", '
            + '"time": "2026-05-17T10:00:00Z", "properties": props},\n'
            + "        ]\n"
            + "    }\n"
            + '    requests.post("https://rest.iad-01.braze.com/users/track", json=body, '
            + "timeout=10)\n",
        },
    )
    plan = plan_in(tmp_path)
    assert violations(root, plan) == []
    # The same calls with their properties in sight: each lacks its required property.
    for relative, before, after in (
        ("ios/Tracking.swift", "properties: props", 'properties: ["price": 1.5]'),
        ("android/Tracking.kt", 'BrazeProperties().addProperty("price", price)', "null"),
        ("server/sync.py", '"properties": props', '"properties": {}'),
    ):
        path = root / relative
        path.write_text(path.read_text("utf-8").replace(before, after), "utf-8")
    found = violations(root, plan)
    assert places(found) == [
        ("android/Tracking.kt", 5),
        ("ios/Tracking.swift", 4),
        ("server/sync.py", 6),
    ]
    assert all("is sent without its required property" in f.message for f in found)


def test_the_rule_docs_show_each_examples_plan() -> None:
    from brazelint.catalog import lookup

    entry = lookup("tracking-plan-violation")
    assert entry is not None
    text = entry.markdown()
    assert text.count('With this tracking plan (`tracking-plan = "tracking-plan.toml"`):') == len(
        entry.examples
    )
    assert '[events.product_viewed]\nproperties.sku = { type = "string", required = true }' in text
