"""BRZ405 event-name-drift across files and platforms (the inventory fixture project and
small trees of its own)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brazelint.engine import ScanOptions, scan
from brazelint.rule import RuleSettings
from brazelint.rules._drift import near_planned
from brazelint.rules.brz405_event_name_drift import event_words, singular
from brazelint.tracking_plan import load as load_plan

FIXTURE = Path(__file__).resolve().parent / "fixtures-inventory"


def drift(root: Path, *targets: Path) -> list:
    result = scan(ScanOptions(targets=targets or (root,), enabled=frozenset({"BRZ405"}), root=root))
    return [f for f in result.findings if f.rule_id == "BRZ405"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drift") / "shop"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_odd_spellings_across_platforms_are_reported_with_the_main_one_related(
    project: Path,
) -> None:
    found = drift(project)
    assert [(f.path, f.span.line) for f in found] == [
        ("ios/App/Tracking.swift", 14),  # products_viewed (a same-file constant)
        ("rn/src/Checkout.tsx", 7),  # productViewed
        ("web/src/app.ts", 13),  # Product Viewed, through the `track` wrapper
    ]
    ios = found[0]
    assert ios.message.startswith(
        'event "products_viewed" (ios) is spelled "product_viewed" in 2 other places (android, web)'
    )
    # The main spelling's places: the shared constant's use on web and Android's literal.
    assert [(r.path, r.span.line) for r in ios.related] == [
        ("android/app/src/main/java/com/example/shop/Tracking.kt", 10),
        ("web/src/app.ts", 12),
    ]
    web = found[2]
    assert web.message.startswith('event "Product Viewed" (web)')
    # Through a wrapper: the wrapper's own Braze call is a related location too.
    assert any(r.path == "web/src/analytics.ts" for r in web.related)


def test_named_files_see_the_whole_project_and_report_only_on_themselves(project: Path) -> None:
    found = drift(project, project / "rn" / "src" / "Checkout.tsx")
    assert [(f.path, f.span.line) for f in found] == [("rn/src/Checkout.tsx", 7)]
    assert found[0].related  # the main spelling, in files that were not named


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


WEB = 'import * as braze from "@braze/web-sdk";\n'


def test_edit_distance_alone_never_groups_names(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + 'braze.logCustomEvent("cart_viewed");\n',
            "b.ts": WEB + 'braze.logCustomEvent("card_viewed");\n',
            "c.ts": WEB + 'braze.logCustomEvent("product_view");\n',
            "d.ts": WEB + 'braze.logCustomEvent("product_viewed");\n',
            "e.ts": WEB + 'braze.logCustomEvent("new_item");\nbraze.logCustomEvent("news_item");\n',
        },
    )
    assert drift(root) == []


def test_unknown_names_never_count_and_one_spelling_is_clean(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + "braze.logCustomEvent(productViewed);\n",
            "b.ts": WEB + 'braze.logCustomEvent("product_viewed");\n',
            "c.swift": 'import BrazeKit\nbraze.logCustomEvent(name: "product_viewed")\n',
        },
    )
    assert drift(root) == []


def test_main_spelling_is_the_one_most_files_use(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + 'braze.logCustomEvent("SignedUp");\nbraze.logCustomEvent("SignedUp");\n',
            "b.kt": (
                "import com.braze.Braze\n"
                'fun f() { Braze.getInstance(c).logCustomEvent("signed_up") }\n'
            ),
            "c.swift": 'import BrazeKit\nfunc f() { braze.logCustomEvent(name: "signed_up") }\n',
        },
    )
    found = drift(root)
    assert [(f.path, f.span.line) for f in found] == [("a.ts", 2), ("a.ts", 3)]
    assert '"SignedUp" (web) is spelled "signed_up" in 2 other places (android, ios)' in (
        found[0].message
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("product_viewed", ("product", "viewed")),
        ("productViewed", ("product", "viewed")),
        ("Product Viewed", ("product", "viewed")),
        ("products_viewed", ("product", "viewed")),
        ("Product-Viewed", ("product", "viewed")),
        ("categories.browsed", ("category", "browsed")),
        ("status_changed", ("status", "changed")),
        ("address_added", ("address", "added")),
        ("boxes_packed", ("box", "packed")),
    ],
)
def test_event_words(name: str, expected: tuple[str, ...]) -> None:
    assert event_words(name) == expected


def test_other_characters_must_match() -> None:
    assert event_words("$opened_store") != event_words("opened_store")
    assert event_words("screen:home") == event_words("Screen:Home")
    assert event_words("screen:home") != event_words("screen_home")


def test_singular_keeps_short_and_non_plural_words() -> None:
    assert [singular(w) for w in ("is", "us", "bus", "class", "items")] == [
        "is",
        "us",
        "bus",
        "class",
        "item",
    ]


# --- with a tracking plan -------------------------------------------------------------------


def planned_drift(root: Path, plan_text: str, *targets: Path) -> list:
    plan_file = root.parent / f"{root.name}-plan.toml"
    plan_file.write_text(plan_text, encoding="utf-8")
    settings = RuleSettings(tracking_plan=load_plan(plan_file))
    options = ScanOptions(
        targets=targets or (root,), enabled=frozenset({"BRZ405"}), root=root, settings=settings
    )
    return [f for f in scan(options).findings if f.rule_id == "BRZ405"]


KOTLIN = "import com.braze.Braze\n"
SWIFT = "import BrazeKit\n"


def test_planned_near_misses_are_never_reported_against_each_other(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "a.ts": WEB + 'braze.logCustomEvent("cart_viewed");\n',
            "b.kt": KOTLIN + 'fun f() { Braze.getInstance(c).logCustomEvent("card_viewed") }\n',
            # Same words, both planned: two events the team means.
            "c.swift": SWIFT
            + 'func f() { braze.logCustomEvent(name: "productViewed") }\n'
            + 'func g() { braze.logCustomEvent(name: "product_viewed") }\n',
        },
    )
    plan = (
        "[events.cart_viewed]\n[events.card_viewed]\n"
        "[events.productViewed]\n[events.product_viewed]\n"
    )
    assert planned_drift(root, plan) == []


def test_an_unplanned_near_miss_is_reported_with_the_nearest_planned_name(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path / "app",
        {
            "android/T.kt": KOTLIN
            + 'fun f() { Braze.getInstance(c).logCustomEvent("product_viewed") }\n',
            "ios/T.swift": SWIFT + 'func f() { braze.logCustomEvent(name: "product_veiwed") }\n',
            "web/a.ts": WEB + 'braze.logCustomEvent("cart_veiwed");\n',
            # Far from every planned name: BRZ407's (unplanned), not drift.
            "web/b.ts": WEB + 'braze.logCustomEvent("wishlist_opened");\n',
            # Short names are never near misses (`buy` and `bug`).
            "web/c.ts": WEB + 'braze.logCustomEvent("bug");\n',
        },
    )
    plan = "[events.product_viewed]\n[events.cart_viewed]\n[events.card_viewed]\n[events.buy]\n"
    found = planned_drift(root, plan)
    assert [(f.path, f.span.line) for f in found] == [("ios/T.swift", 2), ("web/a.ts", 2)]
    ios, cart = found
    assert cart.message.startswith(
        'event "cart_veiwed" (web) is not in the tracking plan (app-plan.toml), which has '
        '"cart_viewed"; Braze counts'
    )
    assert ios.message.startswith(
        'event "product_veiwed" (ios) is not in the tracking plan (app-plan.toml), which has '
        '"product_viewed", sent as planned in 1 place (android)'
    )
    assert [(r.path, r.span.line) for r in ios.related] == [("android/T.kt", 2)]


def test_with_a_plan_the_planned_spelling_wins_over_the_majority(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "a.ts": WEB + 'braze.logCustomEvent("productViewed");\n',
            "b.ts": WEB + 'braze.logCustomEvent("productViewed");\n',
            "c.py": "import requests\n\n"
            'body = {"events": [{"external_id": "u", "name": "product_viewed", '
            '"time": "2026-05-17T10:00:00Z"}]}\n'
            'requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=9)\n',
        },
    )
    # Without the plan the majority spelling is the main one...
    assert [(f.path, f.span.line) for f in drift(root)] == [("c.py", 3)]
    # ...with it, the planned one is, and it is never reported.
    found = planned_drift(root, "[events.product_viewed]\n")
    assert [(f.path, f.span.line) for f in found] == [("a.ts", 2), ("b.ts", 2)]
    assert '"productViewed" (web) is not in the tracking plan' in found[0].message
    assert [r.path for r in found[0].related] == ["c.py"]


def test_an_empty_plan_of_events_leaves_plain_drift(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {"a.ts": WEB + 'braze.logCustomEvent("signed_up");\nbraze.logCustomEvent("SignedUp");\n'},
    )
    assert len(planned_drift(root, "[attributes]\n")) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("product_veiwed", "product_viewed"),  # transposition
        ("Product Viewed", "product_viewed"),  # case and separator: distance 0
        ("products_viewd", "product_viewed"),
        ("cart_veiwed", "cart_viewed"),  # one edit from cart, two from card
        ("product_view", "product_viewed"),  # two edits in a long name
        ("product_saved", None),  # three edits
        ("order_placed", None),
        ("bug", None),  # too short for any edit
        ("card_viewed", None),  # planned names are never near misses
    ],
)
def test_near_planned(name: str, expected: str | None) -> None:
    planned = frozenset({"product_viewed", "cart_viewed", "card_viewed", "buy"})
    assert near_planned(name, planned) == expected
