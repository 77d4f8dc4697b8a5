"""The tracking plan file: its schema (docs/tracking-plan.md), the ``tracking-plan``
configuration key, and every way a plan can be malformed (exit 2, naming the file, the key
and what was expected)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brazelint.catalog import load_catalog
from brazelint.cli import main
from brazelint.config import ConfigError, load_file, resolve
from brazelint.tracking_plan import (
    PlannedAttribute,
    PlannedEvent,
    PlannedProperty,
    PurchasePlan,
    TrackingPlan,
    TrackingPlanError,
    key_path,
    load,
)

PLAN_TOML = """\
version = 1

[events.product_viewed]
description = "A product page was shown"
properties.sku = { type = "string", required = true }
properties.price = "number"

[events."Order Shipped"]

[purchases]
product-id-style = "snake_case"
properties.coupon = "string"

[attributes]
loyalty_tier = "string"
last_order = { type = "date", description = "when the last order was placed" }

[identity]
external-id-source = "user.id"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_toml_plan_loads_into_frozen_entries(tmp_path: Path) -> None:
    plan = load(write(tmp_path, "plan.toml", PLAN_TOML))
    assert plan.events == (
        PlannedEvent(
            "product_viewed",
            (PlannedProperty("sku", "string", True), PlannedProperty("price", "number")),
            "A product page was shown",
        ),
        PlannedEvent("Order Shipped"),
    )
    assert plan.purchases == PurchasePlan("snake_case", (PlannedProperty("coupon", "string"),))
    assert plan.attributes == (
        PlannedAttribute("loyalty_tier", "string"),
        PlannedAttribute("last_order", "date", "when the last order was placed"),
    )
    assert plan.external_id_source == "id"  # the field's last name, as BRZ306 compares
    assert plan.event("product_viewed") is plan.events[0]
    assert plan.event("Product Viewed") is None  # names are exact, as in Braze
    assert plan.attribute("loyalty_tier") == PlannedAttribute("loyalty_tier", "string")
    assert plan.purchases.product_id_fits("premium_plan")
    assert not plan.purchases.product_id_fits("Premium-Plan")
    with pytest.raises(AttributeError):
        plan.events[0].name = "x"  # type: ignore[misc]  # frozen: the assignment must fail


def test_a_json_plan_is_the_same_schema(tmp_path: Path) -> None:
    document = {
        "events": {"product_viewed": {"properties": {"sku": {"type": "string", "required": True}}}},
        "attributes": {"loyalty_tier": "string"},
    }
    plan = load(write(tmp_path, "plan.json", json.dumps(document)))
    assert plan.events == (
        PlannedEvent("product_viewed", (PlannedProperty("sku", "string", True),)),
    )
    assert plan.attributes == (PlannedAttribute("loyalty_tier", "string"),)
    # Sections left out are not planned (None), not empty.
    assert plan.purchases is None and plan.external_id_source is None


def test_left_out_sections_are_not_planned_but_empty_ones_are(tmp_path: Path) -> None:
    plan = load(write(tmp_path, "plan.toml", "[events]\n"))
    assert plan.events == () and plan.attributes is None


def test_key_paths_quote_names_that_are_not_bare_keys() -> None:
    assert key_path("events", "Order Shipped", "properties") == 'events."Order Shipped".properties'


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "plan.toml",
            '[events.product_viewed.properties]\nprice = "float"\n',
            "plan.toml: events.product_viewed.properties.price: expected one of string, "
            "number, boolean, date, object, array, any, got 'float'",
        ),
        (
            "plan.toml",
            '[events.product_viewed.properties]\nprice = { type = "number", required = "yes" }\n',
            "plan.toml: events.product_viewed.properties.price.required: expected true or "
            "false, got a string",
        ),
        (
            "plan.toml",
            "[events.product_viewed.properties]\nprice = { required = true }\n",
            "plan.toml: events.product_viewed.properties.price: missing `type`",
        ),
        (
            "plan.toml",
            "[events.product_viewed.properties]\nprice = 3\n",
            "plan.toml: events.product_viewed.properties.price: expected a type (string, "
            "number, boolean, date, object, array, any) or a table with `type`, got an integer",
        ),
        (
            "plan.toml",
            '[events.product_viewed]\nproperty.sku = "string"\n',
            "plan.toml: events.product_viewed.property: unknown key (did you mean "
            "'properties'?); expected one of description, properties",
        ),
        (
            "plan.toml",
            'events = ["product_viewed"]\n',
            "plan.toml: events: expected a table of event name = { properties = ... }, got "
            "an array",
        ),
        (
            "plan.toml",
            "[event.product_viewed]\n",
            "plan.toml: event: unknown key (did you mean 'events'?)",
        ),
        (
            "plan.toml",
            "version = 2\n",
            "plan.toml: version: expected 1, got 2",
        ),
        (
            "plan.toml",
            '[purchases]\nproduct-id-style = "snake"\n',
            "plan.toml: purchases.product-id-style: expected one of any, snake_case, "
            "kebab-case, camelCase, PascalCase",
        ),
        (
            "plan.toml",
            '[attributes]\ntier = "text"\n',
            "plan.toml: attributes.tier: expected one of string, number, boolean, date, "
            "object, array, any, got 'text'",
        ),
        (
            "plan.toml",
            "[identity]\nexternal-id-source = 7\n",
            "plan.toml: identity.external-id-source: expected a string, got an integer",
        ),
        (
            "plan.toml",
            '[identity]\nexternal-id-source = "user id"\n',
            "plan.toml: identity.external-id-source: expected a field name such as id or uid",
        ),
        (
            "plan.toml",
            '[events]\n"" = {}\n',
            'plan.toml: events."": expected a non-empty name',
        ),
        (
            "plan.json",
            '["product_viewed"]',
            "plan.json: expected a table (a JSON object) at the top, got an array",
        ),
        (
            "plan.json",
            '{"events": {"product_viewed": {"properties": {"sku": {"type": "str"}}}}}',
            "plan.json: events.product_viewed.properties.sku.type: expected one of string, "
            "number, boolean, date, object, array, any, got 'str'",
        ),
        (
            "plan.json",
            '{"events": {"product_viewed": {"properties": {"sku": null}}}}',
            "plan.json: events.product_viewed.properties.sku: expected a type",
        ),
        ("plan.json", '{"events": {', "plan.json: invalid JSON: Expecting property name"),
        ("plan.toml", "[events\n", "plan.toml: invalid TOML: "),
        ("plan.toml", "[" * 5000 + "\n", "plan.toml: invalid TOML"),
    ],
)
def test_malformed_plans_name_the_file_the_key_and_what_was_expected(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(TrackingPlanError) as raised:
        load(write(tmp_path, name, text))
    assert str(raised.value).startswith(str(tmp_path / message.split(":", 1)[0]) + ":")
    assert message in str(raised.value)


def test_an_event_named_twice_in_json_is_an_error_not_a_merge(tmp_path: Path) -> None:
    text = (
        '{"events": {\n  "product_viewed": {"properties": {"sku": "string"}},\n'
        '  "product_viewed": {"properties": {"price": "number"}}\n}}'
    )
    with pytest.raises(TrackingPlanError) as raised:
        load(write(tmp_path, "plan.json", text))
    assert str(raised.value) == (
        f'{tmp_path / "plan.json"}: events: event "product_viewed" is given twice; each name '
        "may appear once (a plan is never merged)"
    )


def test_a_property_named_twice_in_json_is_an_error(tmp_path: Path) -> None:
    text = '{"events": {"a": {"properties": {"sku": "string", "sku": "number"}}}}'
    with pytest.raises(
        TrackingPlanError, match=r'events\.a\.properties: property "sku" is given twice'
    ):
        load(write(tmp_path, "plan.json", text))


def test_an_event_named_twice_in_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    text = '[events.product_viewed]\n\n[events.product_viewed]\nproperties.sku = "string"\n'
    with pytest.raises(TrackingPlanError) as raised:
        load(write(tmp_path, "plan.toml", text))
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'plan.toml'}: invalid TOML: ")
    assert "twice" in message and "line 3" in message
    assert message.endswith("each name may appear once (a plan is never merged)")


def test_a_plan_not_utf8_or_missing_is_named(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"\xff\xfe[events]\n")
    with pytest.raises(TrackingPlanError, match=r"plan\.toml: not valid UTF-8"):
        load(path)
    with pytest.raises(TrackingPlanError, match=r"gone\.toml: cannot read the tracking plan"):
        load(tmp_path / "gone.toml")


# --- the configuration key --------------------------------------------------------------------


def test_the_key_is_relative_to_the_config_file_and_reaches_rule_settings(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    write(tmp_path / "config", "plan.toml", PLAN_TOML)
    config_file = write(tmp_path / "config", ".brazelint.toml", 'tracking-plan = "plan.toml"\n')
    catalog = load_catalog()
    config = resolve([load_file(config_file, catalog)], catalog)
    plan = config.settings.tracking_plan
    assert plan is not None and plan.source == str(tmp_path / "config" / "plan.toml")
    assert plan.event_names == {"product_viewed", "Order Shipped"}


def test_the_key_in_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "plan.json", '{"events": {}}')
    config_file = write(
        tmp_path, "pyproject.toml", '[tool.brazelint]\ntracking-plan = "plan.json"\n'
    )
    catalog = load_catalog()
    config = resolve([load_file(config_file, catalog)], catalog)
    assert config.settings.tracking_plan is not None
    assert config.settings.tracking_plan.events == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "3",
            "key 'tracking-plan': expected the path of a tracking plan file (.toml or .json), "
            "got an integer",
        ),
        (
            '""',
            "key 'tracking-plan': expected the path of a tracking plan file (.toml or .json), "
            "got an empty string",
        ),
        ('"nowhere.toml"', "key 'tracking-plan': tracking plan file not found: "),
    ],
)
def test_bad_key_values(tmp_path: Path, value: str, message: str) -> None:
    config_file = write(tmp_path, ".brazelint.toml", f"tracking-plan = {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_file(config_file, load_catalog())
    assert str(raised.value).startswith(f"{config_file}: {message}")


def test_a_malformed_plan_is_exit_2_and_nothing_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "plan.toml", '[events.product_viewed.properties]\nprice = "float"\n')
    write(tmp_path, ".brazelint.toml", 'tracking-plan = "plan.toml"\n')
    write(
        tmp_path,
        "app.js",
        'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n',
    )
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["."])
    assert outcome.exit_code == 2
    [line] = outcome.stderr.splitlines()
    assert line == (
        f"brazelint: error: {tmp_path / 'plan.toml'}: events.product_viewed.properties.price: "
        "expected one of string, number, boolean, date, object, array, any, got 'float'"
    )
    assert outcome.stdout == ""


def test_show_settings_names_the_plan_and_where_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "plan.toml", PLAN_TOML)
    write(tmp_path, ".brazelint.toml", 'tracking-plan = "plan.toml"\n')
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["--show-settings", "--format", "json"])
    assert outcome.exit_code == 0, outcome.stderr
    data = json.loads(outcome.stdout)
    assert data["tracking-plan"] == {
        "value": str(tmp_path / "plan.toml"),
        "source": str(tmp_path / ".brazelint.toml"),
    }
    isolated = json.loads(
        CliRunner().invoke(main, ["--show-settings", "--format", "json", "--isolated"]).stdout
    )
    assert isolated["tracking-plan"] == {"value": None, "source": "default"}


# --- brazelint inventory --write-plan ---------------------------------------------------------

FIXTURE = Path(__file__).resolve().parent / "fixtures-inventory"


def _copy_fixture(folder: Path) -> Path:
    import shutil

    target = folder / "shop"
    shutil.copytree(FIXTURE, target)
    return target


def _write_plan(root: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(root)
    outcome = CliRunner().invoke(main, ["inventory", "--write-plan", name, "."])
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == ""  # the inventory itself is not listed
    assert outcome.stderr.startswith("brazelint: wrote a tracking plan of ")
    return root / name


def _scan_with_plan(root: Path, plan_path: Path, rules: set[str]) -> list:
    from brazelint.engine import ScanOptions, scan
    from brazelint.rule import RuleSettings

    settings = RuleSettings(tracking_plan=load(plan_path))
    options = ScanOptions(targets=(root,), enabled=frozenset(rules), root=root, settings=settings)
    return [f for f in scan(options).findings if f.rule_id in rules]


def test_write_plan_toml_is_todays_inventory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_fixture(tmp_path)
    path = _write_plan(root, "tracking-plan.toml", monkeypatch)
    text = path.read_text(encoding="utf-8")
    body = text.split("version = 1\n", 1)[1]
    assert body == (
        "\n[events]\n"
        '# not planned, a spelling BRZ405 reports as drift: "Product Viewed"\n'
        '# not planned, a spelling BRZ405 reports as drift: "productViewed"\n'
        '# not planned, a spelling BRZ405 reports as drift: "products_viewed"\n'
        '# not planned, name not known statically: "ORDER_SHIPPED" (server/sync.py:15)\n'
        '# not planned, name not known statically: "eventName" (web/src/app.ts:14)\n'
        "\n[events.checkout_started]\n"
        'properties.items = { type = "number", required = true }\n'
        "\n[events.product_viewed]\n"
        'properties.in_stock = "boolean"\n'
        'properties.price = { type = "number", required = true }\n'
        'properties.sku = { type = "string", required = true }\n'
        "\n[purchases]\n"
        'product-id-style = "kebab-case"\n'
        'properties.coupon = "string"\n'
        "\n[attributes]\n"
        'plan = "string"\n'
        "\n# external IDs come from several fields: email, id\n"
    )
    plan = load(path)  # loads back without error
    assert [event.name for event in plan.events or ()] == ["checkout_started", "product_viewed"]
    # Silent on the tree it was written from; the drift it left out is still BRZ405's.
    assert _scan_with_plan(root, path, {"BRZ407"}) == []
    drift = _scan_with_plan(root, path, {"BRZ405"})
    assert {f.message.split(" (")[0] for f in drift} == {
        'event "products_viewed"',
        'event "productViewed"',
        'event "Product Viewed"',
    }


def test_write_plan_json_round_trips_to_the_same_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_fixture(tmp_path)
    as_json = load(_write_plan(root, "plan.json", monkeypatch))
    as_toml = load(_write_plan(root, "plan.toml", monkeypatch))
    assert json.loads((root / "plan.json").read_text(encoding="utf-8"))["version"] == 1
    for field in ("events", "purchases", "attributes", "external_id_source"):
        assert getattr(as_json, field) == getattr(as_toml, field), field
    assert _scan_with_plan(root, root / "plan.json", {"BRZ407"}) == []


def test_write_plan_where_the_code_disagrees_and_names_are_awkward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = 'import * as braze from "@braze/web-sdk";\n'
    files = {
        "a.ts": web
        + 'braze.logCustomEvent("Order \\"Shipped\\"\\n", { "a.b": 1, price: 1 });\n'
        + 'braze.logCustomEvent("Order \\"Shipped\\"\\n", { price: "1" });\n'
        + "export function f(props: object) { braze.logCustomEvent('x_seen', props); }\n"
        + 'braze.getUser().setCustomUserAttribute("tier", "gold");\n'
        + 'braze.getUser().setCustomUserAttribute("tier", 3);\n'
        + "braze.changeUser(user.id);\n",
        "b.ts": web + 'braze.logCustomEvent("x_seen", { only: true });\n',
    }
    for name, text in files.items():
        write(tmp_path, name, text)
    for name in ("plan.toml", "plan.json"):
        plan = load(_write_plan(tmp_path, name, monkeypatch))
        shipped = plan.event('Order "Shipped"\n')
        assert shipped is not None
        # price: a number and a string -> any; a.b: sent by one of two complete calls.
        assert shipped.properties == (
            PlannedProperty("a.b", "number"),
            PlannedProperty("price", "any", required=True),
        )
        seen = plan.event("x_seen")
        # One call's properties are out of sight: `only` is required by the one in sight.
        assert seen is not None and seen.properties == (PlannedProperty("only", "boolean", True),)
        assert plan.attribute("tier") == PlannedAttribute("tier", "any")
        assert plan.external_id_source == "id"
        assert plan.purchases == PurchasePlan("any", ())
        assert _scan_with_plan(tmp_path, tmp_path / name, {"BRZ407"}) == []


def test_write_plan_to_an_unwritable_place_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path, "a.ts", 'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("x");\n'
    )
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["inventory", "--write-plan", "missing/dir/plan.toml", "."])
    assert outcome.exit_code == 2
    assert "cannot write missing/dir/plan.toml" in outcome.stderr


def test_write_plan_names_no_plan_can_hold_are_left_out_and_stay_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        "a.ts",
        'import * as braze from "@braze/web-sdk";\n'
        'braze.logCustomEvent("cart \U0001f6d2 x\x7fy", { "n\U0001f6d2": 1 });\n'
        'braze.logCustomEvent("\\ud800 lone");\n'
        'braze.logCustomEvent("  ");\n'
        'braze.changeUser(user["id"]);\n'
        'braze.getUser().setCustomUserAttribute("", 1);\n',
    )
    for name in ("plan.toml", "plan.json"):
        path = _write_plan(tmp_path, name, monkeypatch)
        plan = load(path)
        assert plan.events == (
            PlannedEvent(
                "cart \U0001f6d2 x\x7fy", (PlannedProperty("n\U0001f6d2", "number", True),)
            ),
        )
        assert plan.attributes == ()
        assert plan.external_id_source == "id"
        assert _scan_with_plan(tmp_path, path, {"BRZ407"}) == []
    text = (tmp_path / "plan.toml").read_text(encoding="utf-8")
    assert '# not planned, a name no plan can hold: "\\ud800 lone"' in text
    assert '[events."cart \U0001f6d2 x\\u007fy"]' in text


def test_the_result_cache_depends_on_having_a_plan_not_on_its_content(tmp_path: Path) -> None:
    from brazelint.analyzer import FilePlan
    from brazelint.cache import namespace
    from brazelint.rule import RuleSettings

    one = load(write(tmp_path, "one.toml", '[attributes]\ntier = "string"\n'))
    two = load(write(tmp_path, "two.json", '{"events": {"x": {}}}'))
    enabled = frozenset(load_catalog())

    def key(plan: TrackingPlan | None) -> str:
        settings = RuleSettings(tracking_plan=plan)
        return namespace(FilePlan(enabled=enabled, settings=settings), tmp_path)

    assert key(one) == key(two)
    assert key(None) != key(one)


def test_the_language_server_names_a_broken_plan_and_keeps_the_rest(tmp_path: Path) -> None:
    from brazelint.server.workspace import ClientSettings, configure

    (tmp_path / ".git").mkdir()
    write(tmp_path, "plan.toml", '[attributes]\ntier = "text"\n')
    write(tmp_path, ".brazelint.toml", 'tracking-plan = "plan.toml"\nignore = ["BRZ701"]\n')
    config, _, problems = configure(
        tmp_path, ClientSettings({"ignore": ["BRZ401"]}), load_catalog()
    )
    (problem,) = problems
    assert problem.startswith(f"{tmp_path / 'plan.toml'}: attributes.tier: expected one of")
    assert config.settings.tracking_plan is None
    assert "BRZ401" not in config.enabled and "BRZ101" in config.enabled
    # An editor setting names a plan relative to the workspace folder.
    write(tmp_path, "good.json", '{"events": {}}')
    config, _, problems = configure(
        tmp_path, ClientSettings({"tracking-plan": "good.json"}, "editorOnly"), load_catalog()
    )
    assert problems == []
    assert config.settings.tracking_plan is not None
    assert config.settings.tracking_plan.source == str(tmp_path / "good.json")
